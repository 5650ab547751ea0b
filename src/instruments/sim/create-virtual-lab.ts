// The virtual fluidic lab: the Rig the run engine drives when no hardware is attached, plus
// what only a simulation can offer: fault switches, a full state for the dashboard, syringe
// refills and the ground truth behind the spectra. Its devices come from a layout (the paper's
// rig by default); a device left out is simply not offered, its physics stays idle.
import { closeSync, openSync, writeSync } from 'node:fs';
import { z } from 'zod';
import { DEFAULT_RIG_GEOMETRY, perPump, PUMP_IDS, type PumpId, type RigGeometry } from '../../chemistry/rig-geometry.js';
import type { RigCondition } from '../../domain/rig-space.js';
import type { OpticalResponse } from '../../virtual-lab/chemistry-model.js';
import { expectedFeatures, type ExpectedFeatures, type ExpectedFeaturesOptions } from '../../virtual-lab/expected-features.js';
import type { NoiseOptions } from '../../virtual-lab/noise.js';
import type { PumpSnapshot } from '../../virtual-lab/rig-simulation.js';
import { RigSimulation, type RigSnapshot, type SpectrometerChannel } from '../../virtual-lab/rig-simulation.js';
import { RealtimeClock } from '../clock.js';
import { deviceDirectory } from '../device-directory.js';
import type { Clock, Rig, RigDevice, RigSafetyLimits } from '../interfaces.js';
import { layoutOf, type RigLayout } from '../rig-layout.js';
import { defaultLabel, isRecipeLine } from '../roles.js';
import { SimAuxiliaryPump } from './sim-auxiliary-pump.js';
import { SimContext, type SimDeviceName } from './sim-context.js';
import { SimHeater } from './sim-heater.js';
import { SimLight } from './sim-light.js';
import { SimPump } from './sim-pump.js';
import { SimSpectrometer } from './sim-spectrometer.js';
import { SimulatedClock } from './simulated-clock.js';
import { virtualDevicesSchema, type VirtualDevices, type VirtualDevicesInput, type VirtualFaults } from './virtual-layout.js';

export const virtualLabOptionsSchema = z.object({
  seed: z.number().int(),
  clock: z.enum(['simulated', 'realtime']).default('simulated'),
  /** Real-time mode: 10 runs the rig ten times faster than the wall clock. */
  speedFactor: z.number().positive().max(10_000).default(1),
  devices: virtualDevicesSchema.default(virtualDevicesSchema.parse({})),
});

export interface VirtualLabOptions extends Omit<z.input<typeof virtualLabOptionsSchema>, 'devices'> {
  /** Which devices the lab has; each list defaults to the paper's rig. */
  devices?: VirtualDevicesInput;
  geometry?: RigGeometry;
  noise?: Partial<NoiseOptions>;
  /** Faults switched on from the start (a lab file's `faults`). */
  faults?: VirtualFaults;
  /** The rig's limits (a lab file's `safety`). */
  safety?: RigSafetyLimits;
  /** A file every device command is appended to, one line each: rig time, device, command. */
  commandLog?: string;
}

export interface VirtualLabFaults {
  /** The pump stalls now and on every start until cleared. */
  stallPump(id: PumpId): void;
  clearPumpStall(id: PumpId): void;
  /** Calls to the device reject with InstrumentError ('all' for every device). */
  loseLink(device: SimDeviceName | 'all'): void;
  restoreLink(device: SimDeviceName | 'all'): void;
  /** On its next approach the heater output sticks at 100 % until the plate is `extraC` above setpoint. */
  overshootHeater(extraC: number): void;
  /** Stray light floods the detector: every pixel at the ceiling. */
  saturateDetector(channel: SpectrometerChannel): void;
  clearDetector(channel: SpectrometerChannel): void;
  /** Nothing passes the line; pressure rises until the pumps stall. */
  clogLine(): void;
  clearClog(): void;
  clearAll(): void;
}

