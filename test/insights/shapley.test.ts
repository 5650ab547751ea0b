import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/domain/random.js';
import { parameterSpaceSchema } from '../../src/domain/space.js';
import { exactShapley } from '../../src/insights/shapley-exact.js';
import { permutationShapley } from '../../src/insights/shapley-permutation.js';
import { shapleyAnalysis } from '../../src/insights/shapley.js';
import { functionSurrogate, randomPoints } from './closed-form.js';

type F = (u: ArrayLike<number>) => number;
const batch = (f: F) => (rows: readonly Float64Array[]) => Float64Array.from(rows, (r) => f(r));
const meanOf = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

// Inputs interact: Shapley values are not just per-input effects here.
const interacting: F = (u) => u[0] * u[1] + Math.sin(3 * u[2]) * u[3] + u[4] ** 2 * u[5] + Math.exp(u[0] * u[5]);
const interacting8: F = (u) => interacting(u) + 2 * u[6] * u[7] * u[1] + Math.cos(4 * u[7]);

describe('exact Shapley values', () => {
  it('equal g_i(x_i) - mean_b g_i(b_i) for an additive model', () => {
    const g: ((v: number) => number)[] = [(v) => Math.sin(3 * v), (v) => v * v, Math.exp, (v) => 2 * v, (v) => Math.cos(5 * v)];
    const f: F = (u) => g.reduce((sum, gi, i) => sum + gi(u[i]), 0);
    const points = randomPoints(6, 5, 1);
    const background = randomPoints(15, 5, 2);
    const { values } = exactShapley(batch(f), points, background);
    points.forEach((x, p) => {
      g.forEach((gi, i) => {
        const expected = gi(x[i]) - meanOf(background.map((b) => gi(b[i])));
        expect(Math.abs(values[p][i] - expected)).toBeLessThan(1e-12);
      });
    });
  });

  it('sum to f(x) - E_b f(b) for a model with interactions (efficiency)', () => {
    const points = randomPoints(5, 6, 3);
    const background = randomPoints(20, 6, 4);
    const { values, baseline, predictions } = exactShapley(batch(interacting), points, background);
    expect(Math.abs(baseline - meanOf(background.map(interacting)))).toBeLessThan(1e-13);
    points.forEach((x, p) => {
      expect(predictions[p]).toBe(interacting(x));
      const total = values[p].reduce((a, b) => a + b, 0);
      expect(Math.abs(total - (interacting(x) - baseline))).toBeLessThan(1e-12);
    });
    // Interactions make the values differ from the one-at-a-time effects, so the test is not trivially additive.
    const x = points[0];
    const oneAtATime = meanOf(background.map((b) => interacting([x[0], b[1], b[2], b[3], b[4], b[5]]) - interacting(b)));
    expect(Math.abs(values[0][0] - oneAtATime)).toBeGreaterThan(1e-3);
  });

  it('give two interchangeable inputs equal values (symmetry)', () => {
    const f: F = (u) => u[0] * u[1] + u[0] + u[1] + u[2] ** 2 + u[0] * u[1] * u[2];
    // The background is closed under swapping inputs 0 and 1, and x_0 = x_1.
    const base = randomPoints(10, 3, 5);
    const background = [...base, ...base.map((b) => Float64Array.of(b[1], b[0], b[2]))];
    const points = randomPoints(4, 3, 6).map((x) => Float64Array.of(x[0], x[0], x[2]));
    const { values } = exactShapley(batch(f), points, background);
    for (const phi of values) {
      expect(Math.abs(phi[0] - phi[1])).toBeLessThan(1e-13);
      expect(Math.abs(phi[0])).toBeGreaterThan(1e-6);
    }
  });

  it('give an input the model ignores exactly zero (dummy)', () => {
    const f: F = (u) => interacting([u[0], u[1], u[2], u[4], u[5], u[6]]);
    const points = randomPoints(4, 7, 7);
    const { values } = exactShapley(batch(f), points, randomPoints(12, 7, 8));
    for (const phi of values) {
      expect(phi[3]).toBe(0);
      expect(phi.some((v, i) => i !== 3 && Math.abs(v) > 1e-3)).toBe(true);
    }
  });

  it('equal w_i (x_i - mean b_i) for a linear model', () => {
    const weights = [3, -2, 0.5, 7];
    const f: F = (u) => 1.5 + weights.reduce((s, w, i) => s + w * u[i], 0);
    const points = randomPoints(5, 4, 9);
    const background = randomPoints(11, 4, 10);
    const { values } = exactShapley(batch(f), points, background);
    points.forEach((x, p) =>
      weights.forEach((w, i) => expect(Math.abs(values[p][i] - w * (x[i] - meanOf(background.map((b) => b[i]))))).toBeLessThan(1e-12)),
    );
  });

  it('match the average over all d! orderings of the marginal contributions (definition)', () => {
    const d = 5;
    const f: F = (u) => interacting([u[0], u[1], u[2], u[3], u[4], u[0] * u[4]]);
    const x = randomPoints(1, d, 13)[0];
    const background = randomPoints(7, d, 14);
    const v = (coalition: Set<number>) => meanOf(background.map((b) => f(b.map((bi, i) => (coalition.has(i) ? x[i] : bi)))));
    const orderings: number[][] = [];
    const extend = (prefix: number[]) => {
      if (prefix.length === d) orderings.push(prefix);
      for (let i = 0; i < d; i++) if (!prefix.includes(i)) extend([...prefix, i]);
    };
    extend([]);
    expect(orderings).toHaveLength(120);
    const expected = new Array<number>(d).fill(0);
    for (const order of orderings) {
      const before = new Set<number>();
      for (const i of order) {
        const without = v(before);
        before.add(i);
        expected[i] += (v(before) - without) / orderings.length;
      }
    }
    const { values } = exactShapley(batch(f), [x], background);
    expected.forEach((phi, i) => expect(Math.abs(values[0][i] - phi)).toBeLessThan(1e-12));
  });

  it('batch all coalition rows into few predict calls without changing the result', () => {
    const d = 7;
    const points = randomPoints(60, d, 11);
    const background = randomPoints(30, d, 12);
    const surrogate = functionSurrogate(interacting, d);
    const analysis = shapleyAnalysis(surrogate, points, { background });
    const rows = 30 + 60 + 60 * (2 ** d - 1) * 30;
    expect(surrogate.rows).toBe(rows);
    expect(surrogate.calls).toBe(Math.ceil(rows / 100_000));
    const chunked = exactShapley(batch(interacting), points, background, { maxRowsPerCall: 7 });
    expect(chunked.modelCalls).toBe(Math.ceil(rows / 7));
    expect(chunked.values.map((row) => Array.from(row))).toEqual(analysis.values);
  });

  it('rejects mismatched dimensions and an empty background', () => {
    expect(() => exactShapley(batch(interacting), randomPoints(2, 6, 1), [])).toThrow(/background/);
    expect(() => exactShapley(batch(interacting), randomPoints(2, 5, 1), randomPoints(3, 6, 1))).toThrow(/inputs/);
    expect(() => shapleyAnalysis(functionSurrogate(interacting, 6), [], { background: randomPoints(3, 6, 1) })).toThrow(/at least one point/);
  });
});

