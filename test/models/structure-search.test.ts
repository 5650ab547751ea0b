import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/domain/random.js';
import { ennMemberParameterCount } from '../../src/models/ensemble.js';
import { searchEnnStructure } from '../../src/models/structure-search.js';

function sample(count: number, dimension: number, seed: number, f: (x: number[]) => number) {
  const random = createRandom(seed);
  const points = Array.from({ length: count }, () => Array.from({ length: dimension }, () => random.uniform()));
  return { points, targets: points.map(f) };
}

const ennOptions = { members: 5, epochs: 300, parallel: false } as const;

describe('ENN structure search', () => {
  it('stops at the smallest architecture for an easy (linear) target', async () => {
    const { points, targets } = sample(50, 3, 1, (x) => x[0] + 2 * x[1] - x[2]);
    const result = await searchEnnStructure(points, targets, createRandom(2), {
      // Given out of order on purpose: the search sorts by size.
      architectures: [[16, 16], [4], [8]],
      ennOptions,
    });
    expect(result.reachedTarget).toBe(true);
    expect(result.hiddenLayers).toEqual([4]);
    expect(result.trials).toHaveLength(1);
    expect(result.trials[0].parameterCount).toBe(ennMemberParameterCount(3, [4]));
    expect(result.trials[0].testR2).toBeGreaterThanOrEqual(0.8);
    expect(result.split.test).toHaveLength(10);
    expect(result.options.hiddenLayers).toEqual([4]);
  });

  it('moves on to a bigger net for a harder target', async () => {
    const { points, targets } = sample(60, 2, 3, (x) => Math.sin(4 * x[0]) * Math.cos(4 * x[1]));
    const result = await searchEnnStructure(points, targets, createRandom(4), { architectures: [[4], [8], [16, 16]], ennOptions });
    expect(result.reachedTarget).toBe(true);
    expect(result.hiddenLayers).not.toEqual([4]);
    const last = result.trials[result.trials.length - 1];
    expect(last.hiddenLayers).toEqual(result.hiddenLayers);
    expect(last.testR2).toBeGreaterThanOrEqual(0.8);
    for (const trial of result.trials.slice(0, -1)) expect(trial.testR2).toBeLessThan(0.8);
  });

  it('reports failure and returns the best architecture when none reaches the target', async () => {
    const { points, targets } = sample(50, 2, 3, (x) => Math.sin(9 * x[0]) * Math.cos(9 * x[1]));
    const result = await searchEnnStructure(points, targets, createRandom(4), { architectures: [[4], [8], [16, 16]], ennOptions });
    expect(result.reachedTarget).toBe(false);
    expect(result.trials.map((t) => t.hiddenLayers)).toEqual([[4], [8], [16, 16]]);
    const best = Math.max(...result.trials.map((t) => t.testR2));
    expect(best).toBeLessThan(0.8);
    expect(result.trials.find((t) => t.hiddenLayers.join() === result.hiddenLayers.join())!.testR2).toBe(best);
  });

  it('the returned model is the chosen ensemble trained on the training split', async () => {
    const { points, targets } = sample(30, 2, 5, (x) => x[0] * x[1]);
    const result = await searchEnnStructure(points, targets, createRandom(6), { architectures: [[4]], ennOptions, targetR2: 2 });
    expect(result.reachedTarget).toBe(false);
    expect(result.model.nets[0].layerSizes).toEqual([2, 4, 1]);
    expect(result.split.train.length + result.split.test.length).toBe(30);
  });
});
