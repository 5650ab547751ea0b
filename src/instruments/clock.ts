// The wall clock for hardware and for the virtual lab's real-time mode. A speed factor
// above 1 runs a demo faster than life: time as seen through this clock passes that much faster.
import { WaitAbortedError, type Clock } from './interfaces.js';

export class RealtimeClock implements Clock {
  private readonly originMs: number;

  constructor(readonly speedFactor = 1, private readonly wallMs: () => number = () => performance.now()) {
    if (!(speedFactor > 0 && Number.isFinite(speedFactor))) throw new RangeError(`speed factor must be a positive number, got ${speedFactor}`);
    this.originMs = wallMs();
  }

  /** Seconds since the clock was made, scaled by the speed factor. */
  nowS(): number {
    return ((this.wallMs() - this.originMs) / 1000) * this.speedFactor;
  }

  sleepS(durationS: number, signal?: AbortSignal): Promise<void> {
    if (Number.isNaN(durationS)) return Promise.reject(new RangeError('sleep duration is NaN'));
    return wallSleepMs((Math.max(0, durationS) * 1000) / this.speedFactor, signal);
  }
}

/**
 * Waits `ms` of wall time; an abort of `signal` ends the wait at once with WaitAbortedError
 * (also when it had fired before the call).
 */
export function wallSleepMs(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(new WaitAbortedError('sleep'));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new WaitAbortedError('sleep'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
