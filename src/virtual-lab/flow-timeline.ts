// What the pumps actually delivered, as a history of segments of constant flow. The fluid is
// incompressible, so the position of any fluid element follows from the cumulative volume
// pushed through each section since it entered: a time-varying plug-flow map.
import { PUMP_IDS, type PumpId } from '../chemistry/rig-geometry.js';
import { CUI_STREAM_PUMPS, CS_STREAM_PUMPS } from './droplet.js';

export const PUMP_COUNT = PUMP_IDS.length;
export const PUMP_INDEX = Object.fromEntries(PUMP_IDS.map((id, i) => [id, i])) as Record<PumpId, number>;
const CUI_INDICES = CUI_STREAM_PUMPS.map((id) => PUMP_INDEX[id]);
const CS_INDICES = CS_STREAM_PUMPS.map((id) => PUMP_INDEX[id]);

/** Which cumulative volume: 'cuiStream' (CuI line before segmentation) or 'droplet' (all eight pumps, reactor onwards). */
export type FlowSection = 'cuiStream' | 'droplet';

export interface TimelinePoint {
  timeS: number;
  segment: number;
}

export class FlowTimeline {
  private startsS: number[] = [];
  private rates = new Float64Array(PUMP_COUNT * 64);
  private cumulativeCui: number[] = [];
  private cumulativeDroplet: number[] = [];

  constructor(startTimeS = 0) {
    this.startsS.push(startTimeS);
    this.cumulativeCui.push(0);
    this.cumulativeDroplet.push(0);
  }

  get segmentCount(): number {
    return this.startsS.length;
  }

  segmentStartS(segment: number): number {
    return this.startsS[segment];
  }

  /** Delivered rate (uL/s) of one pump in a segment. */
  rateUlPerS(segment: number, pumpIndex: number): number {
    return this.rates[segment * PUMP_COUNT + pumpIndex];
  }

  sectionFlowUlPerS(segment: number, section: FlowSection): number {
    if (section === 'cuiStream') return this.streamFlow(segment, CUI_INDICES);
    let total = 0;
    for (let i = 0; i < PUMP_COUNT; i++) total += this.rateUlPerS(segment, i);
    return total;
  }

  cuiStreamFlowUlPerS(segment: number): number {
    return this.streamFlow(segment, CUI_INDICES);
  }

  csStreamFlowUlPerS(segment: number): number {
    return this.streamFlow(segment, CS_INDICES);
  }

  private streamFlow(segment: number, indices: readonly number[]): number {
    let total = 0;
    for (const i of indices) total += this.rateUlPerS(segment, i);
    return total;
  }

  /** From `timeS` on, the pumps deliver `ratesUlPerS` (indexed like PUMP_IDS). */
  setRates(timeS: number, ratesUlPerS: ArrayLike<number>): void {
    const last = this.startsS.length - 1;
    const lastStart = this.startsS[last];
    if (timeS < lastStart - 1e-9) throw new Error(`flow history cannot be rewritten (t=${timeS} s before ${lastStart} s)`);
    let same = true;
    for (let i = 0; i < PUMP_COUNT; i++) if (this.rateUlPerS(last, i) !== ratesUlPerS[i]) same = false;
    if (same) return;
    if (timeS <= lastStart + 1e-9) {
      this.rates.set(Array.from(ratesUlPerS), last * PUMP_COUNT);
      return;
    }
    const durationS = timeS - lastStart;
    this.cumulativeCui.push(this.cumulativeCui[last] + this.cuiStreamFlowUlPerS(last) * durationS);
    this.cumulativeDroplet.push(this.cumulativeDroplet[last] + this.sectionFlowUlPerS(last, 'droplet') * durationS);
    this.startsS.push(timeS);
    if (this.rates.length < (last + 2) * PUMP_COUNT) {
      const grown = new Float64Array(this.rates.length * 2);
      grown.set(this.rates);
      this.rates = grown;
    }
    this.rates.set(Array.from(ratesUlPerS), (last + 1) * PUMP_COUNT);
  }

  /** Segment in force at `timeS` (the last one starting at or before it). */
  segmentAt(timeS: number): number {
    let low = 0;
    let high = this.startsS.length - 1;
    if (timeS <= this.startsS[0]) return 0;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.startsS[middle] <= timeS) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  private cumulativeArray(section: FlowSection): number[] {
    return section === 'cuiStream' ? this.cumulativeCui : this.cumulativeDroplet;
  }

  /** Volume pushed through a section from the start of the history to `timeS`. */
  cumulativeUl(section: FlowSection, timeS: number): number {
    const segment = this.segmentAt(timeS);
    const start = this.startsS[segment];
    return this.cumulativeArray(section)[segment] + this.sectionFlowUlPerS(segment, section) * Math.max(0, timeS - start);
  }

  /**
   * When the section had pushed `volumeUl` since the history started; null for volumes the
   * history never reached from its start (fluid that was already in the lines).
   */
  timeAtCumulative(section: FlowSection, volumeUl: number): TimelinePoint | null {
    if (!(volumeUl > 0)) return null;
    const cumulative = this.cumulativeArray(section);
    // Last segment whose starting volume is strictly below the target: it moved fluid.
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (cumulative[middle] < volumeUl) low = middle;
      else high = middle - 1;
    }
    const flow = this.sectionFlowUlPerS(low, section);
    if (!(flow > 0)) return null;
    return { timeS: this.startsS[low] + (volumeUl - cumulative[low]) / flow, segment: low };
  }
}