describe('permutation-sampling Shapley estimator', () => {
  const d = 8;
  const points = randomPoints(6, d, 20);
  const background = randomPoints(10, d, 21);
  const exact = exactShapley(batch(interacting8), points, background);

  it('agrees with the exact values within a few standard errors and keeps efficiency', () => {
    const estimate = permutationShapley(batch(interacting8), points, background, createRandom(5), { permutationPairs: 32 });
    expect(Math.abs(estimate.baseline - exact.baseline)).toBeLessThan(1e-13);
    points.forEach((x, p) => {
      for (let i = 0; i < d; i++) {
        const error = Math.abs(estimate.values[p][i] - exact.values[p][i]);
        expect(error).toBeLessThanOrEqual(4 * estimate.standardErrors[p][i] + 1e-12);
      }
      const total = estimate.values[p].reduce((a, b) => a + b, 0);
      expect(Math.abs(total - (interacting8(x) - estimate.baseline))).toBeLessThan(1e-12);
    });
    // The estimate is not exact at 32 pairs: the standard errors are real.
    expect(Math.max(...estimate.standardErrors.flatMap((row) => Array.from(row)))).toBeGreaterThan(1e-4);
  });

  it('gets closer to the exact values with more permutations', () => {
    const rmsError = (pairs: number, seed: number) => {
      const estimate = permutationShapley(batch(interacting8), points, background, createRandom(seed), { permutationPairs: pairs });
      let sum = 0;
      points.forEach((_, p) => { for (let i = 0; i < d; i++) sum += (estimate.values[p][i] - exact.values[p][i]) ** 2; });
      return { rms: Math.sqrt(sum / (points.length * d)), meanSe: meanOf(estimate.standardErrors.flatMap((r) => Array.from(r))) };
    };
    const few = rmsError(4, 30);
    const many = rmsError(256, 31);
    // Error ~ 1/sqrt(pairs): 64x the pairs should cut it about 8x.
    expect(many.rms).toBeLessThan(few.rms / 3);
    expect(many.meanSe).toBeLessThan(few.meanSe / 3);
  });

  it('is exact with zero standard error for an additive model', () => {
    const f: F = (u) => Math.sin(3 * u[0]) + u[1] ** 2 + 2 * u[2] + Math.exp(u[3]);
    const pts = randomPoints(3, 4, 40);
    const bg = randomPoints(8, 4, 41);
    const estimate = permutationShapley(batch(f), pts, bg, createRandom(1), { permutationPairs: 3 });
    const reference = exactShapley(batch(f), pts, bg);
    pts.forEach((_, p) => {
      for (let i = 0; i < 4; i++) {
        expect(Math.abs(estimate.values[p][i] - reference.values[p][i])).toBeLessThan(1e-12);
        expect(estimate.standardErrors[p][i]).toBeLessThan(1e-12);
      }
    });
  });

  it('gives an input the model ignores exactly zero', () => {
    const f: F = (u) => interacting8([u[0], u[1], u[2], u[3], u[4], u[5], 0.3, u[7]]);
    const estimate = permutationShapley(batch(f), points, background, createRandom(2), { permutationPairs: 5 });
    for (let p = 0; p < points.length; p++) {
      expect(estimate.values[p][6]).toBe(0);
      expect(estimate.standardErrors[p][6]).toBe(0);
    }
  });

  it('gives the same numbers for the same seed and different ones for another', () => {
    const run = (seed: number) => permutationShapley(batch(interacting8), points.slice(0, 2), background, createRandom(seed), { permutationPairs: 4 }).values.map((r) => Array.from(r));
    expect(run(9)).toEqual(run(9));
    expect(run(9)).not.toEqual(run(10));
  });
});

