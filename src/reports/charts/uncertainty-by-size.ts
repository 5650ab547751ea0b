// Paper Fig. 6B: the twin's mean predictive std over a Monte Carlo set, with its spread, for
// twins trained on the first 10, 20, ... experiments.
import { finiteRows, PANEL_HEIGHT_PX, PANEL_WIDTH_PX, VEGA_LITE_SCHEMA, withUnitOf, type ChartSpec } from './common.js';

export interface UncertaintyPoint {
  size: number;
  meanStd: number;
  stdOfStd: number;
}

export interface UncertaintyChartData {
  bySize: readonly UncertaintyPoint[];
  monteCarloPoints: number;
  /** The twin's output (its unit is the std's). Default 'plIntensity'. */
  objective?: string;
}

export function uncertaintyBySizeChart(data: UncertaintyChartData): ChartSpec {
  const rows = finiteRows([...data.bySize], ['size', 'meanStd', 'stdOfStd'])
    .map((p) => ({ ...p, lower: p.meanStd - p.stdOfStd, upper: p.meanStd + p.stdOfStd }));
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: `Predictive std on ${data.monteCarloPoints} Monte Carlo points`,
    width: PANEL_WIDTH_PX,
    height: PANEL_HEIGHT_PX,
    data: { values: rows },
    encoding: { x: { field: 'size', type: 'quantitative', title: 'training experiments', axis: { tickMinStep: 10 } } },
    layer: [
      { mark: { type: 'rule', color: '#1f6fb2' }, encoding: { y: { field: 'lower', type: 'quantitative' }, y2: { field: 'upper' } } },
      { mark: { type: 'line', color: '#1f6fb2' }, encoding: { y: { field: 'meanStd', type: 'quantitative', title: withUnitOf('predictive std (mean ± std)', data.objective ?? 'plIntensity'), axis: { format: '~s' } } } },
      {
        mark: { type: 'point', filled: true, color: '#1f6fb2', size: 50 },
        encoding: {
          y: { field: 'meanStd', type: 'quantitative' },
          tooltip: [
            { field: 'size', type: 'quantitative', title: 'experiments' },
            { field: 'meanStd', type: 'quantitative', format: '.4~s', title: 'mean std' },
            { field: 'stdOfStd', type: 'quantitative', format: '.3~s', title: 'std of std' },
          ],
        },
      },
    ],
  };
}
