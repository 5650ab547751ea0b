// The whole virtual rig as one state machine on simulated time: eight pumps and their
// syringes, the heating plate, the light sources, the two spectrometers and the faults. It
// never reads a clock: the caller moves it forward with advanceTo(t), and every reading is
// computed from the flow and temperature histories up to then. Randomness comes from
// independent streams forked from one seed, so the same seed and commands give the same spectra.
import { DEFAULT_RIG_GEOMETRY, perPump, PUMP_IDS, type PumpId, type RigGeometry } from '../chemistry/rig-geometry.js';
import { createRandom, type Random } from '../domain/random.js';
import type { Spectrum } from '../domain/spectrum.js';
import type { OpticalResponse } from './chemistry-model.js';
import { ABSORBANCE_DETECTOR, PL_DETECTOR, drawOffsetPattern, readDetector, type DetectorSpec } from './detector-model.js';
import { drawDrift, driftAt, type Drift } from './drift.js';
import { FlowTimeline, PUMP_COUNT } from './flow-timeline.js';
import { DEFAULT_HEATER_PARAMETERS, HeaterModel, type HeaterMode, type HeaterParameters } from './heater-model.js';
import { resolveNoise, type NoiseOptions } from './noise.js';
import { absorbanceChannelSignal, OPTICS, pixelAxis, plChannelSignal, type PixelAxis } from './optics.js';
import { PumpModel, type SimPumpState } from './pump-model.js';
import { DEFAULT_DISPERSION, flowcellResponse, type DispersionParameters } from './transport.js';

export type SpectrometerChannel = 'absorbance' | 'pl';

export const HYDRAULICS = {
  /** Line pressure per uL/min of droplet flow (reactor, lines, flowcells; segmented flow). */
  kpaPerUlPerMin: 0.025,
  /** Volume the lines and syringes take up per kPa when a clog lets nothing through. */
  complianceUlPerKpa: 0.3,
  /** Pumps stall (force limit) at this pressure. */
  stallPressureKpa: 700,
} as const;

export interface RigSimulationOptions {
  seed: number;
  geometry?: RigGeometry;
  noise?: Partial<NoiseOptions>;
  heater?: HeaterParameters;
  dispersion?: DispersionParameters;
  startTimeS?: number;
}

export interface PumpSnapshot {
  state: SimPumpState;
  programmedRateUlPerMin: number;
  deliveredRateUlPerMin: number;
  diameterMm: number;
  targetVolumeUl: number | null;
  dispensedUl: number;
  syringeLevelUl: number;
  syringeCapacityUl: number;
}

export interface RigSnapshot {
  timeS: number;
  heater: { mode: HeaterMode; setpointC: number; temperatureC: number; outputPercent: number };
  pumps: Record<PumpId, PumpSnapshot>;
  pressureKpa: number;
  lights: { uvLed: boolean; broadbandLamp: boolean };
  spectrometers: Record<SpectrometerChannel, { integrationTimeMs: number }>;
  faults: { clogged: boolean; stallFaultPumps: PumpId[]; saturatedDetectors: SpectrometerChannel[]; heaterOvershootArmed: boolean };
}

interface ChannelNoise {
  flow: Random;
  optics: Random;
  detector: Random;
}

interface Channel {
  spec: DetectorSpec;
  axis: PixelAxis;
  offsets: Float64Array;
  integrationTimeMs: number;
  noise: ChannelNoise;
  saturatedFault: boolean;
}

export class RigSimulation {
  readonly geometry: RigGeometry;
  readonly noise: NoiseOptions;
  readonly heater: HeaterModel;
  readonly pumps: Record<PumpId, PumpModel>;
  readonly timeline: FlowTimeline;
  readonly dispersion: DispersionParameters;
  private timeS: number;
  lampOn = false;
  ledOn = false;
  private clogged = false;
  private clogPressureKpa = 0;
  private readonly channels: Record<SpectrometerChannel, Channel>;
  private readonly lampDrift: Drift;
  private readonly ledDrift: Drift;
  private readonly gainRandom: Random;
  private readonly pvRandom: Random;
  private readonly segmentationRandom: Random;
  /** Absorbance path factor of the current segmentation (redrawn at each pump start). */
  private segmentationPath = 1;

