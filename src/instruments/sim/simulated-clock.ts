// Simulated time for the virtual lab: sleeping moves the clock forward at once, so an hour
// of rig time costs nothing. One actor drives it (the run engine); concurrent sleepers each
// add their own duration, so anything else that watches the lab should read state() instead.
// No wall time passes in a sleep, so an abort can only be seen before it: an aborted signal
// rejects the sleep and leaves the time as it was.
import { WaitAbortedError, type Clock } from '../interfaces.js';

export class SimulatedClock implements Clock {
  constructor(private timeS = 0) {}

  nowS(): number {
    return this.timeS;
  }

  async sleepS(durationS: number, signal?: AbortSignal): Promise<void> {
    if (Number.isNaN(durationS)) throw new RangeError('sleep duration is NaN');
    if (signal?.aborted) throw new WaitAbortedError('sleep');
    if (!(durationS > 0)) return;
    // A positive sleep always moves time, even by less than the clock's resolution, so a
    // loop waiting for 'now - start >= wait' cannot spin forever on rounding.
    const next = this.timeS + durationS;
    this.timeS = next > this.timeS ? next : nextAfter(this.timeS);
  }

  /** Moves time forward without an await (tests). */
  advanceS(durationS: number): void {
    if (!(durationS >= 0)) throw new RangeError(`cannot advance by ${durationS} s`);
    this.timeS += durationS;
  }
}

/** The smallest double above a non-negative finite x. */
function nextAfter(x: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  view.setBigUint64(0, view.getBigUint64(0) + 1n);
  return view.getFloat64(0);
}
