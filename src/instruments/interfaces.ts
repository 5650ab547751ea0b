// Device interfaces, shaped after the rig's real instruments (Chemyx Fusion 6000 pumps,
// Watlow F4T controller, Ocean Insight spectrometers, LED and lamp). The virtual lab and
// every real driver implement these; nothing above this layer knows which one it talks to.
import type { Spectrum } from '../domain/spectrum.js';
import type { PumpId } from '../chemistry/rig-geometry.js';

/** Chemyx status codes: 0 stopped, 1 running, 2 paused, 3 delayed, 4 stalled. */
export type PumpState = 'stopped' | 'running' | 'paused' | 'delayed' | 'stalled';

export interface PumpStatus {
  state: PumpState;
  rateUlPerMin: number;
  /** Volume dispensed since the last start. */
  dispensedUl: number;
}

export interface SyringePump {
  readonly id: string;
  setDiameterMm(diameterMm: number): Promise<void>;
  setRateUlPerMin(rateUlPerMin: number): Promise<void>;
  /** Volume to infuse before the pump stops by itself. */
  setVolumeUl(volumeUl: number): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): Promise<PumpStatus>;
}

/** Watlow user control modes: auto (closed loop), manual (open loop power), off. */
export type ControllerMode = 'auto' | 'manual' | 'off';

export interface TemperatureController {
  setSetpointC(temperatureC: number): Promise<void>;
  readSetpointC(): Promise<number>;
  readProcessValueC(): Promise<number>;
  setMode(mode: ControllerMode): Promise<void>;
  readMode(): Promise<ControllerMode>;
}

export interface LightSource {
  setOn(on: boolean): Promise<void>;
  isOn(): Promise<boolean>;
}

export interface Spectrometer {
  readonly id: string;
  setIntegrationTimeMs(integrationTimeMs: number): Promise<void>;
  getIntegrationTimeMs(): Promise<number>;
  wavelengthsNm(): Promise<Float64Array>;
  /** One scan in detector counts. */
  acquire(): Promise<Spectrum>;
}

/** Time as the shell sees it: simulated for the virtual lab by default, wall clock on hardware. */
export interface Clock {
  nowS(): number;
  sleepS(durationS: number): Promise<void>;
}

/** The whole rig, as the run engine sees it. */
export interface Rig {
  readonly kind: string;
  pumps: Record<PumpId, SyringePump>;
  heater: TemperatureController;
  /** 300 nm LED that excites PL. */
  uvLed: LightSource;
  /** Deuterium-halogen source of the absorbance flowcell. */
  broadbandLamp: LightSource;
  plSpectrometer: Spectrometer;
  absorbanceSpectrometer: Spectrometer;
  clock: Clock;
  close(): Promise<void>;
}

/** A device that did not answer, answered nonsense, or reported a fault. */
export class InstrumentError extends Error {
  constructor(readonly device: string, message: string) {
    super(`${device}: ${message}`);
    this.name = 'InstrumentError';
  }
}
