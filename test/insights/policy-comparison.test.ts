import { describe, expect, it } from 'vitest';
import { bestSoFar, comparePolicies, summarizeRun, type PolicyRun } from '../../src/insights/policy-comparison.js';

describe('bestSoFar', () => {
  it('is the running maximum (or minimum) and never gets worse', () => {
    expect(bestSoFar([3, 1, 4, 1, 5, 9, 2, 6], 'maximize')).toEqual([3, 3, 4, 4, 5, 9, 9, 9]);
    expect(bestSoFar([3, 1, 4, 1, 5, 0, 2], 'minimize')).toEqual([3, 1, 1, 1, 1, 0, 0]);
    const values = [0.2, -1, 7, 3, 7, 8, 1];
    const curve = bestSoFar(values, 'maximize');
    for (let t = 1; t < curve.length; t++) expect(curve[t]).toBeGreaterThanOrEqual(curve[t - 1]);
  });

  it('skips failed experiments', () => {
    expect(bestSoFar([Number.NaN, 2, Number.NaN, 1, 3], 'maximize')).toEqual([Number.NaN, 2, 2, 2, 3]);
  });
});

describe('summarizeRun', () => {
  it('finds the first iteration at which the run reached its best value', () => {
    const run = summarizeRun({ policy: 'EI', replicate: 1, values: [1, 5, 2, 5, 4], direction: 'maximize' });
    expect(run.bestValue).toBe(5);
    expect(run.iterationOfBest).toBe(2);
    expect(summarizeRun({ policy: 'EI', replicate: 2, values: [Number.NaN], direction: 'maximize' }).iterationOfBest).toBeNaN();
  });
});

describe('comparePolicies', () => {
  const runs: PolicyRun[] = [
    { policy: 'EI', replicate: 1, values: [1, 4, 2, 6], direction: 'maximize', inputs: [[0.1, 0.9], [0.2, 0.8], [0.3, 0.7], [0.4, 0.6]] },
    { policy: 'EI', replicate: 2, values: [2, 2, 5, 5], direction: 'maximize' },
    { policy: 'EI', replicate: 3, values: [0, 3, 3, 8], direction: 'maximize' },
    { policy: 'EI', replicate: 4, values: [4, 1, 1, 1], direction: 'maximize' },
    { policy: 'random', replicate: 1, values: [1, 0, 2], direction: 'maximize' },
  ];

  it('gives the median, quartiles, mean and std of best-so-far across replicates at each iteration', () => {
    const comparison = comparePolicies(runs, { inputNames: ['cui', 'temperature'] });
    expect(comparison.policies.map((p) => p.policy)).toEqual(['EI', 'random']);
    const ei = comparison.policies[0];
    expect(ei.replicates).toBe(4);
    // Best-so-far at iteration 4 across replicates: 6, 5, 8, 4 -> sorted 4, 5, 6, 8.
    const last = ei.iterations[3];
    expect(last.iteration).toBe(4);
    expect(last.count).toBe(4);
    expect(last.median).toBeCloseTo(5.5, 15);
    // Type-7 quantiles of 4, 5, 6, 8: position 0.75 -> 4.75, position 2.25 -> 6.5.
    expect(last.lowerQuartile).toBeCloseTo(4.75, 15);
    expect(last.upperQuartile).toBeCloseTo(6.5, 15);
    expect(last.mean).toBeCloseTo(23 / 4, 15);
    const variance = ((4 - 5.75) ** 2 + (5 - 5.75) ** 2 + (6 - 5.75) ** 2 + (8 - 5.75) ** 2) / 3;
    expect(last.std).toBeCloseTo(Math.sqrt(variance), 14);
    // Iteration 1: 1, 2, 0, 4.
    expect(ei.iterations[0].median).toBeCloseTo(1.5, 15);
    for (let t = 1; t < ei.iterations.length; t++) expect(ei.iterations[t].median).toBeGreaterThanOrEqual(ei.iterations[t - 1].median);
    expect(ei.medianBestValue).toBeCloseTo(5.5, 15);
    // Iterations of best: 4, 3, 4, 1.
    expect(comparison.runs.filter((r) => r.policy === 'EI').map((r) => r.iterationOfBest)).toEqual([4, 3, 4, 1]);
    expect(ei.medianIterationOfBest).toBeCloseTo(3.5, 15);
    const random = comparison.policies[1];
    expect(random.iterations).toHaveLength(3);
    expect(random.iterations[2].std).toBeNaN();
    expect(random.iterations[2].median).toBe(2);
  });

  it('lists the inputs chosen per iteration in long format', () => {
    const { inputChoices } = comparePolicies(runs, { inputNames: ['cui', 'temperature'] });
    expect(inputChoices).toHaveLength(8);
    expect(inputChoices[0]).toEqual({ policy: 'EI', replicate: 1, iteration: 1, input: 'cui', value: 0.1 });
    expect(inputChoices.filter((c) => c.input === 'temperature').map((c) => c.value)).toEqual([0.9, 0.8, 0.7, 0.6]);
  });

  it('counts only the replicates that reached an iteration', () => {
    const uneven = comparePolicies([
      { policy: 'UCB', replicate: 'a', values: [1, 2, 3], direction: 'minimize' },
      { policy: 'UCB', replicate: 'b', values: [5], direction: 'minimize' },
    ]);
    expect(uneven.policies[0].iterations.map((i) => i.count)).toEqual([2, 1, 1]);
    expect(uneven.policies[0].iterations[0].median).toBe(3);
    expect(uneven.runs[0].bestSoFar).toEqual([1, 1, 1]);
  });

  it('rejects duplicated replicates, mixed directions and inputs of the wrong length', () => {
    const run: PolicyRun = { policy: 'EI', replicate: 1, values: [1], direction: 'maximize' };
    expect(() => comparePolicies([run, run])).toThrow(/twice/);
    expect(() => comparePolicies([run, { ...run, replicate: 2, direction: 'minimize' }])).toThrow(/mixes/);
    expect(() => comparePolicies([{ ...run, inputs: [[0.1], [0.2]] }])).toThrow(/2 input points for 1 values/);
  });
});
