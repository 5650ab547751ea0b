// Device interfaces, shaped after the rig's real instruments (Chemyx Fusion 6000 pumps,
// Watlow F4T controller, Ocean Insight spectrometers, LED and lamp). The virtual lab and
// every real driver implement these; nothing above this layer knows which one it talks to.
import type { Spectrum } from '../domain/spectrum.js';

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
  /** False when isOn() can only repeat the state last commanded (a switch line, an output without feedback). */
  readonly readsBack?: boolean;
}

export interface Spectrometer {
  readonly id: string;
  setIntegrationTimeMs(integrationTimeMs: number): Promise<void>;
  getIntegrationTimeMs(): Promise<number>;
  wavelengthsNm(): Promise<Float64Array>;
  /** One scan in detector counts; the signal ends the wait for it (WaitAbortedError). */
  acquire(options?: { signal?: AbortSignal }): Promise<Spectrum>;
}

/**
 * Time as the shell sees it: simulated for the virtual lab by default, wall clock on hardware.
 * A sleep given a signal ends as soon as the signal aborts, rejecting with WaitAbortedError,
 * so no wait that holds the rig outlasts an abort.
 */
export interface Clock {
  nowS(): number;
  sleepS(durationS: number, signal?: AbortSignal): Promise<void>;
}

/** A wait (sleep, device exchange) ended early because its abort signal fired. */
export class WaitAbortedError extends Error {
  constructor(what = 'wait') {
    super(`${what} aborted`);
    this.name = 'WaitAbortedError';
  }
}

/** What a device can do; the run engine picks devices by capability and role, never by driver. */
export type DeviceCapability = 'pump' | 'heater' | 'light' | 'spectrometer';

export interface DeviceByCapability {
  pump: SyringePump;
  heater: TemperatureController;
  light: LightSource;
  spectrometer: Spectrometer;
}

/** A device as a rig describes it: the capability, the role it plays (see roles.ts), a name for people. */
export interface DeviceDescription {
  capability: DeviceCapability;
  role: string;
  label: string;
}

/** One device of a rig with its driver; `device` is typed by `capability`. */
export type RigDevice = {
  [C in DeviceCapability]: DeviceDescription & { capability: C; device: DeviceByCapability[C] };
}[DeviceCapability];

/** Limits of a rig that no job may cross, from its lab configuration. */
export interface RigSafetyLimits {
  /** The reactor must never be hotter than this: a hard over-temperature alarm. */
  maxTemperatureC?: number;
}

/**
 * The whole rig, as the run engine sees it: a list of devices. How many pumps, spectrometers
 * or lights it has is configuration; the run engine checks that what an experiment needs is
 * there before anything moves (src/automation/requirements.ts).
 */
export interface Rig {
  readonly kind: string;
  readonly devices: readonly RigDevice[];
  /** The device of that capability and role, or undefined if the rig has none. */
  find<C extends DeviceCapability>(capability: C, role: string): DeviceByCapability[C] | undefined;
  /** These throw MissingDeviceError, naming the role and what the rig has instead. */
  pump(role: string): SyringePump;
  heater(role?: string): TemperatureController;
  light(role: string): LightSource;
  spectrometer(role: string): Spectrometer;
  clock: Clock;
  /** Limits from the lab configuration; the run engine's defaults apply to what is not given. */
  readonly safety?: RigSafetyLimits;
  close(): Promise<void>;
}

/** A device that did not answer, answered nonsense, or reported a fault. */
export class InstrumentError extends Error {
  constructor(readonly device: string, message: string) {
    super(`${device}: ${message}`);
    this.name = 'InstrumentError';
  }
}