  constructor(options: RigSimulationOptions) {
    this.geometry = options.geometry ?? DEFAULT_RIG_GEOMETRY;
    this.noise = resolveNoise(options.noise);
    this.dispersion = options.dispersion ?? DEFAULT_DISPERSION;
    this.timeS = options.startTimeS ?? 0;
    const root = createRandom(options.seed);
    // Fork order is part of the reproducibility contract: append new streams at the end.
    const instrumentRandom = root.fork();
    const driftRandom = root.fork();
    this.gainRandom = root.fork();
    this.pvRandom = root.fork();
    const channelNoise = (): ChannelNoise => ({ flow: root.fork(), optics: root.fork(), detector: root.fork() });
    const absorbanceNoise = channelNoise();
    const plNoise = channelNoise();
    this.segmentationRandom = root.fork();

    const heaterParameters = options.heater ?? DEFAULT_HEATER_PARAMETERS;
    this.heater = new HeaterModel(heaterParameters);
    this.heater.advanceTo(this.timeS);
    this.pumps = perPump((id) => new PumpModel(id, this.geometry.syringeCapacityUl[id], this.geometry.syringeDiameterMm[id]));
    this.timeline = new FlowTimeline(this.timeS);
    const makeChannel = (spec: DetectorSpec, integrationTimeMs: number, noise: ChannelNoise): Channel => ({
      spec,
      axis: pixelAxis(spec),
      offsets: drawOffsetPattern(spec, instrumentRandom),
      integrationTimeMs,
      noise,
      saturatedFault: false,
    });
    this.channels = {
      absorbance: makeChannel(ABSORBANCE_DETECTOR, OPTICS.defaultAbsorbanceIntegrationMs, absorbanceNoise),
      pl: makeChannel(PL_DETECTOR, OPTICS.defaultPlIntegrationMs, plNoise),
    };
    const { driftMinPeriodS, driftMaxPeriodS } = this.noise;
    this.lampDrift = drawDrift(driftRandom, this.noise.lampDriftRms, driftMinPeriodS, driftMaxPeriodS);
    this.ledDrift = drawDrift(driftRandom, this.noise.ledDriftRms, driftMinPeriodS, driftMaxPeriodS);
  }

  get nowS(): number {
    return this.timeS;
  }

  /** Runs the physics up to `timeS` (earlier times are ignored: time only moves forward). */
  advanceTo(timeS: number): void {
    if (!(timeS > this.timeS)) return;
    // Each event stops or stalls a pump, so there are at most a few per pump.
    for (let events = 0; events < 4 * PUMP_COUNT + 4; events++) {
      const stepS = this.secondsToNextEvent();
      if (this.timeS + stepS > timeS) break;
      this.integrate(stepS);
      this.settleEvents();
    }
    this.integrate(timeS - this.timeS);
    this.heater.advanceTo(this.timeS);
  }

  private secondsToNextEvent(): number {
    let next = Number.POSITIVE_INFINITY;
    for (const id of PUMP_IDS) next = Math.min(next, this.pumps[id].secondsToNextEvent(this.clogged));
    const pushing = this.nominalPushUlPerS();
    if (this.clogged && pushing > 0) next = Math.min(next, Math.max(0, (HYDRAULICS.stallPressureKpa - this.clogPressureKpa) * HYDRAULICS.complianceUlPerKpa / pushing));
    return next;
  }

  private nominalPushUlPerS(): number {
    let total = 0;
    for (const id of PUMP_IDS) total += this.pumps[id].nominalRateUlPerS();
    return total;
  }

