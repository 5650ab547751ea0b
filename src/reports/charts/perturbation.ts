// Paper Fig. 3B: a baseline condition repeated between random perturbing conditions.
import type { ChartSpec } from './common.js';
import { featurePanelsChart } from './feature-panels.js';

export interface PerturbationRow {
  /** Position in the run sequence (0-based). */
  index: number;
  role: 'baseline' | 'perturbation';
  abs300: number;
  plIntensity: number;
  plArea: number;
}

export function perturbationChart(data: { rows: readonly PerturbationRow[] }): ChartSpec {
  return featurePanelsChart({
    title: 'Baseline repeated between random conditions',
    rows: data.rows.map((r) => ({ ...r, run: r.index + 1 })),
    x: { field: 'run', title: 'run in sequence' },
    features: ['abs300', 'plIntensity', 'plArea'],
    color: { field: 'role', title: 'condition', type: 'nominal' },
  });
}
