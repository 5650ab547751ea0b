// Bring the reactor to temperature and wait until the process value has settled.
import type { Clock, TemperatureController } from '../instruments/interfaces.js';

export interface SettleOptions {
  toleranceC: number;
  stableS: number;
  timeoutS: number;
  pollIntervalS: number;
  /** Checked at every poll, so an abort does not wait for the heater. */
  signal?: AbortSignal;
}

/** Resolves with the settled PV; throws if it does not settle within the timeout. */
export async function settleTemperature(heater: TemperatureController, clock: Clock, setpointC: number, options: SettleOptions): Promise<number> {
  await heater.setMode('auto');
  await heater.setSetpointC(setpointC);
  const startS = clock.nowS();
  let inBandSinceS: number | undefined;
  for (;;) {
    if (options.signal?.aborted) throw new SettleAbortedError();
    const pv = await heater.readProcessValueC();
    if (!Number.isFinite(pv)) throw new Error(`heater returned a non-finite process value (${pv})`);
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
    await clock.sleepS(options.pollIntervalS);
  }
}

export class SettleAbortedError extends Error {
  constructor() {
    super('aborted while the reactor was heating');
    this.name = 'SettleAbortedError';
  }
}