export interface VirtualLabState extends Omit<RigSnapshot, 'pumps'> {
  /** The pumps the lab has, by role (reagent lines and auxiliary pumps). */
  pumps: Record<string, PumpSnapshot>;
  devices: RigLayout;
  lostLinks: SimDeviceName[];
}

export interface VirtualLabTruth {
  /** Noise-free response of what is in the flowcells now. */
  flowcellResponse(): OpticalResponse;
  /** Plate temperature without sensor noise. */
  reactorTemperatureC(): number;
  /** Delivered/programmed flow of each pump since its last start. */
  pumpGains(): Record<PumpId, number>;
  expectedFeatures(condition: RigCondition, options?: ExpectedFeaturesOptions): ExpectedFeatures;
}

export interface VirtualLabSyringes {
  levelUl(id: PumpId): number;
  /** Fill to `levelUl` (default: full). */
  refill(id: PumpId, levelUl?: number): void;
  refillAll(): void;
}

export interface VirtualLab extends Rig {
  readonly kind: 'virtual';
  readonly seed: number;
  readonly geometry: RigGeometry;
  readonly faults: VirtualLabFaults;
  readonly truth: VirtualLabTruth;
  readonly syringes: VirtualLabSyringes;
  /** Everything a dashboard shows, at the clock's current time. */
  state(): VirtualLabState;
}

const LIGHT_SIM_NAMES = { 'pl-excitation': 'uvLed', 'absorbance-source': 'broadbandLamp' } as const;

