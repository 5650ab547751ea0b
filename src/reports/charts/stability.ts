// Paper Fig. 3A: Abs300, PL intensity and PL area of one condition held for two hours.
import type { ChartSpec } from './common.js';
import { featurePanelsChart } from './feature-panels.js';

export interface StabilityRow {
  timeMin: number;
  abs300: number;
  plIntensity: number;
  plArea: number;
}

export function stabilityChart(data: { rows: readonly StabilityRow[] }): ChartSpec {
  return featurePanelsChart({
    title: 'Continuous operation at one condition',
    rows: data.rows.map((r) => ({ ...r })),
    x: { field: 'timeMin', title: 'time since the flow change (min)' },
    features: ['abs300', 'plIntensity', 'plArea'],
    connect: true,
  });
}
