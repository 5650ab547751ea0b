// One syringe pump with its syringe: programmed diameter, rate and volume; what it reports
// (nominal dispensed volume) and what it really delivers (the real syringe bore, a gain
// error drawn at each start, nothing while stalled or blocked). The syringe level falls by
// what is really delivered; the pump stops by itself at its volume and stalls when empty.

export type SimPumpState = 'stopped' | 'running' | 'paused' | 'delayed' | 'stalled';

const VOLUME_EPSILON_UL = 1e-6;

export class PumpModel {
  state: SimPumpState = 'stopped';
  rateUlPerMin = 0;
  diameterMm: number;
  /** Volume to infuse before stopping; Infinity until programmed. */
  targetVolumeUl = Number.POSITIVE_INFINITY;
  /** Nominal volume since the last start (what the pump reports). */
  dispensedUl = 0;
  syringeLevelUl: number;
  gain = 1;
  /** Fault: the pump stalls whenever it should run. */
  stallFault = false;

  constructor(readonly id: string, readonly syringeCapacityUl: number, readonly syringeDiameterMm: number) {
    this.diameterMm = syringeDiameterMm;
    this.syringeLevelUl = syringeCapacityUl;
  }

  nominalRateUlPerS(): number {
    return this.state === 'running' ? this.rateUlPerMin / 60 : 0;
  }

  /** Flow into the lines; `blocked` when a clogged line lets nothing through. */
  deliveredRateUlPerS(blocked: boolean): number {
    if (this.state !== 'running' || blocked) return 0;
    const bore = (this.syringeDiameterMm / this.diameterMm) ** 2;
    return (this.rateUlPerMin / 60) * bore * this.gain;
  }

  /** Seconds until the pump stops or stalls by itself (Infinity if never). */
  secondsToNextEvent(blocked: boolean): number {
    if (this.state !== 'running') return Number.POSITIVE_INFINITY;
    let next = Number.POSITIVE_INFINITY;
    const nominal = this.nominalRateUlPerS();
    if (nominal > 0 && Number.isFinite(this.targetVolumeUl)) next = Math.max(0, (this.targetVolumeUl - this.dispensedUl) / nominal);
    const delivered = this.deliveredRateUlPerS(blocked);
    if (delivered > 0) next = Math.min(next, Math.max(0, this.syringeLevelUl / delivered));
    return next;
  }

  advance(durationS: number, blocked: boolean): void {
    if (this.state !== 'running' || durationS <= 0) return;
    this.dispensedUl += this.nominalRateUlPerS() * durationS;
    this.syringeLevelUl = Math.max(0, this.syringeLevelUl - this.deliveredRateUlPerS(blocked) * durationS);
  }

  /** Applies the automatic transitions due now; true if the state changed. */
  settle(): boolean {
    if (this.state !== 'running') return false;
    if (this.syringeLevelUl <= VOLUME_EPSILON_UL || this.stallFault) {
      this.state = 'stalled';
      return true;
    }
    if (this.dispensedUl >= this.targetVolumeUl - VOLUME_EPSILON_UL) {
      this.dispensedUl = this.targetVolumeUl;
      this.state = 'stopped';
      return true;
    }
    return false;
  }

  start(gain: number): void {
    this.dispensedUl = 0;
    this.gain = gain;
    this.state = 'running';
    this.settle();
  }

  stop(): void {
    this.state = 'stopped';
  }

  refill(levelUl: number): void {
    if (!(levelUl >= 0 && levelUl <= this.syringeCapacityUl)) {
      throw new RangeError(`syringe ${this.id} holds 0-${this.syringeCapacityUl} uL, got ${levelUl}`);
    }
    this.syringeLevelUl = levelUl;
  }
}
