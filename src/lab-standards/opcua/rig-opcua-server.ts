// The rig as an OPC UA server modelled after LADS (OPC 40130 / OPC 30500-1, the Laboratory and
// Analytical Device Standard), on node-opcua with the LADS, DI, AMB, IA and Machinery nodesets
// that node-opcua-nodesets ships. Under Objects/DeviceSet one LADSDeviceType object (the rig)
// holds a FunctionalUnitSet:
//   - FlowSynthesis: the run program. Its FunctionalUnitState is LADS's FunctionalUnitStateMachine
//     (Stopped, Running, Stopping, Aborting, Aborted, Clearing) with Start, Stop, Abort and Clear:
//     Start(Properties) runs one experiment (solvent blank first, then the run condition, whose
//     inputs the properties may set by name) with the campaign run settings; Stop and Abort end it with the rig in the safe state. Its FunctionSet gives the
//     last result's PL intensity and Abs300.
//   - Reactor: Temperature (AnalogControlFunction: CurrentValue = process value, TargetValue =
//     set point, degC) and HeaterMode (MultiStateDiscreteSensorFunction: auto, manual, off).
//   - one unit per pump (by its reagent line): FlowRate (uL/min), DispensedVolume (uL), PumpState.
//   - one unit per light: LightOn; one per spectrometer: IntegrationTime (ms), Spectrum (the
//     counts of the last sample spectrum taken by a run of this server).
// Values are read from the rig's device interfaces every pollMs. Nothing is writable: the rig
// is steered by the program's methods only. Bound to 127.0.0.1 by default; on any other
// address a user and password and a signed (or signed and encrypted) channel are required.
import { timingSafeEqual, createHash } from 'node:crypto';
import { hostname } from 'node:os';
import {
  DataType, MessageSecurityMode, nodesets, OPCUACertificateManager, OPCUAServer, promoteToStateMachine, SecurityPolicy, StatusCodes, VariantArrayType,
  type ISessionContext, type UAMethod, type UAObject, type Variant, type UAObjectType, type UAStateMachineEx, type UAVariable, type Namespace, type AddressSpace,
} from 'node-opcua';
import { ExperimentAbortedError, runExperiment } from '../../automation/run-experiment.js';
import { enterSafeState } from '../../automation/safe-state.js';
import { measureSolventBlank } from '../../automation/solvent-blank.js';
import { makeRecipe, type Recipe } from '../../chemistry/recipe.js';
import { conditionFromArray, rigParameterSpace, type RigCondition } from '../../domain/rig-space.js';
import { toPhysical } from '../../domain/space.js';
import type { Spectrum } from '../../domain/spectrum.js';
import type { PumpState, Rig } from '../../instruments/interfaces.js';
import { layoutOf, type RigLayout } from '../../instruments/rig-layout.js';
import { CAMPAIGN_RUN_OPTIONS } from '../../campaigns/run-settings.js';
import { isLoopbackHost } from '../../server/auth.js';
import { checkOpcUaSettings, DEFAULT_OPCUA_PORT, DI_NAMESPACE, LADS_NAMESPACE, RIG_NAMESPACE, type OpcUaSecurity } from './opcua-settings.js';

export { LADS_NAMESPACE, DI_NAMESPACE, RIG_NAMESPACE, DEFAULT_OPCUA_PORT, MIN_OPCUA_PASSWORD_LENGTH, OpcUaSettingsError, checkOpcUaSettings, type OpcUaSecurity } from './opcua-settings.js';

const PUMP_STATES: readonly PumpState[] = ['stopped', 'running', 'paused', 'delayed', 'stalled'];
const HEATER_MODES = ['auto', 'manual', 'off'] as const;

/**
 * A rig someone else drives (a fleet worker): the server describes it and mirrors its activity,
 * and its run program's methods answer BadNotExecutable.
 */
export interface DrivenRig {
  kind: string;
  /** What the rig has; the functional units are built from it. */
  layout: RigLayout;
  /** The rig to read now; undefined while none is open (its values then keep their last reading). */
  current(): Rig | undefined;
  /** Whether it runs an experiment now. */
  running(): boolean;
}

export interface RigOpcUaOptions {
  /** The rig this server drives (Start/Stop/Abort), or one a fleet worker drives. */
  rig: Rig | DrivenRig;
  /** Listen address; 127.0.0.1 by default. */
  host?: string;
  port?: number;
  /** Required on any address other than loopback. */
  user?: { name: string; password: string };
  /** Default: none on loopback, sign-and-encrypt elsewhere (none is refused there). */
  security?: OpcUaSecurity;
  /** Where the server keeps its certificate and the trusted/rejected client certificates. */
  pkiDir: string;
  pollMs?: number;
  /** The condition Start runs (default: the middle of the planner's box). */
  runCondition?: RigCondition;
  onLine?: (line: string) => void;
}

