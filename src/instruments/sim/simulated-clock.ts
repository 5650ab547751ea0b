// Simulated time for the virtual lab: sleeping moves the clock forward at once, so an hour
// of rig time costs nothing. One actor drives it (the run engine); concurrent sleepers each
// add their own duration, so anything else that watches the lab should read state() instead.
import type { Clock } from '../interfaces.js';

export class SimulatedClock implements Clock {
  constructor(private timeS = 0) {}

  nowS(): number {
    return this.timeS;
  }

  async sleepS(durationS: number): Promise<void> {
    if (Number.isNaN(durationS)) throw new RangeError('sleep duration is NaN');
    this.timeS += Math.max(0, durationS);
  }

  /** Moves time forward without an await (tests). */
  advanceS(durationS: number): void {
    if (!(durationS >= 0)) throw new RangeError(`cannot advance by ${durationS} s`);
    this.timeS += durationS;
  }
}
