// Paper Fig. 4C/D: features for reaction times of 25 to 42 s at flows above 600 uL/min.
import type { ChartSpec } from './common.js';
import { featurePanelsChart } from './feature-panels.js';

export interface ReactionTimeRow {
  reactionTimeS: number;
  abs300: number;
  plIntensity: number;
  plArea: number;
}

export function reactionTimeChart(data: { rows: readonly ReactionTimeRow[] }): ChartSpec {
  return featurePanelsChart({
    title: 'Reaction time at mixing-independent flows',
    rows: data.rows.map((r) => ({ ...r })),
    x: { field: 'reactionTimeS', title: 'reaction time (s)' },
    features: ['abs300', 'plIntensity', 'plArea'],
    connect: true,
  });
}