export interface RigOpcUaServer {
  readonly endpointUrl: string;
  /** The run program's state: Stopped, Running, Stopping, Aborting, Aborted or Clearing. */
  runState(): string;
  /** Resolves once the program is idle again (no experiment running). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

export async function startRigOpcUaServer(options: RigOpcUaOptions): Promise<RigOpcUaServer> {
  const host = options.host ?? '127.0.0.1';
  const security = checkOpcUaSettings(host, options.user, options.security);
  const say = options.onLine ?? (() => {});
  const sets = nodesets as unknown as Record<string, string>;
  const certificateManager = new OPCUACertificateManager({ rootFolder: options.pkiDir, automaticallyAcceptUnknownCertificate: security === 'none' });
  await certificateManager.initialize();
  const user = options.user;
  const server = new OPCUAServer({
    host,
    port: options.port ?? DEFAULT_OPCUA_PORT,
    hostname: isLoopbackHost(host) ? 'localhost' : undefined,
    nodeset_filename: [sets.standard, sets.di, sets.amb, sets.ia, sets.machinery, sets.lads],
    serverInfo: { applicationUri: `urn:${hostname()}:sdfl:rig`, productUri: 'urn:sdfl', applicationName: { text: 'sdfl rig (LADS)' } },
    buildInfo: { productName: 'sdfl', manufacturerName: 'sdfl', softwareVersion: '0.1.0' },
    serverCertificateManager: certificateManager,
    securityModes: security === 'none' ? [MessageSecurityMode.None] : [security === 'sign' ? MessageSecurityMode.Sign : MessageSecurityMode.SignAndEncrypt],
    securityPolicies: security === 'none' ? [SecurityPolicy.None] : [SecurityPolicy.Basic256Sha256, SecurityPolicy.Aes128_Sha256_RsaOaep, SecurityPolicy.Aes256_Sha256_RsaPss],
    allowAnonymous: user === undefined,
    userManager: user === undefined ? undefined : {
      isValidUser: (name: string, password: string) => {
        const nameOk = timingSafeEqual(digest(name), digest(user.name));
        const passwordOk = timingSafeEqual(digest(password), digest(user.password));
        return nameOk && passwordOk;
      },
    },
  });
  await server.initialize();
  const addressSpace = server.engine.addressSpace as AddressSpace;
  const driven = isDriven(options.rig) ? options.rig : undefined;
  const own = driven ? undefined : options.rig as Rig;
  const model = buildModel(addressSpace, driven?.kind ?? (own as Rig).kind, driven?.layout ?? layoutOf(own as Rig));
  const program: Program = own
    ? new RunProgram(own, model, options.runCondition ?? conditionFromArray(toPhysical(rigParameterSpace(), new Array(7).fill(0.5))), say)
    : new MirroredProgram(model, driven as DrivenRig);
  const poll = async () => {
    try {
      program.mirror?.();
      const rig = own ?? driven?.current();
      if (rig) await model.refresh(rig);
    } catch (error) {
      say(`opcua: reading the rig failed: ${(error as Error).message}\n`);
    }
  };
  await poll();
  const timer = setInterval(() => void poll(), options.pollMs ?? 500);
  timer.unref();
  await server.start();
  const endpointUrl = server.getEndpointUrl();
  say(`OPC UA server at ${endpointUrl} (LADS device '${model.device.browseName.name}', security ${security}${user ? `, user ${user.name}` : ', anonymous'})\n`);
  return {
    endpointUrl,
    runState: () => program.state(),
    idle: () => program.idle(),
    async stop() {
      clearInterval(timer);
      await program.abortAndWait();
      await server.shutdown(0);
      await certificateManager.dispose();
    },
  };
}

interface Model {
  device: UAObject;
  runState: UAStateMachineEx;
  methods: { start: UAMethod; stop: UAMethod; abort: UAMethod; clear: UAMethod };
  lastPlIntensity: UAVariable;
  lastAbs300: UAVariable;
  spectra: Map<string, UAVariable>;
  refresh(rig: Rig): Promise<void>;
}

function isDriven(rig: Rig | DrivenRig): rig is DrivenRig {
  return 'running' in rig && typeof rig.running === 'function';
}

function buildModel(addressSpace: AddressSpace, kind: string, layout: RigLayout): Model {
  const lads = addressSpace.getNamespaceIndex(LADS_NAMESPACE);
  const di = addressSpace.getNamespaceIndex(DI_NAMESPACE);
  const own: Namespace = addressSpace.registerNamespace(RIG_NAMESPACE);
  const type = (name: string): UAObjectType => {
    const found = addressSpace.findObjectType(name, lads);
    if (!found) throw new Error(`the LADS nodeset has no ${name}`);
    return found;
  };
  const deviceSet = addressSpace.rootFolder.objects.getFolderElementByName('DeviceSet', di);
  if (!deviceSet) throw new Error('the DI nodeset has no DeviceSet');
  const device = type('LADSDeviceType').instantiate({ browseName: { name: 'sdflRig', namespaceIndex: own.index }, displayName: `sdfl droplet microreactor (${kind})`, organizedBy: deviceSet });
  setText(device, 'Manufacturer', di, 'sdfl');
  setText(device, 'Model', di, kind === 'virtual' ? 'droplet microreactor, virtual' : 'droplet microreactor');
  const unitSet = device.getComponentByName('FunctionalUnitSet', lads) as UAObject;

  const unit = (name: string, displayName: string, withProgram = false): { unit: UAObject; functions: UAObject } => {
    const created = type('FunctionalUnitType').instantiate({
      browseName: { name, namespaceIndex: own.index }, displayName, componentOf: unitSet,
      optionals: ['FunctionSet', ...(withProgram ? ['FunctionalUnitState.Start', 'FunctionalUnitState.Stop', 'FunctionalUnitState.Abort', 'FunctionalUnitState.Clear'] : [])],
    });
    return { unit: created, functions: created.getComponentByName('FunctionSet', lads) as UAObject };
  };
  const fn = (functions: UAObject, typeName: string, name: string, description: string): UAObject =>
    type(typeName).instantiate({ browseName: { name, namespaceIndex: own.index }, description, componentOf: functions });
  const variableOf = (object: UAObject, name: string): UAVariable => {
    const variable = object.getComponentByName(name, lads) as UAVariable | null;
    if (!variable) throw new Error(`LADS function ${object.browseName.name} has no ${name}`);
    return variable;
  };
  const multiState = (object: UAObject, states: readonly string[]): UAVariable => {
    const variable = variableOf(object, 'SensorValue');
    variable.getPropertyByName('EnumStrings')?.setValueFromSource({ dataType: DataType.LocalizedText, arrayType: VariantArrayType.Array, value: states.map((text) => ({ text })) });
    return variable;
  };

  // The run program.
  const synthesis = unit('FlowSynthesis', 'flow synthesis run', true);
  const stateNode = synthesis.unit.getComponentByName('FunctionalUnitState', lads) as UAObject;
  const runState = promoteToStateMachine(stateNode);
  runState.setState('Stopped');
  const method = (name: string) => {
    const found = stateNode.getMethodByName(name, lads) ?? stateNode.getMethodByName(name);
    if (!found) throw new Error(`the run program has no ${name} method`);
    return found;
  };
  const lastPlIntensity = variableOf(fn(synthesis.functions, 'AnalogScalarSensorFunctionType', 'LastPlIntensity', 'PL intensity of the last run (counts/s)'), 'SensorValue');
  const lastAbs300 = variableOf(fn(synthesis.functions, 'AnalogScalarSensorFunctionType', 'LastAbs300', 'absorbance at 300 nm of the last run'), 'SensorValue');

  const readers: ((rig: Rig) => Promise<void>)[] = [];
  const setDouble = (variable: UAVariable, value: number) => variable.setValueFromSource({ dataType: DataType.Double, value });
  const setIndex = (variable: UAVariable, index: number) => variable.setValueFromSource({ dataType: DataType.UInt32, value: Math.max(0, index) });

  const heater = layout.find((d) => d.capability === 'heater');
  if (heater) {
    const reactor = unit('Reactor', heater.label);
    const temperature = fn(reactor.functions, 'AnalogControlFunctionType', 'Temperature', 'reactor temperature (degC): CurrentValue is the process value, TargetValue the set point');
    const pv = variableOf(temperature, 'CurrentValue');
    const sp = variableOf(temperature, 'TargetValue');
    const mode = multiState(fn(reactor.functions, 'MultiStateDiscreteSensorFunctionType', 'HeaterMode', 'controller mode: auto, manual, off'), HEATER_MODES);
    readers.push(async (rig) => {
      const device = rig.find('heater', heater.role);
      if (!device) return;
      setDouble(pv, await device.readProcessValueC());
      setDouble(sp, await device.readSetpointC());
      setIndex(mode, HEATER_MODES.indexOf(await device.readMode()));
    });
  }
  for (const pump of layout) {
    if (pump.capability !== 'pump') continue;
    const { functions } = unit(`Pump_${pump.role}`, pump.label);
    const rate = variableOf(fn(functions, 'AnalogScalarSensorFunctionType', 'FlowRate', 'programmed flow rate (uL/min)'), 'SensorValue');
    const volume = variableOf(fn(functions, 'AnalogScalarSensorFunctionType', 'DispensedVolume', 'volume dispensed since the last start (uL)'), 'SensorValue');
    const state = multiState(fn(functions, 'MultiStateDiscreteSensorFunctionType', 'PumpState', 'stopped, running, paused, delayed, stalled'), PUMP_STATES);
    readers.push(async (rig) => {
      const device = rig.find('pump', pump.role);
      if (!device) return;
      const status = await device.status();
      setDouble(rate, status.rateUlPerMin);
      setDouble(volume, status.dispensedUl);
      setIndex(state, PUMP_STATES.indexOf(status.state));
    });
  }
  for (const light of layout) {
    if (light.capability !== 'light') continue;
    const { functions } = unit(`Light_${light.role}`, light.label);
    const on = multiState(fn(functions, 'MultiStateDiscreteSensorFunctionType', 'LightOn', 'off, on'), ['off', 'on']);
    readers.push(async (rig) => {
      const device = rig.find('light', light.role);
      if (device) setIndex(on, (await device.isOn()) ? 1 : 0);
    });
  }
  const spectra = new Map<string, UAVariable>();
  for (const spectrometer of layout) {
    if (spectrometer.capability !== 'spectrometer') continue;
    const { functions } = unit(`Spectrometer_${spectrometer.role}`, spectrometer.label);
    const integration = variableOf(fn(functions, 'AnalogScalarSensorFunctionType', 'IntegrationTime', 'integration time (ms)'), 'SensorValue');
    const spectrum = variableOf(fn(functions, 'AnalogArraySensorFunctionType', 'Spectrum', 'counts of the last sample spectrum a run of this server took'), 'SensorValue');
    spectrum.setValueFromSource({ dataType: DataType.Double, arrayType: VariantArrayType.Array, value: new Float64Array(0) });
    spectra.set(spectrometer.role, spectrum);
    readers.push(async (rig) => {
      const device = rig.find('spectrometer', spectrometer.role);
      if (device) setDouble(integration, await device.getIntegrationTimeMs());
    });
  }
  return {
    device, runState, lastPlIntensity, lastAbs300, spectra,
    methods: { start: method('Start'), stop: method('Stop'), abort: method('Abort'), clear: method('Clear') },
    async refresh(current: Rig) {
      for (const read of readers) await read(current);
    },
  };
}

function setText(object: UAObject, property: string, namespaceIndex: number, text: string): void {
  object.getPropertyByName(property, namespaceIndex)?.setValueFromSource({ dataType: DataType.LocalizedText, value: { text } });
}

/** The FunctionalUnitState program: one experiment per Start. */
interface Program {
  state(): string;
  idle(): Promise<void>;
  abortAndWait(): Promise<void>;
  /** A mirrored program follows its rig's driver at every poll. */
  mirror?(): void;
}

/** A rig a fleet worker drives: Running while it runs a job, Stopped otherwise; nothing to call. */
class MirroredProgram implements Program {
  constructor(private readonly model: Model, private readonly rig: DrivenRig) {
    const refuse = async (_inputs: Variant[], _context: ISessionContext) => ({ statusCode: StatusCodes.BadNotExecutable });
    for (const method of Object.values(model.methods)) method.bindMethod(refuse);
  }