describe('shapleyAnalysis', () => {
  it('ranks a dominant input first and reports the direction of each effect', () => {
    const f: F = (u) => 0.2 * u[0] - 3 * u[1] + 10 * u[2] + u[3] + 0.3 * u[3] ** 2;
    const points = randomPoints(50, 4, 50);
    const result = shapleyAnalysis(functionSurrogate(f, 4), points, { background: randomPoints(20, 4, 51), names: ['a', 'b', 'c', 'd'] });
    expect(result.method).toBe('exact');
    expect(result.ranking.map((r) => r.name)).toEqual(['c', 'b', 'd', 'a']);
    const byName = Object.fromEntries(result.importance.map((r) => [r.name, r]));
    // For a linear input the SHAP value is a linear function of the feature: correlation exactly +-1.
    expect(byName.c.correlation).toBeCloseTo(1, 12);
    expect(byName.b.correlation).toBeCloseTo(-1, 12);
    expect(byName.c.trend).toBe('increasing');
    expect(result.importance.reduce((sum, r) => sum + r.share, 0)).toBeCloseTo(1, 14);
    // Linear inputs: mean |SHAP| = |w| * mean |x - mean b|, so the shares of b and c follow their weights roughly.
    expect(byName.c.share).toBeGreaterThan(byName.b.share * 2);
    expect(byName.b.trend).toBe('decreasing');
    expect(result.features).toEqual(points.map((p) => Array.from(p)));
    expect(result.values).toHaveLength(50);
  });

  it('marks an ignored input as unclear with an undefined correlation', () => {
    const f: F = (u) => u[0] + u[1] ** 2;
    const result = shapleyAnalysis(functionSurrogate(f, 3), randomPoints(40, 3, 52), { background: randomPoints(15, 3, 53) });
    expect(result.ranking[2].name).toBe('x3');
    expect(result.ranking[2].meanAbsoluteShap).toBe(0);
    expect(result.importance[2].correlation).toBeNaN();
    expect(result.importance[2].trend).toBe('unclear');
  });

  it('warns when the data are too thin or the twin is poor, and not otherwise', () => {
    const f: F = (u) => u[0] + u[1];
    const thin = shapleyAnalysis(functionSurrogate(f, 7), randomPoints(20, 7, 54), { background: randomPoints(5, 7, 55), twinR2: 0.45 });
    expect(thin.warnings).toHaveLength(3);
    expect(thin.warnings.join('\n')).toMatch(/20 experiments for 7 inputs/);
    expect(thin.warnings.join('\n')).toMatch(/background set of 5/);
    expect(thin.warnings.join('\n')).toMatch(/R\^2 is 0\.45/);
    const ample = shapleyAnalysis(functionSurrogate(f, 3), randomPoints(5, 3, 56), { background: randomPoints(30, 3, 57), trainingSize: 60, twinR2: 0.9 });
    expect(ample.warnings).toEqual([]);
  });

  it('uses the space for names and physical feature values', () => {
    const space = parameterSpaceSchema.parse({
      parameters: [
        { name: 'cuiMolar', lower: 0.01, upper: 0.05 },
        { name: 'temperatureC', lower: 30, upper: 130 },
      ],
    });
    const result = shapleyAnalysis(functionSurrogate((u) => u[0] * u[1], 2), [[0.5, 0.25]], { background: randomPoints(10, 2, 58), space, trainingSize: 30 });
    expect(result.names).toEqual(['cuiMolar', 'temperatureC']);
    expect(result.physicalFeatures![0][0]).toBeCloseTo(0.03, 14);
    expect(result.physicalFeatures![0][1]).toBeCloseTo(55, 12);
  });

  it('switches to the seeded permutation estimator above 12 inputs', () => {
    const d = 13;
    const f: F = (u) => u[0] * u[1] + u[12];
    const surrogate = functionSurrogate(f, d);
    const points = randomPoints(2, d, 60);
    const background = randomPoints(10, d, 61);
    expect(() => shapleyAnalysis(surrogate, points, { background })).toThrow(/random/);
    const result = shapleyAnalysis(surrogate, points, { background, random: createRandom(3), permutationPairs: 8 });
    expect(result.method).toBe('permutation');
    expect(result.standardErrors).toHaveLength(2);
    expect(result.ranking.slice(0, 3).map((r) => r.index).sort()).toEqual([0, 1, 12]);
  });
});
