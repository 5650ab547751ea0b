import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/domain/random.js';
import {
  DEFAULT_UCB_BETA,
  expectedImprovement,
  logExpectedImprovement,
  memberExpectedImprovement,
  upperConfidenceBound,
} from '../../src/planning/acquisition.js';
import { eiPolicy } from '../../src/planning/policies/ei.js';
import { policies, scorePolicy } from '../../src/planning/policies/registry.js';
import { unitCube } from '../../src/planning/region.js';

const phi = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

describe('expected improvement (closed form)', () => {
  it('equals phi(0) = 1/sqrt(2 pi) when the mean equals the best and sigma = 1', () => {
    expect(expectedImprovement(3, 1, 3)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 14);
    expect(expectedImprovement(3, 1, 3)).toBeCloseTo(0.3989422804014327, 14);
  });

  it('scales with sigma: EI(best + s, s) = s (phi(1) + Phi(1))', () => {
    const phi1PlusPhi1 = phi(1) + 0.8413447460685429; // Phi(1)
    for (const s of [0.5, 2, 10]) expect(expectedImprovement(5 + s, s, 5)).toBeCloseTo(s * phi1PlusPhi1, 12);
  });

  it('tends to max(mu - best, 0) as sigma -> 0 and equals it at sigma = 0', () => {
    expect(expectedImprovement(2.5, 0, 2)).toBe(0.5);
    expect(expectedImprovement(1.5, 0, 2)).toBe(0);
    expect(expectedImprovement(2.5, 1e-9, 2)).toBeCloseTo(0.5, 12);
    expect(expectedImprovement(1.5, 1e-3, 2)).toBeLessThan(1e-100);
  });

  it('is >= max(mu - best, 0) and increasing in mu and in sigma', () => {
    const mus = Array.from({ length: 41 }, (_, i) => -2 + i * 0.1);
    const sigmas = [0.01, 0.1, 0.5, 1, 2, 5];
    for (const s of sigmas) {
      let previous = -1;
      for (const mu of mus) {
        const ei = expectedImprovement(mu, s, 0);
        expect(ei).toBeGreaterThanOrEqual(Math.max(mu, 0) - 1e-15);
        // Strictly increasing wherever EI has not underflowed to 0.
        if (ei > 0) expect(ei).toBeGreaterThan(previous);
        else expect(previous).toBeLessThanOrEqual(0);
        previous = ei;
      }
    }
    for (const mu of [-1, 0, 1]) {
      const values = [0.3, 0.5, 1, 2, 5].map((s) => expectedImprovement(mu, s, 0));
      for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThan(values[i - 1]);
    }
  });

  it('xi raises the bar: EI(mu, s, best, xi) = EI(mu, s, best + xi)', () => {
    expect(expectedImprovement(1, 0.7, 0.2, 0.3)).toBe(expectedImprovement(1, 0.7, 0.5));
  });
});

describe('log expected improvement', () => {
  it('equals log EI wherever EI is representable', () => {
    for (let u = -12; u <= 6; u += 0.25) {
      const direct = Math.log(expectedImprovement(u * 2, 2, 0));
      expect(logExpectedImprovement(u * 2, 2, 0)).toBeCloseTo(direct, 9);
    }
  });

  it('stays finite and follows the asymptote phi(t)/t^2 (1 - 3/t^2 + 15/t^4) far below the best', () => {
    const t = 40;
    expect(expectedImprovement(-t, 1, 0)).toBe(0);
    const asymptote = -0.5 * t * t - 0.5 * Math.log(2 * Math.PI) + Math.log(1 / t ** 2 - 3 / t ** 4 + 15 / t ** 6);
    expect(logExpectedImprovement(-t, 1, 0)).toBeCloseTo(asymptote, 6);
    const values = [-100, -60, -40, -20, -5].map((mu) => logExpectedImprovement(mu, 1, 0));
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThan(values[i - 1]);
  });

  it('is the ranking the optimiser uses for EI, with the same order as EI', () => {
    const prediction = { mean: Float64Array.from([0, 1, -3, 2]), std: Float64Array.from([1, 0.1, 2, 0.5]) };
    const ei = scorePolicy('ei', prediction, 1);
    const ranking = eiPolicy.ranking!.score(prediction, { best: 1, options: { xi: 0 } });
    expect(eiPolicy.ranking!.logScale).toBe(true);
    for (let i = 0; i < 4; i++) expect(ranking[i]).toBeCloseTo(Math.log(ei[i]), 10);
  });
});

