// Planner regression, not a timing test: on a small fixed suite ENN-EI with the models
// layer's default ENN and GP-EI must each clearly beat random search. Short budget, three
// seeds per problem; the bounds are generous (the full suite is bench/planner-suite.ts and
// docs/benchmark.md) but a planner that pins proposals to the box faces, or one no better
// than random, fails them.
import { describe, expect, it } from 'vitest';
import { runBenchmark } from '../../src/benchmark/index.js';
import { median } from '../../src/benchmark/suite.js';

const PROBLEMS = ['branin', 'levy-4', 'hartmann6'] as const;

describe('planner regression: model-based EI beats random search', () => {
  it('ENN-EI (default ENN) and GP-EI reach at most 0.6 of random\'s median regret on every problem, and 0.35 on the median problem', async () => {
    const ratios: Record<string, number[]> = { 'enn-ei': [], 'gp-ei': [] };
    const lines: string[] = [];
    for (const name of PROBLEMS) {
      const report = await runBenchmark({
        objective: { kind: 'builtin', name },
        settings: {
          policies: ['random', 'enn-ei', 'gp-ei'],
          init: 8,
          budget: 24,
          replicates: 3,
          seed: 11,
          // Explicit options: the models layer's defaults, whatever the harness's own presets.
          surrogateOptions: { enn: {}, gp: {} },
        },
        workers: 2,
      });
      const medianRegret = (policy: string) => median(report.results.filter((r) => r.policy === policy).map((r) => r.regret!.at(-1)!));
      const random = medianRegret('random');
      for (const policy of ['enn-ei', 'gp-ei']) {
        ratios[policy].push(medianRegret(policy) / random);
        lines.push(`${name} ${policy}: ${medianRegret(policy).toPrecision(3)} vs random ${random.toPrecision(3)}`);
      }
    }
    for (const policy of ['enn-ei', 'gp-ei']) {
      for (const ratio of ratios[policy]) expect(ratio, lines.join('\n')).toBeLessThanOrEqual(0.6);
      expect(median(ratios[policy]), lines.join('\n')).toBeLessThanOrEqual(0.35);
    }
  }, 120_000);
});