  state(): string {
    return (this.model.runState.getCurrentState() ?? 'Stopped').replace(/^\d+:/, '');
  }

  mirror(): void {
    const wanted = this.rig.running() ? 'Running' : 'Stopped';
    if (this.state() !== wanted) this.model.runState.setState(wanted);
  }

  async idle(): Promise<void> {}

  async abortAndWait(): Promise<void> {}
}

class RunProgram implements Program {
  private running: Promise<void> | undefined;
  private controller: AbortController | undefined;
  private reference: Spectrum | null | undefined;

  constructor(private readonly rig: Rig, private readonly model: Model, private readonly condition: RigCondition, private readonly say: (line: string) => void) {
    const { start, stop, abort, clear } = model.methods;
    // node-opcua tells a promise-returning method by its two parameters (input arguments, context).
    start.bindMethod(async (inputs: Variant[], _context: ISessionContext) => ({ statusCode: this.start(inputs[0]?.value) }));
    stop.bindMethod(async (_inputs: Variant[], _context: ISessionContext) => ({ statusCode: this.halt('Stopping') }));
    abort.bindMethod(async (_inputs: Variant[], _context: ISessionContext) => ({ statusCode: this.halt('Aborting') }));
    clear.bindMethod(async (_inputs: Variant[], _context: ISessionContext) => ({ statusCode: this.clear() }));
  }

