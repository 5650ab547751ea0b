// Paper Fig. 4A/B: features at one reaction time for total flows from 200 to 1000 uL/min;
// below ~600 uL/min the reaction is mixing limited.
import type { ChartSpec } from './common.js';
import { featurePanelsChart } from './feature-panels.js';

export interface FlowrateRow {
  totalPrecursorFlowUlPerMin: number;
  abs300: number;
  plIntensity: number;
  plArea: number;
}

export const MIXING_THRESHOLD_UL_PER_MIN = 600;

export function flowrateChart(data: { rows: readonly FlowrateRow[] }): ChartSpec {
  return featurePanelsChart({
    title: 'Total flow rate at constant reaction time',
    rows: data.rows.map((r) => ({ ...r })),
    x: { field: 'totalPrecursorFlowUlPerMin', title: 'total precursor flow (µL/min)' },
    features: ['abs300', 'plIntensity', 'plArea'],
    connect: true,
    rule: { x: MIXING_THRESHOLD_UL_PER_MIN, label: '600 µL/min' },
  });
}
