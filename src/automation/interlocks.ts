// Limits the reactor is held to whenever the run engine has the heater on: an over-temperature
// alarm on every process-value reading (settling, equilibration, measurement, feature series).
// The limit is the set point plus a margin (or, while the reactor cools to a lower set point,
// the temperature it cools from plus the margin), and never above the rig's hard maximum from
// its lab configuration. Crossing it is a fault: the run stops and the rig goes to the safe state.
import type { Rig } from '../instruments/interfaces.js';

/** The rig's hard maximum when its lab configuration gives none. */
export const DEFAULT_MAX_TEMPERATURE_C = 180;

export interface TemperatureLimit {
  limitC: number;
  /** Where the limit comes from, for the alarm message. */
  reason: string;
}

export function maxTemperatureOf(rig: Pick<Rig, 'safety'>): number {
  return rig.safety?.maxTemperatureC ?? DEFAULT_MAX_TEMPERATURE_C;
}

/** The over-temperature limit while the reactor heads for (or holds) `setpointC`, starting from `startC`. */
export function overTemperatureLimit(setpointC: number, startC: number, marginC: number, maxC: number): TemperatureLimit {
  const cooling = Number.isFinite(startC) && startC > setpointC;
  const relativeC = (cooling ? startC : setpointC) + marginC;
  if (maxC <= relativeC) return { limitC: maxC, reason: `the rig's maximum of ${maxC} C` };
  return { limitC: relativeC, reason: cooling ? `${marginC} C above the ${startC.toFixed(1)} C the reactor was cooling from to ${setpointC} C` : `set point ${setpointC} C + ${marginC} C` };
}

export class OverTemperatureError extends Error {
  constructor(readonly processValueC: number, readonly limit: TemperatureLimit) {
    super(`over-temperature alarm: reactor reads ${processValueC.toFixed(1)} C, above the limit of ${limit.limitC.toFixed(1)} C (${limit.reason})`);
    this.name = 'OverTemperatureError';
  }
}

export function checkOverTemperature(processValueC: number, limit: TemperatureLimit): void {
  if (processValueC > limit.limitC) throw new OverTemperatureError(processValueC, limit);
}

/** A set point the rig must never be asked for. */
export function checkSetpointAllowed(setpointC: number, maxC: number): void {
  if (!(setpointC <= maxC)) throw new Error(`set point ${setpointC} C is above the rig's maximum of ${maxC} C`);
}
