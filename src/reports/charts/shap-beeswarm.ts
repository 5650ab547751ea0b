// Paper Fig. 7A: one SHAP value per experiment and input, inputs from most to least important,
// each point coloured by the input's value (low to high) so the direction of the effect shows.
import { finiteRows, labelOf, VEGA_LITE_SCHEMA, withUnitOf, type ChartSpec } from './common.js';

export interface ShapPoint {
  input: string;
  /** SHAP value of this input for one experiment (objective units). */
  shap: number;
  /** The input's value scaled to [0, 1] over its bounds: the colour. */
  featureUnit: number;
  /** The input's value in physical units (tooltip). */
  featurePhysical: number;
  experiment: number;
}

export interface ShapBeeswarmData {
  points: readonly ShapPoint[];
  /** Inputs from most to least important (top to bottom). */
  ranking: readonly string[];
  objective?: string;
}

/** Points closer than this share of the SHAP range are stacked instead of overlapping. */
const BIN_SHARE = 1 / 70;

export function shapBeeswarmChart(data: ShapBeeswarmData): ChartSpec {
  const points = finiteRows([...data.points], ['shap', 'featureUnit']);
  const rows = beeswarmOffsets(points).map((p) => ({ ...p, label: labelOf(p.input) }));
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: `SHAP values of the twin (${labelOf(data.objective ?? 'plIntensity')})`,
    width: 420,
    height: { step: 42 },
    data: { values: rows },
    layer: [
      { data: { values: [{}] }, mark: { type: 'rule', color: '#bbb' }, encoding: { x: { datum: 0, type: 'quantitative' } } },
      {
        mark: { type: 'circle', size: 28, opacity: 0.9 },
        encoding: {
          y: { field: 'label', type: 'nominal', title: null, sort: data.ranking.map(labelOf), axis: { labelLimit: 240 } },
          yOffset: { field: 'offset', type: 'quantitative', scale: { domain: [-1, 1] } },
          x: { field: 'shap', type: 'quantitative', title: withUnitOf('SHAP value: impact on the predicted output', data.objective ?? 'plIntensity'), axis: { format: '~s' } },
          color: {
            field: 'featureUnit',
            type: 'quantitative',
            title: ['input value', '(low → high)'],
            scale: { scheme: 'redblue', reverse: true, domain: [0, 1] },
            legend: { format: '.1f', gradientLength: 120 },
          },
          tooltip: [
            { field: 'input', type: 'nominal' },
            { field: 'featurePhysical', type: 'quantitative', format: '.4~g', title: 'input value' },
            { field: 'shap', type: 'quantitative', format: '.4~s', title: 'SHAP' },
            { field: 'experiment', type: 'quantitative' },
          ],
        },
      },
    ],
  };
}

/**
 * A deterministic beeswarm: within each input, points in the same small SHAP bin are placed
 * at 0, +1, -1, +2, -2, ... steps, scaled so the widest stack fills [-0.9, 0.9].
 */
export function beeswarmOffsets<T extends { input: string; shap: number }>(points: readonly T[]): (T & { offset: number })[] {
  const values = points.map((p) => p.shap);
  const span = values.length > 0 ? Math.max(...values) - Math.min(...values) : 0;
  const binWidth = span > 0 ? span * BIN_SHARE : 1;
  const slots = points.map((p, i) => ({ i, key: `${p.input}\u0000${Math.floor(p.shap / binWidth)}` }));
  const seen = new Map<string, number>();
  const steps = slots.map(({ key }) => {
    const k = seen.get(key) ?? 0;
    seen.set(key, k + 1);
    return k === 0 ? 0 : (k % 2 === 1 ? 1 : -1) * Math.ceil(k / 2);
  });
  const widest = Math.max(1, ...steps.map(Math.abs));
  return points.map((p, i) => ({ ...p, offset: (0.9 * steps[i]) / widest }));
}