export function createVirtualLab(options: VirtualLabOptions): VirtualLab {
  const parsed = virtualLabOptionsSchema.safeParse(options);
  if (!parsed.success) throw new Error(`invalid virtual lab options: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  const { seed, clock: clockKind, speedFactor, devices: layout } = parsed.data;
  const geometry = options.geometry ?? DEFAULT_RIG_GEOMETRY;
  const clock: Clock = clockKind === 'simulated' ? new SimulatedClock() : new RealtimeClock(speedFactor);
  const simulation = new RigSimulation({ seed, geometry, noise: options.noise, startTimeS: clock.nowS() });
  const logFd = options.commandLog === undefined ? undefined : openSync(options.commandLog, 'a');
  const context = new SimContext(simulation, clock, logFd === undefined ? undefined : (line) => writeSync(logFd, line));
  const built = buildDevices(layout, context);
  const devices = (device: SimDeviceName | 'all') => {
    if (device === 'all') return built.simNames;
    if (!built.simNames.includes(device)) throw new RangeError(`this virtual lab has no device '${device}' (it has ${built.simNames.join(', ')})`);
    return [device];
  };

  const faults: VirtualLabFaults = {
    stallPump(id) { context.sync(); simulation.setPumpStallFault(id, true); },
    clearPumpStall(id) { context.sync(); simulation.setPumpStallFault(id, false); },
    loseLink(device) { for (const d of devices(device)) context.lostLinks.add(d); },
    restoreLink(device) { for (const d of devices(device)) context.lostLinks.delete(d); },
    overshootHeater(extraC) {
      if (!(extraC > 0)) throw new RangeError(`overshoot must be positive, got ${extraC}`);
      context.sync();
      simulation.heater.armOvershoot(extraC);
    },
    saturateDetector(channel) { simulation.setDetectorSaturated(channel, true); },
    clearDetector(channel) { simulation.setDetectorSaturated(channel, false); },
    clogLine() { context.sync(); simulation.setClogged(true); },
    clearClog() { context.sync(); simulation.setClogged(false); },
    clearAll() {
      context.sync();
      for (const id of PUMP_IDS) simulation.setPumpStallFault(id, false);
      context.lostLinks.clear();
      simulation.setDetectorSaturated('absorbance', false);
      simulation.setDetectorSaturated('pl', false);
      simulation.setClogged(false);
    },
  };

  const truth: VirtualLabTruth = {
    flowcellResponse() { context.sync(); return simulation.flowcellTruth(); },
    reactorTemperatureC() { context.sync(); return simulation.heater.temperatureC; },
    pumpGains() { return perPump((id) => simulation.pumps[id].gain); },
    expectedFeatures(condition, expectedOptions) { return expectedFeatures(condition, { geometry, ...expectedOptions }); },
  };

  const syringes: VirtualLabSyringes = {
    levelUl(id) { context.sync(); return simulation.pumps[id].syringeLevelUl; },
    refill(id, levelUl) { context.sync(); simulation.refillSyringe(id, levelUl ?? geometry.syringeCapacityUl[id]); },
    refillAll() { context.sync(); for (const id of PUMP_IDS) simulation.refillSyringe(id, geometry.syringeCapacityUl[id]); },
  };

  if (options.faults) applyFaults(faults, options.faults);

  const directory = deviceDirectory(built.devices);
  const rigLayout = layoutOf(directory);
  return {
    kind: 'virtual',
    seed,
    geometry,
    ...directory,
    clock,
    safety: options.safety,
    faults,
    truth,
    syringes,
    state() {
      context.sync();
      const snapshot = simulation.snapshot();
      const pumps: Record<string, PumpSnapshot> = {};
      for (const { role, device } of built.devices.filter((d) => d.capability === 'pump')) {
        pumps[role] = device instanceof SimAuxiliaryPump ? auxiliarySnapshot(device) : snapshot.pumps[role as PumpId];
      }
      return { ...snapshot, pumps, devices: rigLayout, lostLinks: [...context.lostLinks] };
    },
    async close() {
      if (context.closed) return;
      context.closed = true;
      if (logFd !== undefined) closeSync(logFd);
    },
  };
}

function applyFaults(switches: VirtualLabFaults, faults: VirtualFaults): void {
  if (faults.overshootHeater !== undefined) switches.overshootHeater(faults.overshootHeater);
  for (const channel of faults.saturateDetector ?? []) switches.saturateDetector(channel);
  for (const id of faults.stallPump ?? []) switches.stallPump(id);
  for (const device of faults.loseLink ?? []) switches.loseLink(device);
  if (faults.clogLine) switches.clogLine();
}

/** The drivers of the layout's devices, in layout order, and their simulator names (for link faults). */
function buildDevices(layout: VirtualDevices, context: SimContext): { devices: RigDevice[]; simNames: SimDeviceName[] } {
  const devices: RigDevice[] = [];
  const simNames: SimDeviceName[] = [];
  const add = (entry: Omit<RigDevice, 'label'>, simName: SimDeviceName) => {
    devices.push({ ...entry, label: defaultLabel(entry.capability, entry.role) } as RigDevice);
    simNames.push(simName);
  };
  for (const role of layout.pumps) {
    add({ capability: 'pump', role, device: isRecipeLine(role) ? new SimPump(role, context) : new SimAuxiliaryPump(role, context) }, role);
  }
  for (const role of layout.heaters) add({ capability: 'heater', role, device: new SimHeater(context) }, 'heater');
  for (const role of layout.lights) add({ capability: 'light', role, device: new SimLight(LIGHT_SIM_NAMES[role], context) }, LIGHT_SIM_NAMES[role]);
  for (const role of layout.spectrometers) {
    const spectrometer = new SimSpectrometer(role, context);
    add({ capability: 'spectrometer', role, device: spectrometer }, spectrometer.id);
  }
  return { devices, simNames };
}

function auxiliarySnapshot(pump: SimAuxiliaryPump): PumpSnapshot {
  pump.sync();
  const { model } = pump;
  return {
    state: model.state,
    programmedRateUlPerMin: model.rateUlPerMin,
    deliveredRateUlPerMin: 60 * model.deliveredRateUlPerS(false),
    diameterMm: model.diameterMm,
    targetVolumeUl: Number.isFinite(model.targetVolumeUl) ? model.targetVolumeUl : null,
    dispensedUl: model.dispensedUl,
    syringeLevelUl: model.syringeLevelUl,
    syringeCapacityUl: model.syringeCapacityUl,
  };
}