  private integrate(durationS: number): void {
    if (!(durationS > 0)) return;
    if (this.clogged) this.clogPressureKpa += (this.nominalPushUlPerS() * durationS) / HYDRAULICS.complianceUlPerKpa;
    for (const id of PUMP_IDS) this.pumps[id].advance(durationS, this.clogged);
    this.timeS += durationS;
  }

  private settleEvents(): void {
    if (this.clogged && this.clogPressureKpa >= HYDRAULICS.stallPressureKpa - 1e-6) {
      this.clogPressureKpa = HYDRAULICS.stallPressureKpa;
      for (const id of PUMP_IDS) if (this.pumps[id].state === 'running') this.pumps[id].state = 'stalled';
    }
    for (const id of PUMP_IDS) this.pumps[id].settle();
    this.recordFlows();
  }

  /** Writes the delivered rates in force from now into the flow history. */
  recordFlows(): void {
    const rates = new Float64Array(PUMP_COUNT);
    PUMP_IDS.forEach((id, i) => { rates[i] = this.pumps[id].deliveredRateUlPerS(this.clogged); });
    this.timeline.setRates(this.timeS, rates);
  }

  // --- pump commands (at the current time) ---

  startPump(id: PumpId): void {
    const gain = 1 + this.noise.pumpGainSd * this.gainRandom.normal();
    this.segmentationPath = 1 + this.noise.absorbancePathPerStartSd * this.segmentationRandom.normal();
    this.pumps[id].start(gain);
    this.recordFlows();
  }

  stopPump(id: PumpId): void {
    this.pumps[id].stop();
    this.recordFlows();
  }

  setPumpRate(id: PumpId, rateUlPerMin: number): void {
    this.pumps[id].rateUlPerMin = rateUlPerMin;
    this.pumps[id].settle();
    this.recordFlows();
  }

  setPumpDiameter(id: PumpId, diameterMm: number): void {
    this.pumps[id].diameterMm = diameterMm;
    this.recordFlows();
  }

  setPumpVolume(id: PumpId, volumeUl: number): void {
    this.pumps[id].targetVolumeUl = volumeUl;
    this.pumps[id].settle();
    this.recordFlows();
  }

  refillSyringe(id: PumpId, levelUl: number): void {
    this.pumps[id].refill(levelUl);
  }

  // --- faults ---

  setPumpStallFault(id: PumpId, stalled: boolean): void {
    const pump = this.pumps[id];
    pump.stallFault = stalled;
    pump.settle();
    this.recordFlows();
  }

  setClogged(clogged: boolean): void {
    this.clogged = clogged;
    if (!clogged) this.clogPressureKpa = 0;
    this.settleEvents();
  }

  setDetectorSaturated(channel: SpectrometerChannel, saturated: boolean): void {
    this.channels[channel].saturatedFault = saturated;
  }

  // --- heater ---

  readProcessValueC(): number {
    return this.heater.temperatureC + this.noise.heaterPvNoiseSdC * this.pvRandom.normal();
  }

  pressureKpa(): number {
    if (this.clogged) return this.clogPressureKpa;
    let dropletFlowUlPerS = 0;
    for (const id of PUMP_IDS) dropletFlowUlPerS += this.pumps[id].deliveredRateUlPerS(false);
    return HYDRAULICS.kpaPerUlPerMin * 60 * dropletFlowUlPerS;
  }

  // --- spectrometers ---

  integrationTimeMs(channel: SpectrometerChannel): number {
    return this.channels[channel].integrationTimeMs;
  }

  setIntegrationTimeMs(channel: SpectrometerChannel, integrationTimeMs: number): void {
    const { minIntegrationMs, maxIntegrationMs } = this.channels[channel].spec;
    if (!(integrationTimeMs >= minIntegrationMs && integrationTimeMs <= maxIntegrationMs)) {
      throw new RangeError(`integration time ${integrationTimeMs} ms outside ${minIntegrationMs}-${maxIntegrationMs} ms`);
    }
    this.channels[channel].integrationTimeMs = integrationTimeMs;
  }

