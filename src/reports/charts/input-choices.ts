// Paper Fig. 8B: the inputs each policy chose at each iteration (physical units), one panel
// per input, one colour per policy.
import { finiteRows, labelOf, VEGA_LITE_SCHEMA, type ChartSpec } from './common.js';
import { policyColors } from './best-so-far.js';

export interface InputChoicePoint {
  policy: string;
  replicate: string;
  iteration: number;
  input: string;
  value: number;
}

export interface InputChoicesChartData {
  points: readonly InputChoicePoint[];
  /** Panel order. */
  inputs: readonly string[];
  policies: readonly string[];
}

export function inputChoicesChart(data: InputChoicesChartData): ChartSpec {
  const rows = finiteRows([...data.points], ['value']).map((p) => ({ ...p, label: labelOf(p.input) }));
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: 'Inputs chosen over the iterations',
    data: { values: rows },
    facet: { field: 'label', type: 'nominal', title: null, sort: data.inputs.map(labelOf) },
    columns: 4,
    resolve: { scale: { y: 'independent' }, axis: { x: 'independent' } },
    spec: {
      width: 150,
      height: 100,
      mark: { type: 'line', point: { filled: true, size: 25 }, strokeWidth: 1.2, opacity: 0.85 },
      encoding: {
        x: { field: 'iteration', type: 'quantitative', title: 'iteration', axis: { tickMinStep: 1 } },
        y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
        color: { field: 'policy', type: 'nominal', title: 'policy', scale: { domain: [...data.policies], range: policyColors(data.policies) } },
        detail: { field: 'replicate', type: 'nominal' },
        tooltip: [
          { field: 'policy', type: 'nominal' },
          { field: 'replicate', type: 'nominal', title: 'campaign' },
          { field: 'iteration', type: 'quantitative' },
          { field: 'input', type: 'nominal' },
          { field: 'value', type: 'quantitative', format: '.4~g' },
        ],
      },
    },
  };
}
