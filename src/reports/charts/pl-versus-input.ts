// Paper Fig. 6A: the measured objective of every experiment of the digital twin's campaign
// against one input (temperature in the paper), coloured by who chose the experiment.
import { finiteRows, labelOf, VEGA_LITE_SCHEMA, type ChartSpec } from './common.js';
import { policyColors } from './best-so-far.js';

export interface InputValuePoint {
  /** The input's value in physical units. */
  x: number;
  value: number;
  /** Who chose it: 'initial design' or the policy. */
  origin: string;
  experiment: number;
}

export interface ValueVersusInputData {
  points: readonly InputValuePoint[];
  input: string;
  objective?: string;
  /** Legend order of the origins. */
  origins: readonly string[];
}

export function valueVersusInputChart(data: ValueVersusInputData): ChartSpec {
  const rows = finiteRows([...data.points], ['x', 'value']);
  const objective = labelOf(data.objective ?? 'plIntensity');
  const colors = policyColors(data.origins.map((o) => (o === 'initial design' ? 'initial' : o)));
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: `Measured ${objective.replace(/ \(.*\)$/, '')} against ${labelOf(data.input).replace(/ \(.*\)$/, '').toLowerCase()}`,
    width: 320,
    height: 240,
    data: { values: rows },
    mark: { type: 'point', filled: true, size: 45, opacity: 0.85 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: labelOf(data.input), scale: { zero: false } },
      y: { field: 'value', type: 'quantitative', title: objective, axis: { format: '~s' } },
      color: { field: 'origin', type: 'nominal', title: 'chosen by', scale: { domain: [...data.origins], range: colors } },
      shape: { field: 'origin', type: 'nominal', title: 'chosen by', scale: { domain: [...data.origins] } },
      tooltip: [
        { field: 'experiment', type: 'quantitative', title: 'experiment' },
        { field: 'x', type: 'quantitative', format: '.4~g', title: labelOf(data.input) },
        { field: 'value', type: 'quantitative', format: '.4~s', title: objective },
        { field: 'origin', type: 'nominal', title: 'chosen by' },
      ],
    },
  };
}
