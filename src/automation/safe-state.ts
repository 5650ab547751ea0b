// The state a fault must leave the rig in: every device that can be made safe is, by what it
// is: pumps stopped, heaters off (standby), lights off. The walk covers every device of the
// rig, also those no experiment uses (an extra wash pump), and tries each even if an earlier
// one fails, since a lost link to one device must not keep another pumping.
//
// A command is not proof: each device is read back afterwards, and a command that was refused,
// timed out or did not take is sent again (a few times, with short pauses). A heater that will
// not go to mode off gets its set point lowered to ambient instead, which stops the heating
// just as well, and that set point is read back. The report says, per device, what was done,
// what the device reported at the end, and whether that is confirmed safe.
import { wallSleepMs } from '../instruments/clock.js';
import type { DeviceCapability, LightSource, PumpState, RigDevice, Rig, SyringePump, TemperatureController } from '../instruments/interfaces.js';

export interface DeviceSafeState {
  capability: DeviceCapability;
  role: string;
  label: string;
  /** The device read back in its safe state (a heater: mode off, or its set point at ambient). */
  safe: boolean;
  /** What the device reported at the end, e.g. 'stopped', 'mode off', 'set point 25 C, mode auto'. */
  state: string;
  /** Commands sent and read-backs, in order. */
  actions: string[];
  /** Errors and refusals on the way, even when the device ended up safe. */
  problems: string[];
}

export interface SafeStateReport {
  /** Devices that could not be confirmed safe, with why ('pump cui: ...'). */
  failures: string[];
  /** Every device with a safe state, in the order they were made safe. */
  devices: DeviceSafeState[];
}

export interface SafeStateOptions {
  /** Attempts per command before the device counts as not confirmed (default 3). */
  attempts?: number;
  /** Pause between attempts, wall time (default 100 ms, then 300 ms). */
  retryPauseMs?: (attempt: number) => number;
  /** The set point a heater falls back to when mode off is not confirmed (default 25 C). */
  ambientC?: number;
}

/** First the flow (hot precursors), then the heat, then the light; a spectrometer has nothing to make safe. */
const SAFE_ORDER: readonly DeviceCapability[] = ['pump', 'heater', 'light'];

/** States in which a pump moves no liquid and will not start by itself. */
const PUMP_AT_REST: readonly PumpState[] = ['stopped', 'stalled'];

/** A set point read back this close to the fallback counts as confirmed. */
const SETPOINT_TOLERANCE_C = 0.5;

export const DEFAULT_AMBIENT_C = 25;

interface Steps {
  readonly attempts: number;
  pause(attempt: number): Promise<void>;
  actions: string[];
  problems: string[];
}

export async function enterSafeState(rig: Pick<Rig, 'devices'>, options: SafeStateOptions = {}): Promise<SafeStateReport> {
  const devices: DeviceSafeState[] = [];
  for (const capability of SAFE_ORDER) {
    // Devices of one kind are made safe together: a dead link's timeouts then cost once, not once per device.
    const entries = rig.devices.filter((d) => d.capability === capability);
    devices.push(...(await Promise.all(entries.map((entry) => makeSafe(entry, options)))));
  }
  const failures = devices.filter((d) => !d.safe).map((d) => `${d.capability} ${d.role}: ${d.problems.length > 0 ? d.problems.join('; ') : d.state}`);
  return { failures, devices };
}

async function makeSafe(entry: RigDevice, options: SafeStateOptions): Promise<DeviceSafeState> {
  const steps: Steps = {
    attempts: Math.max(1, options.attempts ?? 3),
    pause: (attempt) => wallSleepMs(options.retryPauseMs?.(attempt) ?? (attempt === 1 ? 100 : 300)),
    actions: [],
    problems: [],
  };
  const base = { capability: entry.capability, role: entry.role, label: entry.label, actions: steps.actions, problems: steps.problems };
  switch (entry.capability) {
    case 'pump': return { ...base, ...(await stopPump(entry.device, steps)) };
    case 'heater': return { ...base, ...(await heaterOff(entry.device, steps, options.ambientC ?? DEFAULT_AMBIENT_C)) };
    case 'light': return { ...base, ...(await lightOff(entry.device, steps)) };
    case 'spectrometer': return { ...base, safe: true, state: 'nothing to make safe' };
  }
}

