// Bring the reactor to temperature and wait until the process value has settled, with the
// over-temperature alarm checked at every reading.
import { WaitAbortedError, type Clock, type TemperatureController } from '../instruments/interfaces.js';
import { checkOverTemperature, checkSetpointAllowed, overTemperatureLimit } from './interlocks.js';

export interface SettleOptions {
  toleranceC: number;
  stableS: number;
  timeoutS: number;
  pollIntervalS: number;
  /** Over-temperature margin above the set point, and the rig's hard maximum. */
  overTemperatureMarginC: number;
  maxTemperatureC: number;
  /** Ends the wait at once: an abort does not wait for the heater. */
  signal?: AbortSignal;
}

/** Resolves with the settled PV; throws if it does not settle within the timeout or runs too hot. */
export async function settleTemperature(heater: TemperatureController, clock: Clock, setpointC: number, options: SettleOptions): Promise<number> {
  checkSetpointAllowed(setpointC, options.maxTemperatureC);
  if (options.signal?.aborted) throw new SettleAbortedError();
  await heater.setMode('auto');
  await heater.setSetpointC(setpointC);
  const startS = clock.nowS();
  let inBandSinceS: number | undefined;
  let limit: ReturnType<typeof overTemperatureLimit> | undefined;
  for (;;) {
    if (options.signal?.aborted) throw new SettleAbortedError();
    const pv = await heater.readProcessValueC();
    if (!Number.isFinite(pv)) throw new Error(`heater returned a non-finite process value (${pv})`);
    limit ??= overTemperatureLimit(setpointC, pv, options.overTemperatureMarginC, options.maxTemperatureC);
    checkOverTemperature(pv, limit);
    const now = clock.nowS();
    if (Math.abs(pv - setpointC) <= options.toleranceC) {
      inBandSinceS ??= now;
      if (now - inBandSinceS >= options.stableS) return pv;
    } else {
      inBandSinceS = undefined;
    }
    if (now - startS > options.timeoutS) {
      throw new Error(`temperature did not settle at ${setpointC} C within ${options.timeoutS} s (last reading ${pv.toFixed(2)} C)`);
    }
    try {
      await clock.sleepS(options.pollIntervalS, options.signal);
    } catch (error) {
      if (error instanceof WaitAbortedError) throw new SettleAbortedError();
      throw error;
    }
  }
}

export class SettleAbortedError extends Error {
  constructor() {
    super('aborted while the reactor was heating');
    this.name = 'SettleAbortedError';
  }
}
