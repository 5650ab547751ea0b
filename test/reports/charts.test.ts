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
  spectraByLevelChart,
  stabilityChart,
  uncertaintyBySizeChart,
  valueVersusInputChart,
  type ChartSpec,
  type ParityPoint,
} from '../../src/reports/charts/index.js';
import { comparePolicies } from '../../src/insights/index.js';
import { RIG_INPUT_NAMES } from '../../src/domain/rig-space.js';
import { renderChart } from './render.js';

const REPORT_CHART_FILES = [
  'common.ts', 'parity.ts', 'uncertainty-by-size.ts', 'shap-beeswarm.ts', 'shap-importance.ts', 'response-surface.ts', 'best-so-far.ts',
  'input-choices.ts', 'feature-panels.ts', 'stability.ts', 'perturbation.ts', 'residence-time.ts', 'flowrate.ts', 'reaction-time.ts', 'grid-spectra.ts', 'index.ts',
  'spectra-by-level.ts', 'pl-versus-input.ts',
];

/** Every x and y axis title of a spec (strings; arrays joined). */
function axisTitles(spec: unknown): string[] {
  const titles: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    const encoding = record.encoding as Record<string, { title?: unknown }> | undefined;
    for (const channel of ['x', 'y']) {
      const title = encoding?.[channel]?.title;
      if (typeof title === 'string') titles.push(title);
      if (Array.isArray(title)) titles.push(title.join(' '));
    }
    Object.values(record).forEach(walk);
  };
  walk(spec);
  return titles;
}

