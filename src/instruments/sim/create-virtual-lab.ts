// The virtual fluidic lab: the Rig the run engine drives when no hardware is attached, plus
// what only a simulation can offer: fault switches, a full state for the dashboard, syringe
// refills and the ground truth behind the spectra.
import { z } from 'zod';
import { DEFAULT_RIG_GEOMETRY, PUMP_IDS, type PumpId, type RigGeometry } from '../../chemistry/rig-geometry.js';
import type { RigCondition } from '../../domain/rig-space.js';
import type { OpticalResponse } from '../../virtual-lab/chemistry-model.js';
import { expectedFeatures, type ExpectedFeatures, type ExpectedFeaturesOptions } from '../../virtual-lab/expected-features.js';
import type { NoiseOptions } from '../../virtual-lab/noise.js';
import { RigSimulation, type RigSnapshot, type SpectrometerChannel } from '../../virtual-lab/rig-simulation.js';
import { RealtimeClock } from '../clock.js';
import type { Clock, Rig } from '../interfaces.js';
import { SimContext, type SimDeviceName } from './sim-context.js';
import { SimHeater } from './sim-heater.js';
import { SimLight } from './sim-light.js';
import { SimPump } from './sim-pump.js';
import { SimSpectrometer } from './sim-spectrometer.js';
import { SimulatedClock } from './simulated-clock.js';

export const virtualLabOptionsSchema = z.object({
  seed: z.number().int(),
  clock: z.enum(['simulated', 'realtime']).default('simulated'),
  /** Real-time mode: 10 runs the rig ten times faster than the wall clock. */
  speedFactor: z.number().positive().max(10_000).default(1),
});

export interface VirtualLabOptions extends z.input<typeof virtualLabOptionsSchema> {
  geometry?: RigGeometry;
  noise?: Partial<NoiseOptions>;
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

export interface VirtualLabState extends RigSnapshot {
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

const ALL_DEVICES: SimDeviceName[] = [...PUMP_IDS, 'heater', 'uvLed', 'broadbandLamp', 'plSpectrometer', 'absorbanceSpectrometer'];

export function createVirtualLab(options: VirtualLabOptions): VirtualLab {
  const parsed = virtualLabOptionsSchema.safeParse(options);
  if (!parsed.success) throw new Error(`invalid virtual lab options: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  const { seed, clock: clockKind, speedFactor } = parsed.data;
  const geometry = options.geometry ?? DEFAULT_RIG_GEOMETRY;
  const clock: Clock = clockKind === 'simulated' ? new SimulatedClock() : new RealtimeClock(speedFactor);
  const simulation = new RigSimulation({ seed, geometry, noise: options.noise, startTimeS: clock.nowS() });
  const context = new SimContext(simulation, clock);
  const devices = (device: SimDeviceName | 'all') => (device === 'all' ? ALL_DEVICES : [device]);

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
    pumpGains() { return Object.fromEntries(PUMP_IDS.map((id) => [id, simulation.pumps[id].gain])) as Record<PumpId, number>; },
    expectedFeatures(condition, expectedOptions) { return expectedFeatures(condition, { geometry, ...expectedOptions }); },
  };

  const syringes: VirtualLabSyringes = {
    levelUl(id) { context.sync(); return simulation.pumps[id].syringeLevelUl; },
    refill(id, levelUl) { context.sync(); simulation.refillSyringe(id, levelUl ?? geometry.syringeCapacityUl[id]); },
    refillAll() { context.sync(); for (const id of PUMP_IDS) simulation.refillSyringe(id, geometry.syringeCapacityUl[id]); },
  };

  return {
    kind: 'virtual',
    seed,
    geometry,
    pumps: Object.fromEntries(PUMP_IDS.map((id) => [id, new SimPump(id, context)])) as Record<PumpId, SimPump>,
    heater: new SimHeater(context),
    uvLed: new SimLight('uvLed', context),
    broadbandLamp: new SimLight('broadbandLamp', context),
    plSpectrometer: new SimSpectrometer('pl', context),
    absorbanceSpectrometer: new SimSpectrometer('absorbance', context),
    clock,
    faults,
    truth,
    syringes,
    state() {
      context.sync();
      return { ...simulation.snapshot(), lostLinks: [...context.lostLinks] };
    },
    async close() {
      context.closed = true;
    },
  };
}