  wavelengthsNm(channel: SpectrometerChannel): Float64Array {
    return this.channels[channel].axis.wavelengthsNm.slice();
  }

  /** Noise-free optical response of what is in the flowcells now. */
  flowcellTruth(): OpticalResponse {
    return flowcellResponse({ timeline: this.timeline, temperatures: this.heater, geometry: this.geometry, timeS: this.timeS, dispersion: this.dispersion });
  }

  /** One scan of a spectrometer at the current time. */
  acquire(channel: SpectrometerChannel): Spectrum {
    const c = this.channels[channel];
    const lightOn = channel === 'absorbance' ? this.lampOn : this.ledOn;
    let signal: Float64Array;
    if (lightOn) {
      const ripple = new Float64Array(PUMP_COUNT);
      for (let i = 0; i < PUMP_COUNT; i++) ripple[i] = 1 + this.noise.pumpRippleSd * c.noise.flow.normal();
      const response = flowcellResponse({ timeline: this.timeline, temperatures: this.heater, geometry: this.geometry, timeS: this.timeS, dispersion: this.dispersion, ripple });
      if (channel === 'absorbance') {
        const path = this.segmentationPath * (1 + this.noise.absorbancePathSd * c.noise.optics.normal());
        signal = absorbanceChannelSignal(c.axis, { on: true, drift: driftAt(this.lampDrift, this.timeS) }, response, path);
      } else {
        const collection = 1 + this.noise.plCollectionSd * c.noise.optics.normal();
        signal = plChannelSignal(c.axis, { on: true, drift: driftAt(this.ledDrift, this.timeS) }, response, collection);
      }
    } else {
      signal = new Float64Array(c.spec.pixels);
    }
    const counts = readDetector(c.spec, c.offsets, signal, c.integrationTimeMs, this.noise.detectorNoise ? c.noise.detector : null);
    // Stray light floods the detector: every pixel at the ceiling at any integration time. The
    // reading above still draws its noise, so clearing the fault leaves the noise sequence as it was.
    if (c.saturatedFault) counts.fill(c.spec.saturationCounts);
    return { wavelengthsNm: c.axis.wavelengthsNm.slice(), counts, integrationTimeMs: c.integrationTimeMs, saturationCounts: c.spec.saturationCounts };
  }

  snapshot(): RigSnapshot {
    const pumps = {} as Record<PumpId, PumpSnapshot>;
    for (const id of PUMP_IDS) {
      const p = this.pumps[id];
      pumps[id] = {
        state: p.state,
        programmedRateUlPerMin: p.rateUlPerMin,
        deliveredRateUlPerMin: 60 * p.deliveredRateUlPerS(this.clogged),
        diameterMm: p.diameterMm,
        targetVolumeUl: Number.isFinite(p.targetVolumeUl) ? p.targetVolumeUl : null,
        dispensedUl: p.dispensedUl,
        syringeLevelUl: p.syringeLevelUl,
        syringeCapacityUl: p.syringeCapacityUl,
      };
    }
    return {
      timeS: this.timeS,
      heater: { mode: this.heater.mode, setpointC: this.heater.setpointC, temperatureC: this.heater.temperatureC, outputPercent: 100 * this.heater.outputFraction },
      pumps,
      pressureKpa: this.pressureKpa(),
      lights: { uvLed: this.ledOn, broadbandLamp: this.lampOn },
      spectrometers: { absorbance: { integrationTimeMs: this.channels.absorbance.integrationTimeMs }, pl: { integrationTimeMs: this.channels.pl.integrationTimeMs } },
      faults: {
        clogged: this.clogged,
        stallFaultPumps: PUMP_IDS.filter((id) => this.pumps[id].stallFault),
        saturatedDetectors: (['absorbance', 'pl'] as const).filter((ch) => this.channels[ch].saturatedFault),
        heaterOvershootArmed: this.heater.overshootArmed,
      },
    };
  }
}
