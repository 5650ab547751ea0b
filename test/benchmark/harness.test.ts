import { beforeAll, describe, expect, it } from 'vitest';
import {
  benchmarkJobs,
  benchmarkReportSchema,
  formatSummaryTable,
  quantile,
  runBenchmark,
  type BenchmarkReport,
  type BenchmarkSettingsInput,
} from '../../src/benchmark/index.js';
import { BRANIN_MINIMUM_VALUE } from '../../src/benchmark/objectives/branin.js';

const settings: BenchmarkSettingsInput = {
  policies: ['ei', 'random'],
  init: 4,
  budget: 7,
  replicates: 2,
  seed: 5,
  surrogateOptions: { enn: { members: 3, hiddenLayers: [8], epochs: 60 } },
  optimizer: { poolSize: 128, refineRounds: 2, refineStarts: 2 },
};
const branin = { kind: 'builtin', name: 'branin' } as const;

/** Everything in a report that must not depend on threads or timing. */
function deterministicPart(report: BenchmarkReport) {
  return report.results.map(({ policy, replicate, seed, values, bestSoFar, regret, points, reasons }) => ({ policy, replicate, seed, values, bestSoFar, regret, points, reasons }));
}

describe('benchmark harness on Branin', () => {
  let report: BenchmarkReport;
  beforeAll(async () => {
    report = await runBenchmark({ objective: branin, settings, workers: 0 });
  });

  it('returns one run per policy and replicate with curves of the budget length, in the documented format', () => {
    expect(() => benchmarkReportSchema.parse(JSON.parse(JSON.stringify(report)))).not.toThrow();
    expect(report.objective).toMatchObject({ name: 'branin', direction: 'minimize', optimum: BRANIN_MINIMUM_VALUE });
    expect(report.results.map((r) => `${r.policy}/${r.replicate}`)).toEqual(['ei/1', 'ei/2', 'random/1', 'random/2']);
    for (const r of report.results) {
      for (const series of [r.values, r.bestSoFar, r.points, r.iterationMs, r.evaluationMs, r.reasons, r.regret ?? []]) expect(series).toHaveLength(7);
      expect(r.reasons.filter((x) => x === 'initial-design')).toHaveLength(4);
    }
    expect(report.checkpoints).toEqual([4, 7]);
  });

  it('keeps best-so-far monotone, equal to the running minimum, with regret = best - optimum >= 0', () => {
    for (const r of report.results) {
      r.values.forEach((_, k) => {
        const runningMin = Math.min(...(r.values.slice(0, k + 1) as number[]));
        expect(r.bestSoFar[k]).toBe(runningMin);
        if (k > 0) expect(r.bestSoFar[k] as number).toBeLessThanOrEqual(r.bestSoFar[k - 1] as number);
        expect(r.regret?.[k]).toBeCloseTo(runningMin - BRANIN_MINIMUM_VALUE, 12);
        expect(r.regret?.[k] as number).toBeGreaterThan(0);
      });
    }
  });

  it('gives every policy of a replicate the same initial design, and each replicate its own', () => {
    const design = (policy: string, replicate: number) => report.results.find((r) => r.policy === policy && r.replicate === replicate)?.points.slice(0, 4);
    expect(design('ei', 1)).toEqual(design('random', 1));
    expect(design('ei', 2)).toEqual(design('random', 2));
    expect(design('ei', 1)).not.toEqual(design('ei', 2));
    // After the design the policies choose differently.
    const ei = report.results[0].points.slice(4);
    const random = report.results[2].points.slice(4);
    expect(ei).not.toEqual(random);
  });

  it('summarises each checkpoint by the median and quartiles over replicates', async () => {
    const randomOnly = await runBenchmark({ objective: branin, settings: { ...settings, policies: ['random'], replicates: 3 }, workers: 0 });
    const finals = randomOnly.results.map((r) => r.bestSoFar[6] as number);
    const [summary] = randomOnly.summary;
    const atBudget = summary.checkpoints.find((c) => c.evaluations === 7);
    expect(atBudget?.bestSoFar?.median).toBe([...finals].sort((a, b) => a - b)[1]);
    expect(atBudget?.bestSoFar?.q25).toBeCloseTo(quantile(finals, 0.25), 12);
    expect(atBudget?.regret?.median).toBeCloseTo((atBudget?.bestSoFar?.median as number) - BRANIN_MINIMUM_VALUE, 12);
    const table = formatSummaryTable(randomOnly);
    expect(table).toContain('random');
    expect(table).toContain('after 7');
  });

  it('gives identical results with the same seed on 1 and 2 worker threads and on the main thread, with progress to the end', async () => {
    const seen: number[] = [];
    const [one, two] = await Promise.all([
      runBenchmark({ objective: branin, settings, workers: 1 }),
      runBenchmark({ objective: branin, settings, workers: 2, onProgress: (p) => seen.push(p.evaluations) }),
    ]);
    expect(one.workers).toBe(1);
    expect(two.workers).toBe(2);
    expect(deterministicPart(one)).toEqual(deterministicPart(two));
    expect(deterministicPart(report)).toEqual(deterministicPart(two));
    expect(seen.at(-1)).toBe(4 * 7);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    const other = await runBenchmark({ objective: branin, settings: { ...settings, seed: 6 }, workers: 0 });
    expect(deterministicPart(other)).not.toEqual(deterministicPart(report));
  });
});

describe('benchmark jobs and settings', () => {
  it('lists jobs replicate by replicate', () => {
    const jobs = benchmarkJobs({ ...settings, policies: ['ei', 'ucb'], replicates: 2 } as never);
    expect(jobs).toEqual([
      { policy: 'ei', replicate: 1 }, { policy: 'ucb', replicate: 1 },
      { policy: 'ei', replicate: 2 }, { policy: 'ucb', replicate: 2 },
    ]);
  });

  it('refuses a budget below the initial design and unknown policies', async () => {
    await expect(runBenchmark({ objective: branin, settings: { ...settings, budget: 3 }, workers: 0 })).rejects.toThrow(/budget: budget must be at least init/);
    await expect(runBenchmark({ objective: branin, settings: { ...settings, policies: ['ei', 'nope' as never] }, workers: 0 })).rejects.toThrow(/policies\.1/);
  });

  it('quantile interpolates between order statistics like numpy', () => {
    expect(quantile([4, 1, 3, 2], 0.25)).toBe(1.75);
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([7], 0.75)).toBe(7);
  });
});
