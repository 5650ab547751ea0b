// Waits that hold the rig: rig-clock sleeps that end at once on an abort, and long ones cut
// into steps with the interlocks checked between them.
import { WaitAbortedError, type Clock } from '../instruments/interfaces.js';
import { ExperimentAbortedError } from './errors.js';
import { SettleAbortedError } from './heater-settle.js';

export interface WatchedSleepOptions {
  signal?: AbortSignal;
  /** Longest step between two watches, in rig seconds. */
  everyS: number;
  /** Runs after each step (interlocks); throws to end the wait with a fault. */
  watch?: () => Promise<void>;
}

/** Sleeps `durationS` of rig time, watching every `everyS`; an abort ends it at once (ExperimentAbortedError). */
export async function watchedSleep(clock: Clock, durationS: number, options: WatchedSleepOptions): Promise<void> {
  const startS = clock.nowS();
  // Compare against a small tolerance: a clock that has advanced by a rounding error must not spin.
  for (;;) {
    const remainingS = durationS - (clock.nowS() - startS);
    if (remainingS <= 1e-6) return;
    await abortable(clock.sleepS(options.watch ? Math.min(options.everyS, remainingS) : remainingS, options.signal));
    await options.watch?.();
  }
}

/** The promise, with a wait ended by the abort signal turned into ExperimentAbortedError. */
export async function abortable<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (isAbort(error)) throw new ExperimentAbortedError();
    throw error;
  }
}

/** An error that means the job was aborted, not that something failed. */
export function isAbort(error: unknown): boolean {
  return error instanceof ExperimentAbortedError || error instanceof SettleAbortedError || error instanceof WaitAbortedError;
}
