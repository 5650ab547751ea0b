import { describe, expect, it } from 'vitest';
import { createRandom, deriveSeed, permutation, randomFromState } from '../../src/domain/random.js';

describe('seeded random', () => {
  it('gives the same stream for the same seed and another for another seed', () => {
    const a = createRandom(7);
    const b = createRandom(7);
    const c = createRandom(8);
    const streamA = Array.from({ length: 5 }, () => a.uniform());
    expect(Array.from({ length: 5 }, () => b.uniform())).toEqual(streamA);
    expect(Array.from({ length: 5 }, () => c.uniform())).not.toEqual(streamA);
  });

  it('resumes exactly from a saved state', () => {
    const random = createRandom(3);
    random.uniform();
    const restored = randomFromState(random.state());
    expect(Array.from({ length: 4 }, () => restored.normal())).toEqual(Array.from({ length: 4 }, () => random.normal()));
  });

  it('draws uniforms in [0,1) with mean 1/2 and normals with mean 0 and variance 1', () => {
    const random = createRandom(11);
    const n = 20_000;
    let sumU = 0;
    let sumN = 0;
    let sumN2 = 0;
    let minU = 1;
    let maxU = 0;
    for (let i = 0; i < n; i++) {
      const u = random.uniform();
      minU = Math.min(minU, u);
      maxU = Math.max(maxU, u);
      sumU += u;
      const z = random.normal();
      sumN += z;
      sumN2 += z * z;
    }
    expect(minU).toBeGreaterThanOrEqual(0);
    expect(maxU).toBeLessThan(1);
    // Standard errors: 0.29/sqrt(n) = 0.002 and 1/sqrt(n) = 0.007; allow four of them.
    expect(Math.abs(sumU / n - 0.5)).toBeLessThan(0.008);
    expect(Math.abs(sumN / n)).toBeLessThan(0.03);
    expect(Math.abs(sumN2 / n - 1)).toBeLessThan(0.04);
  });

  it('forks independent streams deterministically', () => {
    const one = createRandom(5).fork();
    const two = createRandom(5).fork();
    expect(one.uniform()).toBe(two.uniform());
    const parent = createRandom(5);
    const child = parent.fork();
    expect(child.uniform()).not.toBe(parent.uniform());
  });

  it('permutes every index exactly once', () => {
    const order = permutation(50, createRandom(1));
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(order).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('derives a seed per part of a job: repeatable, distinct per index and per seed, within int32', () => {
    expect(deriveSeed(1, 3)).toBe(deriveSeed(1, 3));
    const seeds = new Set(Array.from({ length: 1000 }, (_, i) => deriveSeed(1, i)));
    expect(seeds.size).toBe(1000);
    expect(seeds.has(1)).toBe(false);
    expect(deriveSeed(2, 0)).not.toBe(deriveSeed(1, 0));
    for (const seed of seeds) expect(seed === (seed | 0)).toBe(true);
    expect(createRandom(deriveSeed(1, 0)).uniform()).not.toBe(createRandom(deriveSeed(1, 1)).uniform());
  });
});
