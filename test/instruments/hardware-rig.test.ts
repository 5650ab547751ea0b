import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { enterSafeState } from '../../src/automation/safe-state.js';
import { startFlows } from '../../src/automation/pumps.js';
import { runExperiment } from '../../src/automation/run-experiment.js';
import { makeRecipe } from '../../src/chemistry/recipe.js';
import { conditionFromArray, rigParameterSpace } from '../../src/domain/rig-space.js';
import { toPhysical } from '../../src/domain/space.js';
import { RigLayoutError } from '../../src/instruments/rig-layout.js';
import { DEFAULT_RIG_GEOMETRY, PUMP_IDS, type PumpId } from '../../src/chemistry/rig-geometry.js';
import { openHardwareRig } from '../../src/instruments/hardware-rig.js';
import { InstrumentError, type Rig } from '../../src/instruments/interfaces.js';
import { labConfigSchema, type HardwareLabConfig } from '../../src/instruments/lab-config.js';
import { openRig } from '../../src/instruments/rig-factory.js';
import type { ByteStream, ControlLines } from '../../src/instruments/transport/byte-stream.js';
import { createMemoryStreamPair } from '../../src/instruments/transport/memory-stream.js';
import type { SerialStreamOptions } from '../../src/instruments/transport/serial-stream.js';
import { FakeChemyx } from './fakes/fake-chemyx.js';
import { FakeF4t, exception, f4tLoopRegisters, putFloatLowHigh } from './fakes/fake-f4t.js';
import { FakeHdx } from './fakes/fake-hdx.js';
import { FakeLedBox, RecordingLines } from './fakes/fake-switches.js';
import { closedPort, serveOnLocalhost, type LocalServer } from './fakes/tcp-fixture.js';