  state(): string {
    // node-opcua names the state by its browse name, with the namespace (6:Stopped).
    return (this.model.runState.getCurrentState() ?? 'Stopped').replace(/^\d+:/, '');
  }

  async idle(): Promise<void> {
    await this.running;
  }

  async abortAndWait(): Promise<void> {
    this.controller?.abort();
    await this.running;
  }

  private set(state: string): void {
    this.model.runState.setState(state);
  }

  /**
   * Start(Properties): the properties (LADS KeyValuePair[]) may set any of the rig's inputs by
   * name (temperatureC, cuiFlowUlPerMin, ...); the others keep the run condition's values.
   */
  private start(properties: unknown) {
    if (this.state() !== 'Stopped') return StatusCodes.BadInvalidState;
    const condition: RigCondition = { ...this.condition };
    for (const pair of Array.isArray(properties) ? properties as { key?: { name?: string }; value?: { value?: unknown } }[] : []) {
      const name = pair.key?.name;
      const value = pair.value?.value;
      if (name === undefined || !(name in condition) || typeof value !== 'number' || !Number.isFinite(value)) return StatusCodes.BadInvalidArgument;
      condition[name as keyof RigCondition] = value;
    }
    let recipe: Recipe;
    try {
      recipe = makeRecipe(condition);
    } catch {
      return StatusCodes.BadOutOfRange;
    }
    const controller = new AbortController();
    this.controller = controller;
    this.set('Running');
    this.say(`opcua: Start: running one experiment at ${recipe.temperatureC} degC\n`);
    this.running = this.run(recipe, controller.signal).finally(() => {
      this.running = undefined;
      this.controller = undefined;
    });
    return StatusCodes.Good;
  }

