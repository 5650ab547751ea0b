// The Shapley ranking as bars: mean |SHAP| per input, most important at the top, coloured by
// the direction of the effect.
import { labelOf, VEGA_LITE_SCHEMA, withUnitOf, type ChartSpec } from './common.js';

export interface ImportanceBar {
  input: string;
  meanAbsoluteShap: number;
  /** Fraction of the summed mean |SHAP|. */
  share: number;
  trend: 'increasing' | 'decreasing' | 'unclear';
}

export function shapImportanceChart(data: { ranking: readonly ImportanceBar[]; objective?: string }): ChartSpec {
  const rows = data.ranking.map((r) => ({ ...r, label: labelOf(r.input) }));
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: 'Mean |SHAP| per input',
    width: 260,
    height: { step: 22 },
    data: { values: rows },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'label', type: 'nominal', title: null, sort: rows.map((r) => r.label), axis: { labelLimit: 240 } },
      x: { field: 'meanAbsoluteShap', type: 'quantitative', title: withUnitOf('mean |SHAP|', data.objective ?? 'plIntensity'), axis: { format: '~s' } },
      color: {
        field: 'trend',
        type: 'nominal',
        title: 'twin output',
        scale: { domain: ['increasing', 'decreasing', 'unclear'], range: ['#d6604d', '#4393c3', '#999999'] },
        legend: { labelExpr: "datum.label === 'increasing' ? 'rises' : datum.label === 'decreasing' ? 'falls' : 'unclear'" },
      },
      tooltip: [
        { field: 'input', type: 'nominal' },
        { field: 'meanAbsoluteShap', type: 'quantitative', format: '.4~s', title: 'mean |SHAP|' },
        { field: 'share', type: 'quantitative', format: '.0%' },
        { field: 'trend', type: 'nominal' },
      ],
    },
  };
}
