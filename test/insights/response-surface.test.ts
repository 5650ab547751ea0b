import { describe, expect, it } from 'vitest';
import { parameterSpaceSchema } from '../../src/domain/space.js';
import { responseSurface } from '../../src/insights/response-surface.js';
import { shapleyAnalysis } from '../../src/insights/shapley.js';
import { functionSurrogate, randomPoints } from './closed-form.js';

const f = (u: ArrayLike<number>) => 5 * u[2] + 3 * u[0] * u[2] + 0.1 * u[1] + 0.2 * u[3];
const std = (u: ArrayLike<number>) => 0.1 + u[0];

const space = parameterSpaceSchema.parse({
  parameters: [
    { name: 'csMolar', lower: 0, upper: 0.2 },
    { name: 'oaMl', lower: 1, upper: 3 },
    { name: 'cuiMolar', lower: 0, upper: 0.4 },
    { name: 'temperatureC', lower: 30, upper: 130 },
  ],
  // In unit coordinates: u_cs + u_cui <= 1.
  constraints: [{ name: 'precursor total', coefficients: { csMolar: 5, cuiMolar: 2.5 }, bound: 1 }],
});

describe('responseSurface', () => {
  it('evaluates the twin on an x-fastest grid with the other inputs at the anchor', () => {
    const anchor = [0.3, 0.4, 0.5, 0.6];
    const surface = responseSurface(functionSurrogate(f, 4, std), { inputs: ['cuiMolar', 'csMolar'], anchor, gridSize: [5, 3], space });
    expect(surface.xIndex).toBe(2);
    expect(surface.yIndex).toBe(0);
    expect(surface.rows).toHaveLength(15);
    expect(surface.anchorSource).toBe('given');
    surface.rows.forEach((row, r) => {
      const i = r % 5;
      const j = Math.floor(r / 5);
      expect(row.x).toBeCloseTo(i / 4, 15);
      expect(row.y).toBeCloseTo(j / 2, 15);
      const point = [row.y, 0.4, row.x, 0.6];
      expect(row.mean).toBe(f(point));
      expect(row.std).toBe(std(point));
      expect(row.xName).toBe('cuiMolar');
      expect(row.yName).toBe('csMolar');
      expect(row.xPhysical).toBeCloseTo(0.4 * row.x, 15);
      expect(row.yPhysical).toBeCloseTo(0.2 * row.y, 15);
    });
    expect(surface.anchorPhysical![3]).toBeCloseTo(90, 12);
  });

  it('flags grid points that break a constraint instead of dropping them', () => {
    const surface = responseSurface(functionSurrogate(f, 4), { inputs: [0, 2], anchor: [0, 0, 0, 0], gridSize: 11, space });
    expect(surface.rows).toHaveLength(121);
    for (const row of surface.rows) {
      const over = row.x + row.y > 1 + 1e-9;
      expect(row.feasible).toBe(!over);
      expect(row.violated).toEqual(over ? ['precursor total'] : []);
    }
    // Points strictly above the diagonal of the 11 x 11 grid: 55.
    expect(surface.rows.filter((r) => !r.feasible)).toHaveLength(55);
  });

  it('defaults to the two most important inputs by Shapley and the best observed point', () => {
    const observed = randomPoints(30, 4, 3);
    const targets = observed.map(f);
    const surrogate = functionSurrogate(f, 4);
    const ranking = shapleyAnalysis(surrogate, observed, { background: observed }).ranking;
    expect(ranking.slice(0, 2).map((r) => r.index)).toEqual([2, 0]);
    const fromRanking = responseSurface(surrogate, { ranking, observations: { points: observed, targets } });
    const fromObservations = responseSurface(surrogate, { observations: { points: observed, targets }, gridSize: 3 });
    for (const surface of [fromRanking, fromObservations]) {
      expect([surface.xIndex, surface.yIndex]).toEqual([2, 0]);
      expect(surface.anchorSource).toBe('best-observed');
      const best = targets.indexOf(Math.max(...targets));
      expect(surface.anchor).toEqual(Array.from(observed[best]));
    }
    expect(fromRanking.inputSource).toBe('ranking');
    expect(fromObservations.inputSource).toBe('shapley');
    expect(fromRanking.rows).toHaveLength(625);
    const lowest = responseSurface(surrogate, { ranking, observations: { points: observed, targets, direction: 'minimize' } });
    expect(lowest.anchor).toEqual(Array.from(observed[targets.indexOf(Math.min(...targets))]));
  });

  it('holds the other inputs at the centre when nothing else is known', () => {
    const surface = responseSurface(functionSurrogate(f, 4), { inputs: [1, 3], gridSize: 2 });
    expect(surface.anchorSource).toBe('centre');
    expect(surface.anchor).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(surface.rows.map((r) => [r.x, r.y])).toEqual([[0, 0], [1, 0], [0, 1], [1, 1]]);
    expect(surface.rows.every((r) => r.feasible && r.xPhysical === undefined)).toBe(true);
    expect(surface.xName).toBe('x2');
  });

  it('rejects an unnamed input, the same input twice, and no way to choose inputs', () => {
    const surrogate = functionSurrogate(f, 4);
    expect(() => responseSurface(surrogate, { inputs: ['nope', 'csMolar'], space })).toThrow(/no input named 'nope'/);
    expect(() => responseSurface(surrogate, { inputs: [1, 1] })).toThrow(/must differ/);
    expect(() => responseSurface(surrogate)).toThrow(/choose the two inputs/);
    expect(() => responseSurface(surrogate, { inputs: [0, 1], gridSize: 1 })).toThrow(/>= 2/);
  });
});
