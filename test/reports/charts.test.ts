import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  beeswarmOffsets,
  bestSoFarChart,
  flowrateChart,
  gridSpectraChart,
  inputChoicesChart,
  parityChart,
  perturbationChart,
  reactionTimeChart,
  residenceTimeChart,
  responseSurfaceChart,
  shapBeeswarmChart,
  shapImportanceChart,
  stabilityChart,
  uncertaintyBySizeChart,
  type ParityPoint,
} from '../../src/reports/charts/index.js';
import { comparePolicies } from '../../src/insights/index.js';
import { RIG_INPUT_NAMES } from '../../src/domain/rig-space.js';
import { renderChart } from './render.js';

const REPORT_CHART_FILES = [
  'common.ts', 'parity.ts', 'uncertainty-by-size.ts', 'shap-beeswarm.ts', 'shap-importance.ts', 'response-surface.ts', 'best-so-far.ts',
  'input-choices.ts', 'feature-panels.ts', 'stability.ts', 'perturbation.ts', 'residence-time.ts', 'flowrate.ts', 'reaction-time.ts', 'grid-spectra.ts', 'index.ts',
];

describe('chart specs', () => {
  it('import nothing from Node, so the browser can use them', () => {
    const dir = new URL('../../src/reports/charts/', import.meta.url);
    const present = readdirSync(dir);
    for (const file of REPORT_CHART_FILES) {
      expect(present).toContain(file);
      const source = readFileSync(new URL(file, dir), 'utf8');
      const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      for (const target of imports) expect(target === 'vega-lite' || target.startsWith('./'), `${file} imports ${target}`).toBe(true);
    }
  });

  it('parity: one point and one error bar per finite experiment, a diagonal per panel, one shared domain', async () => {
    const points: ParityPoint[] = [
      { split: 'train', measured: 100, predictedMean: 110, predictedStd: 5 },
      { split: 'train', measured: 200, predictedMean: 190, predictedStd: 8 },
      { split: 'train', measured: 300, predictedMean: 305, predictedStd: 4 },
      { split: 'test', measured: 150, predictedMean: 170, predictedStd: 12 },
      { split: 'test', measured: 250, predictedMean: 240, predictedStd: 9 },
      { split: 'test', measured: Number.NaN, predictedMean: 240, predictedStd: 9 },
    ];
    const spec = parityChart({ points, r2: { train: 0.97, test: 0.81 } });
    const chart = await renderChart(spec);
    expect(chart.warnings).toEqual([]);
    expect(chart.marks.symbol).toBe(5);
    expect(chart.marks.rule).toBe(5);
    expect(chart.marks.line).toBe(4);
    expect(chart.svg).toContain('R² = 0.81');
    expect(chart.svg.startsWith('<svg')).toBe(true);
    // Both panels cover the smallest and largest value including the error bars.
    const domains = JSON.stringify(spec).match(/"domain":\[([^\]]+)\]/g) ?? [];
    expect(new Set(domains).size).toBe(1);
    const [low, high] = JSON.parse(String(domains[0]).slice('"domain":'.length)) as number[];
    expect(low).toBeLessThan(100);
    expect(high).toBeGreaterThan(305);
  });

  it('uncertainty by size: a point and an error bar per training-set size', async () => {
    const bySize = [10, 20, 30, 40].map((size) => ({ size, meanStd: 1000 / size, stdOfStd: 10 }));
    const chart = await renderChart(uncertaintyBySizeChart({ bySize, monteCarloPoints: 1000 }));
    expect(chart.warnings).toEqual([]);
    expect(chart.marks.symbol).toBe(4);
    expect(chart.marks.rule).toBe(4);
  });

  it('beeswarm: one circle per experiment and input; stacked points get distinct offsets', async () => {
    const names = ['cuiFlowUlPerMin', 'temperatureC', 'oamOdeFlowUlPerMin'];
    const points = Array.from({ length: 12 }, (_, p) => names.map((input, i) => ({ input, shap: (i + 1) * (p % 3), featureUnit: p / 11, featurePhysical: p, experiment: p + 1 }))).flat();
    const chart = await renderChart(shapBeeswarmChart({ points, ranking: names }));
    expect(chart.warnings).toEqual([]);
    expect(chart.marks.symbol).toBe(36);
    expect(chart.marks.rule).toBe(1);
    const offsets = beeswarmOffsets(points);
    for (const input of names) {
      for (const shap of new Set(points.filter((p) => p.input === input).map((p) => p.shap))) {
        const same = offsets.filter((o) => o.input === input && o.shap === shap).map((o) => o.offset);
        expect(new Set(same).size).toBe(same.length);
        for (const offset of same) expect(Math.abs(offset)).toBeLessThanOrEqual(0.9);
      }
    }
    expect(beeswarmOffsets(points)).toEqual(offsets);
  });

  it('importance: one bar per input', async () => {
    const ranking = RIG_INPUT_NAMES.map((input, k) => ({ input, meanAbsoluteShap: 7 - k, share: (7 - k) / 28, trend: k % 2 === 0 ? 'increasing' as const : 'decreasing' as const }));
    const chart = await renderChart(shapImportanceChart({ ranking }));
    expect(chart.warnings).toEqual([]);
    expect(chart.marks.rect).toBe(7);
  });

  it('response surface: one cell per grid point, infeasible cells grey, the anchor marked', async () => {
    const cells = [];
    for (let j = 0; j < 4; j++) for (let i = 0; i < 5; i++) cells.push({ x: 50 + 50 * i, y: 120 + 10 * j, mean: i + j, std: 1, feasible: !(i === 0 && j < 3) });
    const chart = await renderChart(responseSurfaceChart({ xName: 'cuiFlowUlPerMin', yName: 'temperatureC', cells, anchor: { x: 150, y: 130, label: 'best' } }));
    expect(chart.warnings).toEqual([]);
    expect(chart.marks.rect).toBe(20);
    expect(chart.rectFills.filter((fill) => fill === '#d9d9d9')).toHaveLength(3);
    expect(chart.marks.symbol).toBe(1);
  });

  it('best so far: a line per replicate, the median per policy, a band only where there are replicates', async () => {
    const comparison = comparePolicies([
      { policy: 'ei', replicate: 'a', values: [1, 3, 2, 5], direction: 'maximize' },
      { policy: 'ei', replicate: 'b', values: [2, 2, 4, 4], direction: 'maximize' },
      { policy: 'random', replicate: 'c', values: [1, Number.NaN, 2, 1], direction: 'maximize' },
    ]);
    const runs = comparison.runs.flatMap((r) => r.bestSoFar.map((best, t) => ({ policy: r.policy, replicate: String(r.replicate), iteration: t + 1, best })));
    const bands = comparison.policies.flatMap((p) => p.iterations.map((it) => ({ policy: p.policy, iteration: it.iteration, median: it.median, lowerQuartile: it.lowerQuartile, upperQuartile: it.upperQuartile, replicates: it.count })));
    const chart = await renderChart(bestSoFarChart({ runs, bands, policies: ['ei', 'random'], reference: { label: 'exploration', value: 4.5 } }));
    expect(chart.warnings).toEqual([]);
    // Median lines carry a point per iteration: 4 for ei, 4 for random.
    expect(chart.marks.symbol).toBe(8);
    // Replicate lines (4 + 4 + 4 points) and median lines (4 + 4).
    expect(chart.marks.line).toBe(20);
    // The band is drawn for ei only (4 iterations).
    expect(chart.marks.area).toBe(4);
    expect(chart.marks.rule).toBe(1);
    // One legend entry per policy, whichever layer the legend is merged from.
    expect(chart.legendSymbols).toBe(2);
  });

  it('input choices: a point per run, iteration and input, one panel per input', async () => {
    const comparison = comparePolicies([
      { policy: 'ei', replicate: 'a', values: [1, 2, 3], direction: 'maximize', inputs: [[1, 2, 3, 4, 5, 6, 7], [2, 3, 4, 5, 6, 7, 8], [3, 4, 5, 6, 7, 8, 9]] },
      { policy: 'random', replicate: 'b', values: [1, 2, 3], direction: 'maximize', inputs: [[7, 6, 5, 4, 3, 2, 1], [6, 5, 4, 3, 2, 1, 0], [5, 4, 3, 2, 1, 0, 1]] },
    ], { inputNames: RIG_INPUT_NAMES });
    const points = comparison.inputChoices.map((c) => ({ ...c, replicate: String(c.replicate) }));
    const chart = await renderChart(inputChoicesChart({ points, inputs: RIG_INPUT_NAMES, policies: ['ei', 'random'] }));
    expect(chart.warnings).toEqual([]);
    expect(chart.marks.symbol).toBe(42);
    expect(chart.marks.line).toBe(42);
  });

  it('study panels: a point per finite feature value, one panel per feature', async () => {
    const stability = Array.from({ length: 5 }, (_, k) => ({ timeMin: k, abs300: 0.5, plIntensity: 1e5 + k, plArea: 1e7 }));
    expect((await renderChart(stabilityChart({ rows: stability }))).marks.symbol).toBe(15);
    const flow = [200, 400, 600, 800].map((f, k) => ({ totalPrecursorFlowUlPerMin: f, abs300: k === 0 ? Number.NaN : f / 1000, plIntensity: f * 100, plArea: f }));
    const flowChart = await renderChart(flowrateChart({ rows: flow }));
    expect(flowChart.warnings).toEqual([]);
    expect(flowChart.marks.symbol).toBe(11);
    expect(flowChart.marks.rule).toBe(3);
    const perturbation = Array.from({ length: 9 }, (_, index) => ({ index, role: index % 2 === 0 ? 'baseline' as const : 'perturbation' as const, abs300: 0.5, plIntensity: 1e5, plArea: 1e7 }));
    expect((await renderChart(perturbationChart({ rows: perturbation }))).marks.symbol).toBe(27);
    const reaction = [25, 31, 42].map((reactionTimeS) => ({ reactionTimeS, abs300: 0.5, plIntensity: 1e5, plArea: 1e7 }));
    expect((await renderChart(reactionTimeChart({ rows: reaction }))).marks.symbol).toBe(9);
    const residence = [25, 42].flatMap((reactionTimeS) => [0, 0.5, 1, 1.5].map((residenceTimes) => ({ reactionTimeS, residenceTimes, abs300: residenceTimes, plIntensity: 1e5 * residenceTimes })));
    const residenceChart = await renderChart(residenceTimeChart({ rows: residence }));
    expect(residenceChart.warnings).toEqual([]);
    expect(residenceChart.marks.symbol).toBe(16);
  });

  it('grid spectra: one line point per spectrum bin, one panel per varied input', async () => {
    const points = ['cuiFlowUlPerMin', 'temperatureC'].flatMap((varied) => [1, 2, 3].flatMap((level) => Array.from({ length: 10 }, (_, k) => ({ varied, level, wavelengthNm: 400 + 10 * k, signal: level * Math.exp(-(((k - 5) / 2) ** 2)) }))));
    const chart = await renderChart(gridSpectraChart({ points, varied: ['cuiFlowUlPerMin', 'temperatureC'] }));
    expect(chart.warnings).toEqual([]);
    expect(chart.marks.line).toBe(60);
  });
});