/** Axes counted in whole numbers need no unit; every other one names its unit in brackets. */
const UNITLESS_AXES = new Set(['iteration', 'training experiments', 'run in sequence']);
function expectUnits(spec: ChartSpec): void {
  for (const title of axisTitles(spec)) if (!UNITLESS_AXES.has(title)) expect(title, 'axis title without a unit').toMatch(/\([^)]+\)/);
}

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

  it('grid spectra: one line point per spectrum bin, one panel per varied input, a legend of level values per panel', async () => {
    const points = ['cuiFlowUlPerMin', 'temperatureC'].flatMap((varied) => [1, 2, 3].flatMap((level) => Array.from({ length: 10 }, (_, k) => ({
      varied, level: varied === 'temperatureC' ? 110 + 20 * level : 50 * level, wavelengthNm: 400 + 10 * k, signal: level * Math.exp(-(((k - 5) / 2) ** 2)),
      ...(varied === 'temperatureC' ? {} : { levelNote: `${(0.4 * level).toFixed(2)} mM` }),
    }))));
    const spec = gridSpectraChart({ points, varied: ['cuiFlowUlPerMin', 'temperatureC'], signalTitle: 'PL (counts/s)' });
    const chart = await renderChart(spec);
    expect(chart.warnings).toEqual([]);
    expect(chart.marks.line).toBe(60);
    // Three levels in each of the two legends, by value (with the droplet concentration they set) and the input's unit.
    expect(chart.legendSymbols).toBe(6);
    for (const text of ['CuI (µL/min)', 'Temperature (°C)', '50 (0.40 mM)', '150 (1.20 mM)', '130', '170']) expect(chart.svg).toContain(`>${text}<`);
    expectUnits(spec);
  });

  it('spectra by level: absorbance and PL panels, a line per level in each, the levels named with their unit', async () => {
    const points = [600, 800, 1000].flatMap((level) => (['absorbance', 'pl'] as const).flatMap((channel) => Array.from({ length: 20 }, (_, k) => ({
      level, channel, wavelengthNm: channel === 'pl' ? 400 + 5 * k : 250 + 5 * k, value: channel === 'pl' ? level * 100 * Math.exp(-(((k - 10) / 3) ** 2)) : 1 - k / 40,
    }))));
    const spec = spectraByLevelChart({ title: 'by flow', points: [...points, { level: 600, channel: 'pl', wavelengthNm: 500, value: Number.NaN }], levelTitle: 'total precursor flow (µL/min)', levelLabels: { 600: '600 µL/min', 800: '800 µL/min', 1000: '1,000 µL/min' }, plTitle: 'PL (counts/s)' });
    const chart = await renderChart(spec);
    expect(chart.warnings).toEqual([]);
    expect(chart.marks.line).toBe(120);
    expect(chart.legendSymbols).toBe(3);
    for (const text of ['600 µL/min', '1,000 µL/min', 'absorbance (unitless)', 'PL (counts/s)', 'wavelength (nm)']) expect(chart.svg).toContain(`>${text}<`);
    expectUnits(spec);
  });

  it('value against an input (Fig. 6A): a point per experiment, by who chose it', async () => {
    const points = Array.from({ length: 12 }, (_, k) => ({ x: 120 + 2.5 * k, value: 1e5 + 1e4 * k, origin: k < 4 ? 'initial design' : 'mv', experiment: k + 1 }));
    const spec = valueVersusInputChart({ points: [...points, { x: Number.NaN, value: 1, origin: 'mv', experiment: 99 }], input: 'temperatureC', origins: ['initial design', 'mv'] });
    const chart = await renderChart(spec);
    expect(chart.warnings).toEqual([]);
    expect(chart.marks.symbol).toBe(12);
    expect(chart.svg).toContain('>Temperature (°C)<');
    expect(chart.svg).toContain('>PL intensity (counts/s)<');
    expectUnits(spec);
  });

  it('every report chart names the unit of each quantitative axis', () => {
    const feature = { abs300: 0.5, plIntensity: 1e5, plArea: 1e7 };
    const specs: ChartSpec[] = [
      parityChart({ points: [{ split: 'train', measured: 1, predictedMean: 1, predictedStd: 0 }], r2: { train: 0.9, test: null } }),
      uncertaintyBySizeChart({ bySize: [{ size: 10, meanStd: 1, stdOfStd: 1 }], monteCarloPoints: 10 }),
      shapBeeswarmChart({ points: [{ input: 'temperatureC', shap: 1, featureUnit: 0.5, featurePhysical: 135, experiment: 1 }], ranking: ['temperatureC'] }),
      shapImportanceChart({ ranking: [{ input: 'temperatureC', meanAbsoluteShap: 1, share: 1, trend: 'increasing' }] }),
      responseSurfaceChart({ xName: 'cuMillimolar', yName: 'temperatureC', cells: [{ x: 1, y: 130, mean: 1, std: 1, feasible: true }] }),
      bestSoFarChart({ runs: [], bands: [], policies: ['ei'] }),
      stabilityChart({ rows: [{ timeMin: 1, ...feature }] }),
      flowrateChart({ rows: [{ totalPrecursorFlowUlPerMin: 600, ...feature }] }),
      reactionTimeChart({ rows: [{ reactionTimeS: 30, ...feature }] }),
      perturbationChart({ rows: [{ index: 0, role: 'baseline', ...feature }] }),
      residenceTimeChart({ rows: [{ reactionTimeS: 30, residenceTimes: 1, abs300: 0.5, plIntensity: 1e5 }] }),
    ];
    for (const spec of specs) expectUnits(spec);
    const titles = specs.flatMap(axisTitles);
    for (const unit of ['(counts/s)', '(counts/s nm)', '(unitless)', '(°C)', '(mM)', '(min)', '(µL/min)', '(s)']) expect(titles.some((t) => t.includes(unit)), unit).toBe(true);
  });

  it('response surface: infeasible cells are drawn grey even without a prediction', async () => {
    const cells = [0, 1, 2].flatMap((j) => [0, 1, 2].map((i) => ({ x: i, y: j, mean: i === 2 ? Number.NaN : i + j, std: i === 2 ? Number.NaN : 1, feasible: i !== 2 })));
    const chart = await renderChart(responseSurfaceChart({ xName: 'cuMillimolar', yName: 'oamPercent', cells, subtitle: 'held: the rest' }));
    expect(chart.warnings).toEqual([]);
    expect(chart.marks.rect).toBe(9);
    expect(chart.rectFills.filter((fill) => fill === '#d9d9d9')).toHaveLength(3);
    expect(chart.svg).toContain('>[CuI] in the droplet (mM)<');
    expect(chart.svg).toContain('>OAm (% v/v)<');
  });
});