  private async run(recipe: Recipe, signal: AbortSignal): Promise<void> {
    try {
      if (this.reference === undefined) this.reference = await measureSolventBlank(this.rig);
      const result = await runExperiment(this.rig, recipe, { reference: this.reference, signal, options: CAMPAIGN_RUN_OPTIONS });
      this.model.lastPlIntensity.setValueFromSource({ dataType: DataType.Double, value: result.features.plIntensity ?? Number.NaN });
      this.model.lastAbs300.setValueFromSource({ dataType: DataType.Double, value: result.features.abs300 ?? Number.NaN });
      for (const [role, variable] of this.model.spectra) {
        const sample = role === 'pl' ? result.spectra.pl?.sample : result.spectra.absorbance?.sample;
        if (sample) variable.setValueFromSource({ dataType: DataType.Double, arrayType: VariantArrayType.Array, value: Float64Array.from(sample.counts) });
      }
      // Pumps stop after the measurement; the heater keeps its set point until Stop or Abort.
      this.set('Stopped');
      this.say('opcua: run finished\n');
    } catch (error) {
      await enterSafeState(this.rig);
      const aborting = this.state() === 'Aborting';
      if (error instanceof ExperimentAbortedError || signal.aborted) {
        this.set(aborting ? 'Aborted' : 'Stopped');
        this.say(`opcua: run ${aborting ? 'aborted' : 'stopped'}; the rig is in the safe state\n`);
      } else {
        this.set('Aborted');
        this.say(`opcua: run failed: ${(error as Error).message}; the rig is in the safe state (Clear to run again)\n`);
      }
    }
  }

  /** Stop (to Stopped) or Abort (to Aborted): the experiment ends at its next step with the rig safe. */
  private halt(via: 'Stopping' | 'Aborting') {
    const state = this.state();
    if (state === 'Running' || (via === 'Aborting' && state === 'Stopping')) {
      this.set(via);
      this.controller?.abort();
      return StatusCodes.Good;
    }
    if (state === 'Stopped' && via === 'Stopping') {
      // Nothing runs: Stop still leaves the rig safe (heater off).
      void enterSafeState(this.rig);
      return StatusCodes.Good;
    }
    return StatusCodes.BadInvalidState;
  }

  private clear() {
    if (this.state() !== 'Aborted') return StatusCodes.BadInvalidState;
    this.set('Clearing');
    this.set('Stopped');
    return StatusCodes.Good;
  }
}