const issuesOf = (input: unknown) => {
  const parsed = labConfigSchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

function docsExample(): unknown {
  const doc = readFileSync(new URL('../../docs/instruments.md', import.meta.url), 'utf8');
  const block = /```yaml\n([\s\S]*?)```/.exec(doc);
  if (!block) throw new Error('docs/instruments.md has no yaml block');
  return parseYaml(block[1]);
}

/** Pumps as four dual-channel units, two per serial device server. */
const UNITS: PumpId[][] = [
  ['cui', 'csOleate'],
  ['oaOdeCs', 'oaOdeCui'],
  ['oamOde', 'odeCui'],
  ['odeCs', 'pfo'],
];

/** Fake instruments behind 127.0.0.1 ports, and the lab configuration that points at them. */
class FakeLab {
  readonly servers: LocalServer[] = [];
  readonly pumpUnits = new Map<number, FakeChemyx>();
  readonly spectrometers = new Map<number, FakeHdx>();
  ledBox: FakeLedBox | undefined;
  f4t!: FakeF4t;
  config!: HardwareLabConfig;

  /** withoutPumps: reagent lines left out of the configuration; extraPumps: more pumps, each on its own unit. */
  async start(options: { plSpectrometerPort?: number; withoutPumps?: PumpId[]; extraPumps?: string[] } = {}): Promise<this> {
    const unitPorts: number[] = [];
    for (let unit = 0; unit < UNITS.length; unit++) {
      const server = await serveOnLocalhost((stream) => this.pumpUnits.set(server.port, new FakeChemyx(stream)));
      this.servers.push(server);
      unitPorts.push(server.port);
    }
    const hdxPorts: number[] = [];
    for (let i = 0; i < 2; i++) {
      const server = await serveOnLocalhost((stream) => this.spectrometers.set(server.port, new FakeHdx(stream)));
      this.servers.push(server);
      hdxPorts.push(server.port);
    }
    const led = await serveOnLocalhost((stream) => (this.ledBox = new FakeLedBox(stream)));
    this.servers.push(led);
    this.f4t = await new FakeF4t({ registers: f4tLoopRegisters({ setpointC: 25, processValueC: 24, mode: 10 }) }).listen();

    const pumps: Record<string, unknown> = {};
    UNITS.forEach((ids, unit) =>
      ids.forEach((id, channel) => {
        pumps[id] = { host: '127.0.0.1', port: unitPorts[unit], channel: channel + 1, diameterMm: DEFAULT_RIG_GEOMETRY.syringeDiameterMm[id], timeoutMs: 500 };
      }),
    );
    for (const role of options.withoutPumps ?? []) delete pumps[role];
    for (const role of options.extraPumps ?? []) {
      const server = await serveOnLocalhost((stream) => this.pumpUnits.set(server.port, new FakeChemyx(stream)));
      this.servers.push(server);
      pumps[role] = { host: '127.0.0.1', port: server.port, channel: 1, diameterMm: 28.6, timeoutMs: 500 };
    }
    this.config = labConfigSchema.parse({
      kind: 'hardware',
      pumps,
      heater: { host: '127.0.0.1', port: this.f4t.port, timeoutMs: 500 },
      spectrometers: {
        pl: { host: '127.0.0.1', port: options.plSpectrometerPort ?? hdxPorts[0], timeoutMs: 500 },
        absorbance: { host: '127.0.0.1', port: hdxPorts[1], timeoutMs: 500 },
      },
      lights: {
        'pl-excitation': { kind: 'ascii', host: '127.0.0.1', port: led.port, on: 'LED ON', off: 'LED OFF', acknowledgement: '^OK$', query: { command: 'LED?', onReply: '^ON$', offReply: '^OFF$' } },
        'absorbance-source': { kind: 'spectrometer-lamp', spectrometer: 'absorbance' },
      },
    }) as HardwareLabConfig;
    return this;
  }

  pumpChannel(role: string) {
    const pump = this.config.pumps[role];
    const fake = this.pumpUnits.get(pump.port!)!;
    return { fake, channel: fake.channels[String(pump.channel)] };
  }

  get f4tMode(): number | undefined {
    return this.f4t.registers.get(2730);
  }

  get openConnections(): number {
    return this.servers.reduce((sum, server) => sum + server.openConnections, 0) + this.f4t.openConnections;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.servers.map((server) => server.close()), this.f4t?.close()]);
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('lab configuration', () => {
  it('accepts the example in docs/instruments.md and fills in the defaults', () => {
    const config = labConfigSchema.parse(docsExample());
    expect(config.kind).toBe('hardware');
    if (config.kind !== 'hardware') return;
    expect(Object.keys(config.pumps).sort()).toEqual([...PUMP_IDS].sort());
    expect(config.pumps.cui).toMatchObject({ echo: true, terminator: 'CR', timeoutMs: 2000 });
    expect(config.heater).toMatchObject({ port: 502, unitId: 1, loop: 1, wordOrder: 'low-high', temperatureUnits: 'C' });
    expect(config.spectrometers.pl).toMatchObject({ pixelCount: 2068, adcBits: 16, minIntegrationTimeMs: 6, maxIntegrationTimeMs: 10_000 });
  });

  it('names the field of each problem', () => {
    const example = docsExample() as Record<string, any>;
    const withPumps = (change: (pumps: Record<string, any>) => void) => {
      const copy = structuredClone(example);
      change(copy.pumps);
      return copy;
    };
    expect(issuesOf(withPumps((pumps) => (pumps['wash line'] = { ...pumps.cui, serial: '/dev/ttyUSB9' })))).toEqual([
      'pumps.wash line: a role is a letter followed by up to 39 letters, digits or dashes',
    ]);
    expect(issuesOf(withPumps((pumps) => (pumps.cui = { serial: '/dev/ttyUSB0', host: '10.0.0.2', port: 4001, diameterMm: 28.6 })))).toEqual([
      'pumps.cui.serial: give either serial (a port path) or host and port, not both or neither',
      'pumps.cui.port: port is for a TCP host; a serial device takes baudRate',
    ]);
    expect(issuesOf(withPumps((pumps) => (pumps.cui.diameterMm = 80)))).toEqual(['pumps.cui.diameterMm: Too big: expected number to be <=60']);
    expect(issuesOf(withPumps((pumps) => (pumps.cui.diamterMm = 28.6)))).toContain('pumps.cui: Unrecognized key: "diamterMm"');
    expect(issuesOf(withPumps((pumps) => (pumps.csOleate = { ...pumps.cui })))).toEqual([
      'pumps.csOleate.channel: pumps cui, csOleate share serial /dev/ttyUSB0; they must be channels 1 and 2 of one unit',
    ]);
    expect(issuesOf({ ...example, heater: { port: 502 } })).toEqual(['heater.host: Invalid input: expected string, received undefined']);
    const withLight = (role: string, light: unknown) => ({ ...example, lights: { ...example.lights, [role]: light } });
    expect(issuesOf(withLight('pl-excitation', { kind: 'relay' }))).toEqual(["lights.pl-excitation.kind: Invalid discriminator value. Expected 'serial-line' | 'ascii' | 'spectrometer-lamp'"]);
    expect(issuesOf(withLight('pl-excitation', { kind: 'ascii', serial: '/dev/ttyACM0', on: 'A', off: 'B', acknowledgement: '(' }))).toEqual([
      'lights.pl-excitation.acknowledgement: not a valid regular expression',
    ]);
    expect(issuesOf(withLight('absorbance-source', { kind: 'spectrometer-lamp', spectrometer: 'uv-vis' }))).toEqual([
      "lights.absorbance-source.spectrometer: no spectrometer 'uv-vis' under spectrometers",
    ]);
    expect(issuesOf({ ...example, spectrometers: { ...example.spectrometers, absorbance: example.spectrometers.pl } })).toEqual([
      'spectrometers.absorbance.port: tcp 192.168.10.41:7000 is already used by spectrometers.pl',
    ]);
    expect(issuesOf({ ...example, lights: { ...example.lights, uv: example.lights['pl-excitation'] }, spectrometers: { ...example.spectrometers, extra: { host: 'h' } } })).toEqual([
      'spectrometers.extra.port: Invalid input: expected number, received undefined',
    ]);
  });

  it('reads the fixed device keys of older files as the roles they meant', () => {
    const example = docsExample() as Record<string, any>;
    const { spectrometers, lights, ...rest } = example;
    const old = {
      ...rest,
      plSpectrometer: spectrometers.pl,
      absorbanceSpectrometer: spectrometers.absorbance,
      uvLed: lights['pl-excitation'],
      broadbandLamp: lights['absorbance-source'],
    };
    expect(labConfigSchema.parse(old)).toEqual(labConfigSchema.parse(example));
    expect(issuesOf({ ...example, uvLed: lights['pl-excitation'] })).toEqual(['uvLed: uvLed is the old name of lights.pl-excitation; give one of them']);
  });

  it('takes a layout with one spectrometer, no heater and an extra pump', () => {
    const example = docsExample() as Record<string, any>;
    const config = labConfigSchema.parse({
      kind: 'hardware',
      pumps: { ...example.pumps, wash: { serial: '/dev/ttyUSB9', diameterMm: 28.6, label: 'wash line' } },
      spectrometers: { pl: example.spectrometers.pl },
      lights: { 'pl-excitation': example.lights['pl-excitation'] },
    });
    if (config.kind !== 'hardware') throw new Error('expected a hardware config');
    expect(Object.keys(config.pumps)).toEqual([...PUMP_IDS, 'wash']);
    expect(config.heater).toBeUndefined();
    expect(Object.keys(config.spectrometers)).toEqual(['pl']);
  });
});

describe('hardware rig over fake instruments on 127.0.0.1', () => {
  let lab: FakeLab | undefined;
  let rig: Rig | undefined;
  afterEach(async () => {
    await rig?.close();
    await lab?.stop();
    rig = undefined;
    lab = undefined;
  });

  it('opens through openRig, programs flows through the drivers, and the safe state reaches every device', async () => {
    lab = await new FakeLab().start();
    rig = await openRig(lab.config, DEFAULT_RIG_GEOMETRY);
    expect(rig.kind).toBe('hardware');

    const flows = Object.fromEntries(PUMP_IDS.map((id, i) => [id, 20 + 10 * i])) as Record<PumpId, number>;
    await rig.heater().setSetpointC(140);
    await rig.light('pl-excitation').setOn(true);
    await rig.light('absorbance-source').setOn(true);
    await startFlows(rig, flows, DEFAULT_RIG_GEOMETRY, 600);
    for (const id of PUMP_IDS) {
      const { channel } = lab.pumpChannel(id);
      expect(channel).toMatchObject({ units: 2, diameterMm: DEFAULT_RIG_GEOMETRY.syringeDiameterMm[id], rate: flows[id], status: 1 });
      expect(channel.volume).toBeCloseTo((flows[id] * 600) / 60, 5);
    }
    expect(lab.ledBox?.on).toBe(true);
    const absorbance = lab.spectrometers.get(lab.config.spectrometers.absorbance.port)!;
    expect(absorbance.lampEnabled).toBe(true);

    const report = await enterSafeState(rig);
    expect(report.failures).toEqual([]);
    for (const id of PUMP_IDS) {
      const { fake, channel } = lab.pumpChannel(id);
      expect(channel.status).toBe(0);
      expect(fake.commands).toContain(`${UNITS.find((ids) => ids.includes(id))!.indexOf(id) + 1} stop`);
    }
    expect(lab.f4tMode).toBe(62);
    expect(await rig.heater().readMode()).toBe('off');
    expect(lab.ledBox?.on).toBe(false);
    // Switched off, then asked for its state.
    expect(lab.ledBox?.commands.slice(-2)).toEqual(['LED OFF', 'LED?']);
    expect(absorbance.lampEnabled).toBe(false);
    expect(report.devices.map((d) => `${d.capability} ${d.role}: ${d.state}`)).toEqual([
      ...PUMP_IDS.map((id) => `pump ${id}: stopped`),
      'heater reactor: mode off',
      'light pl-excitation: off',
      'light absorbance-source: off (as commanded; this light cannot be read back)',
    ]);
  });

  it('refuses, before anything moves, a recipe that needs a pump the configuration leaves out', async () => {
    lab = await new FakeLab().start({ withoutPumps: ['oamOde'] });
    rig = await openHardwareRig(lab.config, { geometry: DEFAULT_RIG_GEOMETRY });
    const commandsBefore = [...lab.pumpUnits.values()].map((fake) => fake.commands.length);
    const registersBefore = new Map(lab.f4t.registers);
    const recipe = makeRecipe(conditionFromArray(toPhysical(rigParameterSpace(), [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5])));
    expect(recipe.flowsUlPerMin.oamOde).toBeGreaterThan(1);
    const error = await runExperiment(rig, recipe, { reference: null }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RigLayoutError);
    expect((error as Error).message).toBe(`this experiment needs devices this rig does not have: pump 'oamOde' (the oamOde line flows ${recipe.flowsUlPerMin.oamOde.toFixed(1)} uL/min)`);
    await settle();
    expect([...lab.pumpUnits.values()].map((fake) => fake.commands.length)).toEqual(commandsBefore);
    expect(new Map(lab.f4t.registers)).toEqual(registersBefore);
  });

  it('keeps an extra pump stopped when flows start and stops it in the safe state', async () => {
    lab = await new FakeLab().start({ extraPumps: ['wash'] });
    rig = await openHardwareRig(lab.config, { geometry: DEFAULT_RIG_GEOMETRY });
    expect(rig.devices.filter((d) => d.capability === 'pump').map((d) => d.role)).toEqual([...PUMP_IDS, 'wash']);
    const wash = lab.pumpChannel('wash');
    await rig.pump('wash').setRateUlPerMin(500);
    await rig.pump('wash').start();
    expect(wash.channel.status).toBe(1);
    await startFlows(rig, Object.fromEntries(PUMP_IDS.map((id) => [id, 100])) as Record<PumpId, number>, DEFAULT_RIG_GEOMETRY, 600);
    expect(wash.channel.status).toBe(0);
    await rig.pump('wash').start();
    const report = await enterSafeState(rig);
    expect(report.failures).toEqual([]);
    expect(wash.channel.status).toBe(0);
    // Stopped, then read back.
    expect(wash.fake.commands.slice(-3)).toEqual(['1 stop', '1 pump status', '1 dispensed volume']);
  });

  it('acquires from both spectrometers on their own links', async () => {
    lab = await new FakeLab().start();
    rig = await openHardwareRig(lab.config);
    await rig.spectrometer('pl').setIntegrationTimeMs(50);
    const pl = await rig.spectrometer('pl').acquire();
    const absorbance = await rig.spectrometer('absorbance').acquire();
    expect(pl.integrationTimeMs).toBe(50);
    expect(absorbance.integrationTimeMs).toBe(100);
    expect(pl.counts[10]).toBe(1010);
    expect(lab.spectrometers.get(lab.config.spectrometers.pl.port)!.integrationTimeUs).toBe(50_000);
    expect(lab.spectrometers.get(lab.config.spectrometers.absorbance.port)!.integrationTimeUs).toBe(100_000);
  });

  it('still stops the other pumps and the heater when one pump unit is unreachable', async () => {
    lab = await new FakeLab().start();
    rig = await openHardwareRig(lab.config);
    const deadPort = lab.config.pumps.cui.port!;
    await lab.servers.find((server) => server.port === deadPort)!.close();
    await settle();
    const report = await enterSafeState(rig);
    expect(report.failures).toHaveLength(2);
    expect(report.failures[0]).toMatch(/^pump cui: chemyx cui: .*closed/);
    expect(report.failures[1]).toMatch(/^pump csOleate: chemyx csOleate: .*closed/);
    for (const id of PUMP_IDS.filter((id) => id !== 'cui' && id !== 'csOleate')) {
      const channel = String(lab.config.pumps[id].channel);
      const commands = lab.pumpChannel(id).fake.commands.filter((command) => command.startsWith(channel));
      expect(commands.slice(-3)).toEqual([`${channel} stop`, `${channel} pump status`, `${channel} dispensed volume`]);
      expect(lab.pumpChannel(id).channel.status).toBe(0);
    }
    expect(lab.f4t.registers.get(2730)).toBe(62);
    expect(lab.ledBox?.on).toBe(false);
  });

  it('retries a refused mode-off write, and reads the mode back', async () => {
    lab = await new FakeLab().start();
    rig = await openHardwareRig(lab.config);
    let refusals = 2;
    lab.f4t.override = (request) => (request[7] === 16 && request.readUInt16BE(8) === 2730 && refusals-- > 0 ? exception(request, 6) : undefined);
    const report = await enterSafeState(rig, { retryPauseMs: () => 0 });
    expect(report.failures).toEqual([]);
    expect(report.devices.find((d) => d.capability === 'heater')).toMatchObject({
      safe: true,
      state: 'mode off',
      actions: ['mode off: failed', 'mode: auto', 'mode off: failed', 'mode: auto', 'mode off', 'mode: off'],
      problems: ['watlow f4t: writing 1 register(s) at 2730: Modbus exception 6 (slave device busy)'],
    });
    expect(lab.f4tMode).toBe(62);
  });

  it('falls back to a 25 C set point, read back, when the F4T refuses mode off (the reactor at 135 C must not stay there)', async () => {
    lab = await new FakeLab().start();
    rig = await openHardwareRig(lab.config);
    putFloatLowHigh(lab.f4t.registers, 2782, 135);
    lab.f4t.override = (request) => (request[7] === 16 && request.readUInt16BE(8) === 2730 ? exception(request, 3) : undefined);
    const report = await enterSafeState(rig, { retryPauseMs: () => 0 });
    expect(report.failures).toEqual([]);
    const heater = report.devices.find((d) => d.capability === 'heater')!;
    expect(heater.state).toBe('set point 25 C, mode auto (mode off not confirmed)');
    expect(heater.problems[0]).toBe('watlow f4t: writing 1 register(s) at 2730: Modbus exception 3 (illegal data value)');
    expect(await rig.heater().readSetpointC()).toBe(25);
    expect(lab.f4tMode).toBe(10);
  });

  it('sends stop again to a pump whose status still says running', async () => {
    lab = await new FakeLab().start();
    rig = await openHardwareRig(lab.config);
    const pfo = lab.pumpChannel('pfo');
    pfo.channel.status = 1;
    let ignored = false;
    pfo.fake.override = (command) => {
      if (command !== '2 stop' || ignored) return undefined;
      ignored = true;
      return ['Pump stop!'];
    };
    const report = await enterSafeState(rig, { retryPauseMs: () => 0 });
    expect(report.failures).toEqual([]);
    expect(pfo.channel.status).toBe(0);
    expect(report.devices.find((d) => d.role === 'pfo')).toMatchObject({ safe: true, actions: ['stop', 'status: running', 'stop', 'status: stopped'] });
  });

  it('releases every connection on close, once', async () => {
    lab = await new FakeLab().start();
    rig = await openHardwareRig(lab.config);
    await settle();
    expect(lab.openConnections).toBe(UNITS.length + 2 + 1 + 1);
    await rig.close();
    await rig.close();
    await settle();
    expect(lab.openConnections).toBe(0);
  });

  it('closes what it opened when a device cannot be reached, and names that device', async () => {
    lab = await new FakeLab().start({ plSpectrometerPort: await closedPort() });
    const error = await openHardwareRig(lab.config).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InstrumentError);
    expect((error as Error).message).toMatch(/^hdx pl: cannot connect to tcp 127\.0\.0\.1:\d+/);
    await settle();
    expect(lab.openConnections).toBe(0);
  });

  it('refuses a syringe bore that differs from the geometry the run engine uses, before connecting', async () => {
    lab = await new FakeLab().start();
    const geometry = { ...DEFAULT_RIG_GEOMETRY, syringeDiameterMm: { ...DEFAULT_RIG_GEOMETRY.syringeDiameterMm, pfo: 26.7 } };
    await expect(openHardwareRig(lab.config, { geometry })).rejects.toThrow('chemyx pfo: lab configuration says a 34.9 mm syringe is fitted, the rig geometry in use expects 26.7 mm');
    await settle();
    expect(lab.openConnections).toBe(0);
  });
});

