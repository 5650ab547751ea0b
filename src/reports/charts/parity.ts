// Paper Fig. 6C/D: the twin's predicted PL against the measured PL, training and test
// experiments side by side, with the predictive std as error bars and the line y = x.
import { finiteRows, labelOf, PANEL_WIDTH_PX, VEGA_LITE_SCHEMA, type ChartSpec } from './common.js';

export interface ParityPoint {
  split: 'train' | 'test';
  measured: number;
  predictedMean: number;
  predictedStd: number;
}

export interface ParityChartData {
  points: readonly ParityPoint[];
  /** R^2 per split, shown in the panel titles; null: too few points for one (said so in the title). */
  r2?: { train: number | null; test: number | null };
  /** The objective (axis titles). Default 'plIntensity'. */
  objective?: string;
}

/** Two panels (train, test) sharing one domain, so the diagonal sits in the same place in both. */
export function parityChart(data: ParityChartData): ChartSpec {
  const points = finiteRows([...data.points], ['measured', 'predictedMean', 'predictedStd']);
  const extremes = points.flatMap((p) => [p.measured, p.predictedMean - p.predictedStd, p.predictedMean + p.predictedStd]);
  const low = extremes.length > 0 ? Math.min(...extremes) : 0;
  const high = extremes.length > 0 ? Math.max(...extremes) : 1;
  const pad = 0.05 * (high - low || 1);
  const domain = [low - pad, high + pad];
  const scale = { domain, nice: false, zero: false };
  const label = labelOf(data.objective ?? 'plIntensity');
  const panel = (split: 'train' | 'test', color: string) => {
    const r2 = data.r2?.[split];
    const rows = points.filter((p) => p.split === split).map((p) => ({ ...p, lower: p.predictedMean - p.predictedStd, upper: p.predictedMean + p.predictedStd }));
    return {
      title: `${split === 'train' ? 'Training' : 'Test'} set (n = ${rows.length}${r2 === undefined ? '' : r2 === null ? ', no R² below 10 points' : `, R² = ${formatR2(r2)}`})`,
      width: PANEL_WIDTH_PX,
      height: PANEL_WIDTH_PX,
      layer: [
        {
          data: { values: domain.map((v) => ({ measured: v, predictedMean: v })) },
          mark: { type: 'line' as const, color: '#999', strokeDash: [4, 4] },
          encoding: {
            x: { field: 'measured', type: 'quantitative' as const, scale },
            y: { field: 'predictedMean', type: 'quantitative' as const, scale },
          },
        },
        {
          data: { values: rows },
          mark: { type: 'rule' as const, color, opacity: 0.5 },
          encoding: {
            x: { field: 'measured', type: 'quantitative' as const, scale },
            y: { field: 'lower', type: 'quantitative' as const, scale },
            y2: { field: 'upper' },
          },
        },
        {
          data: { values: rows },
          mark: { type: 'point' as const, filled: true, color, size: 40 },
          encoding: {
            x: { field: 'measured', type: 'quantitative' as const, title: `measured ${label}`, scale, axis: { format: '~s' } },
            y: { field: 'predictedMean', type: 'quantitative' as const, title: `predicted ${label}`, scale, axis: { format: '~s' } },
            tooltip: [
              { field: 'measured', type: 'quantitative' as const, format: '.4~s' },
              { field: 'predictedMean', type: 'quantitative' as const, format: '.4~s', title: 'predicted mean' },
              { field: 'predictedStd', type: 'quantitative' as const, format: '.3~s', title: 'predicted std' },
            ],
          },
        },
      ],
    };
  };
  return {
    $schema: VEGA_LITE_SCHEMA,
    hconcat: [panel('train', '#1f6fb2'), panel('test', '#d95f02')],
  };
}

function formatR2(value: number): string {
  return Number.isFinite(value) ? value.toFixed(2) : 'n/a';
}
