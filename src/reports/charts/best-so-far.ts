// Paper Fig. 8A: best PL so far against iteration for each decision policy; with replicates,
// the median with the 25-75 % band and each replicate as a thin line.
import { finiteRows, labelOf, VEGA_LITE_SCHEMA, type ChartSpec } from './common.js';

export interface BestSoFarRunPoint {
  policy: string;
  replicate: string;
  iteration: number;
  best: number;
}

export interface BestSoFarBandPoint {
  policy: string;
  iteration: number;
  median: number;
  lowerQuartile: number;
  upperQuartile: number;
  replicates: number;
}

export interface BestSoFarChartData {
  runs: readonly BestSoFarRunPoint[];
  bands: readonly BestSoFarBandPoint[];
  /** Policies in legend order. */
  policies: readonly string[];
  /** A horizontal reference line, e.g. the best of the exploration campaign that informed them. */
  reference?: { label: string; value: number };
  objective?: string;
}

export const POLICY_COLORS: Record<string, string> = { ei: '#1b9e77', ucb: '#d95f02', eplt: '#7570b3', random: '#777777', mv: '#e7298a' };
const FALLBACK_COLORS = ['#66a61e', '#e6ab02', '#a6761d', '#1f78b4', '#b15928'];

export function policyColors(policies: readonly string[]): string[] {
  let spare = 0;
  return policies.map((p) => POLICY_COLORS[p] ?? FALLBACK_COLORS[spare++ % FALLBACK_COLORS.length]);
}

export function bestSoFarChart(data: BestSoFarChartData): ChartSpec {
  const color = { field: 'policy', type: 'nominal' as const, title: 'policy', scale: { domain: [...data.policies], range: policyColors(data.policies) }, legend: { symbolOpacity: 1, symbolType: 'circle' } };
  const x = { field: 'iteration', type: 'quantitative' as const, title: 'iteration', axis: { tickMinStep: 1 } };
  const objective = labelOf(data.objective ?? 'plIntensity');
  const bands = finiteRows([...data.bands], ['median', 'lowerQuartile', 'upperQuartile']);
  const runs = finiteRows([...data.runs], ['best']);
  const lastIteration = Math.max(1, ...bands.map((b) => b.iteration));
  const layer: NonNullable<Extract<ChartSpec, { layer: unknown }>['layer']> = [
    {
      data: { values: bands.filter((b) => b.replicates > 1) },
      mark: { type: 'area', opacity: 0.18 },
      encoding: { x, y: { field: 'lowerQuartile', type: 'quantitative' }, y2: { field: 'upperQuartile' }, color },
    },
    {
      data: { values: runs },
      mark: { type: 'line', strokeWidth: 1, opacity: 0.35, interpolate: 'step-after' },
      encoding: { x, y: { field: 'best', type: 'quantitative' }, color, detail: { field: 'replicate', type: 'nominal' } },
    },
    {
      data: { values: bands },
      mark: { type: 'line', strokeWidth: 2.5, interpolate: 'step-after', point: { filled: true, size: 40 } },
      encoding: {
        x,
        y: { field: 'median', type: 'quantitative', title: `best ${objective} so far`, scale: { zero: false }, axis: { format: '~s' } },
        color,
        tooltip: [
          { field: 'policy', type: 'nominal' },
          { field: 'iteration', type: 'quantitative' },
          { field: 'median', type: 'quantitative', format: '.4~s', title: 'best so far (median)' },
          { field: 'replicates', type: 'quantitative' },
        ],
      },
    },
  ];
  if (data.reference && Number.isFinite(data.reference.value)) {
    layer.push({
      data: { values: [data.reference] },
      mark: { type: 'rule', strokeDash: [6, 4], color: '#333' },
      encoding: { y: { field: 'value', type: 'quantitative' }, tooltip: [{ field: 'label', type: 'nominal' }, { field: 'value', type: 'quantitative', format: '.4~s' }] },
    });
    layer.push({
      data: { values: [data.reference] },
      mark: { type: 'text', align: 'right', dx: -2, dy: 8, fontSize: 10, color: '#333' },
      encoding: { y: { field: 'value', type: 'quantitative' }, x: { datum: lastIteration, type: 'quantitative' }, text: { field: 'label' } },
    });
  }
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: 'Best condition so far',
    width: 380,
    height: 240,
    layer,
  };
}