describe('hardware rig with serial devices', () => {
  it('opens each serial port once at its baud rate and drives a lamp from a control line', async () => {
    const opened: SerialStreamOptions[] = [];
    const pumps = new Map<string, FakeChemyx>();
    const lampLines = new RecordingLines();
    const serial = async (options: SerialStreamOptions): Promise<ByteStream & ControlLines> => {
      opened.push(options);
      const [host, device] = createMemoryStreamPair(`serial ${options.path}`);
      if (options.path === '/dev/ttyLAMP') return Object.assign(host, { setControlLines: (lines: { rts?: boolean; dtr?: boolean }) => lampLines.setControlLines(lines) });
      pumps.set(options.path, new FakeChemyx(device));
      return Object.assign(host, { setControlLines: async () => undefined });
    };
    const f4t = await new FakeF4t({ registers: f4tLoopRegisters({ setpointC: 25, processValueC: 24 }) }).listen();
    const hdx = [await serveOnLocalhost((stream) => new FakeHdx(stream)), await serveOnLocalhost((stream) => new FakeHdx(stream))];
    try {
      const config = labConfigSchema.parse({
        kind: 'hardware',
        pumps: Object.fromEntries(PUMP_IDS.map((id, i) => [id, { serial: `/dev/ttyUSB${i}`, ...(id === 'pfo' ? { baudRate: 115200 } : {}), diameterMm: DEFAULT_RIG_GEOMETRY.syringeDiameterMm[id] }])),
        heater: { host: '127.0.0.1', port: f4t.port },
        spectrometers: { pl: { host: '127.0.0.1', port: hdx[0].port }, absorbance: { host: '127.0.0.1', port: hdx[1].port } },
        lights: {
          'pl-excitation': { kind: 'serial-line', serial: '/dev/ttyLAMP', line: 'rts' },
          'absorbance-source': { kind: 'spectrometer-lamp', spectrometer: 'absorbance' },
        },
      }) as HardwareLabConfig;
      const rig = await openHardwareRig(config, { connectors: { serial } });
      expect(opened.map((o) => [o.path, o.baudRate, o.device])).toEqual([
        ...PUMP_IDS.map((id, i) => [`/dev/ttyUSB${i}`, id === 'pfo' ? 115200 : 9600, `chemyx ${id}`]),
        ['/dev/ttyLAMP', 9600, 'light pl-excitation'],
      ]);
      expect([...pumps.values()].every((fake) => fake.wire === 'set units 2\r')).toBe(true);
      await rig.light('pl-excitation').setOn(true);
      await enterSafeState(rig);
      expect(lampLines.changes).toEqual([{ rts: false }, { rts: true }, { rts: false }]);
      for (const fake of pumps.values()) expect(fake.commands.slice(-3)).toEqual(['stop', 'pump status', 'dispensed volume']);
      await rig.close();
    } finally {
      await Promise.all([f4t.close(), ...hdx.map((server) => server.close())]);
    }
  });
});
