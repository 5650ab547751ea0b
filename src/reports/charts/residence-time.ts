// Paper Fig. 3C: Abs300 (and PL) after a flow change, in residence times, for three
// reaction times; the dashed line marks the 1.2 residence times the paper waits.
import type { ChartSpec } from './common.js';
import { featurePanelsChart } from './feature-panels.js';

export interface ResidenceTimeRow {
  reactionTimeS: number;
  /** Time since the flow change divided by the residence time. */
  residenceTimes: number;
  abs300: number;
  plIntensity: number;
}

/** The equilibration time the paper found for every condition (t_E = 1.2 tau). */
export const PAPER_EQUILIBRATION_RESIDENCE_TIMES = 1.2;

export function residenceTimeChart(data: { rows: readonly ResidenceTimeRow[] }): ChartSpec {
  return featurePanelsChart({
    title: 'Dynamic residence-time study',
    rows: data.rows.map((r) => ({ ...r, reaction: `${r.reactionTimeS.toFixed(0)} s` })),
    x: { field: 'residenceTimes', title: 'time since the flow change (residence times τ)' },
    features: ['abs300', 'plIntensity'],
    color: { field: 'reaction', title: 'reaction time', type: 'nominal' },
    connect: true,
    rule: { x: PAPER_EQUILIBRATION_RESIDENCE_TIMES, label: '1.2 τ' },
  });
}