type Outcome = { safe: boolean; state: string };

/** Runs `call`; an error is noted (once per distinct message) and returned as undefined. */
async function attempt<T>(steps: Steps, label: string, call: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> {
  try {
    const value = await call();
    return { ok: true, value };
  } catch (error) {
    const message = (error as Error).message;
    steps.actions.push(`${label}: failed`);
    if (!steps.problems.includes(message)) steps.problems.push(message);
    return { ok: false };
  }
}

/** `stop`, then the status read back; again while the pump still reports it is moving. */
async function stopPump(pump: SyringePump, steps: Steps): Promise<Outcome> {
  let state: PumpState | undefined;
  for (let n = 1; n <= steps.attempts; n++) {
    if (n > 1) await steps.pause(n - 1);
    const stopped = await attempt(steps, 'stop', () => pump.stop());
    if (stopped.ok) steps.actions.push('stop');
    const status = await attempt(steps, 'status', () => pump.status());
    if (status.ok) {
      state = status.value.state;
      steps.actions.push(`status: ${state}`);
      if (PUMP_AT_REST.includes(state)) return { safe: true, state };
      if (!steps.problems.some((p) => p.startsWith('still'))) steps.problems.push(`still ${state} after stop`);
    }
  }
  return { safe: false, state: state ?? 'unknown (status not read)' };
}

/** Mode off, read back; if that is not confirmed, the set point to ambient, read back. */
async function heaterOff(heater: TemperatureController, steps: Steps, ambientC: number): Promise<Outcome> {
  let mode: string | undefined;
  for (let n = 1; n <= steps.attempts; n++) {
    if (n > 1) await steps.pause(n - 1);
    const written = await attempt(steps, 'mode off', () => heater.setMode('off'));
    if (written.ok) steps.actions.push('mode off');
    const read = await attempt(steps, 'read mode', () => heater.readMode());
    if (read.ok) {
      mode = read.value;
      steps.actions.push(`mode: ${mode}`);
      if (mode === 'off') return { safe: true, state: 'mode off' };
    }
  }
  steps.problems.push(`mode off not confirmed (${mode === undefined ? 'mode not read' : `reads ${mode}`}); falling back to a set point of ${ambientC} C`);
  let setpointC: number | undefined;
  for (let n = 1; n <= steps.attempts; n++) {
    if (n > 1) await steps.pause(n - 1);
    const written = await attempt(steps, `set point ${ambientC} C`, () => heater.setSetpointC(ambientC));
    if (written.ok) steps.actions.push(`set point ${ambientC} C`);
    const read = await attempt(steps, 'read set point', () => heater.readSetpointC());
    if (read.ok) {
      setpointC = read.value;
      steps.actions.push(`set point: ${setpointC} C`);
      if (Math.abs(setpointC - ambientC) <= SETPOINT_TOLERANCE_C) return { safe: true, state: `set point ${setpointC} C, mode ${mode ?? 'unknown'} (mode off not confirmed)` };
    }
  }
  return { safe: false, state: `mode ${mode ?? 'unknown'}, set point ${setpointC === undefined ? 'unknown' : `${setpointC} C`}` };
}

/** Off, then the state read back (for a light that cannot be read back: the state as last commanded). */
async function lightOff(light: LightSource, steps: Steps): Promise<Outcome> {
  let on: boolean | undefined;
  for (let n = 1; n <= steps.attempts; n++) {
    if (n > 1) await steps.pause(n - 1);
    const written = await attempt(steps, 'off', () => light.setOn(false));
    if (written.ok) steps.actions.push('off');
    const read = await attempt(steps, 'read state', () => light.isOn());
    if (read.ok) {
      on = read.value;
      steps.actions.push(`state: ${on ? 'on' : 'off'}`);
      if (!on && (written.ok || light.readsBack !== false)) return { safe: true, state: light.readsBack === false ? 'off (as commanded; this light cannot be read back)' : 'off' };
    }
  }
  return { safe: false, state: on === undefined ? 'unknown (state not read)' : on ? 'on' : 'off (not confirmed)' };
}