describe('per-member expected improvement', () => {
  it('is the mean over members of max(f_m - best, 0)', () => {
    const random = createRandom(4);
    const members = Array.from({ length: 7 }, () => Float64Array.from({ length: 25 }, () => random.normal()));
    const mean = new Float64Array(25);
    const values = scorePolicy('ei-members', { mean, std: mean, members }, 0.3);
    for (let i = 0; i < 25; i++) {
      let sum = 0;
      for (const m of members) if (m[i] > 0.3) sum += m[i] - 0.3;
      expect(values[i]).toBeCloseTo(sum / 7, 14);
      expect(memberExpectedImprovement(members.map((m) => m[i]), 0.3)).toBeCloseTo(sum / 7, 14);
    }
  });

  it('needs member predictions', () => {
    const prediction = { mean: new Float64Array(2), std: new Float64Array(2) };
    expect(() => scorePolicy('ei-members', prediction, 0)).toThrow(/ensemble member/);
  });
});

describe('UCB, pure exploitation, maximum variance and random', () => {
  // A: high mean, low spread; B: lower mean, high spread.
  const prediction = { mean: Float64Array.from([1, 0.8]), std: Float64Array.from([0.1, 1]) };
  const argmax = (v: Float64Array) => (v[0] >= v[1] ? 0 : 1);

  it('EPLT picks the best mean, MV the largest spread, UCB trades them by beta', () => {
    expect(argmax(scorePolicy('eplt', prediction, 0))).toBe(0);
    expect(argmax(scorePolicy('mv', prediction, 0))).toBe(1);
    expect(argmax(scorePolicy('ucb', prediction, 0))).toBe(1);
    expect(argmax(scorePolicy('ucb', prediction, 0, { beta: 0.1 }))).toBe(0);
    expect(Array.from(scorePolicy('ucb', prediction, 0, { beta: 0 }))).toEqual(Array.from(prediction.mean));
  });

  it('UCB is mu + beta sigma with the lab default beta = 1/sqrt(2)', () => {
    expect(DEFAULT_UCB_BETA).toBeCloseTo(1 / Math.sqrt(2), 15);
    expect(scorePolicy('ucb', prediction, 0)[1]).toBeCloseTo(0.8 + 1 / Math.sqrt(2), 14);
    expect(upperConfidenceBound(2, 3, 2)).toBe(8);
  });

  it('random proposes points itself, from the given generator, and scores no predictions', () => {
    const random = policies.get('random');
    if (random.usesModel) throw new Error('random must not use a model');
    const propose = (seed: number) => random.propose({ region: unitCube(3), count: 4, random: createRandom(seed), known: [], minDistance: 0.05, options: {} }).map((p) => Array.from(p));
    expect(propose(9)).toEqual(propose(9));
    expect(propose(9)).not.toEqual(propose(10));
    for (const point of propose(9)) for (const v of point) expect(v >= 0 && v <= 1).toBe(true);
    expect(() => scorePolicy('random', prediction, 0)).toThrow(/scores no predictions/);
  });

  it('policy options are checked by the policy: an unknown key or a bad value is an error naming it', () => {
    expect(() => scorePolicy('ucb', prediction, 0, { Beta: 1 })).toThrow(/policy 'ucb'[\s\S]*Beta/);
    expect(() => scorePolicy('ei', prediction, 0, { xi: -1 })).toThrow(/xi must be >= 0/);
    expect(() => scorePolicy('nope', prediction, 0)).toThrow(/unknown policy 'nope'; known: ei, ei-members, ucb/);
  });
});
