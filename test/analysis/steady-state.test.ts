import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectSteadyState, relativeStdPercent } from '../../src/analysis/steady-state.js';
import { createRandom } from '../../src/domain/random.js';

const TAU_S = 10;
const STEP_S = 0.5;
const WINDOW_S = 20;
const MAX_DRIFT_PERCENT = 1;

/** First-order step response y = 1 - exp(-t / tau) plus Gaussian noise, sampled every 0.5 s for 200 s. */
function stepResponse(noise: number, seed: number, endS = 200) {
  const random = createRandom(seed);
  const timesS: number[] = [];
  const values: number[] = [];
  for (let i = 0; i * STEP_S <= endS; i++) {
    const t = i * STEP_S;
    timesS.push(t);
    values.push(1 - Math.exp(-t / TAU_S) + noise * random.normal());
  }
  return { timesS, values };
}

/**
 * When the least-squares drift across a window of the noise-free response falls to
 * maxDrift: the window values are 1 - a exp(-u / tau), u in [0, W]; solve for a by bisection
 * on a dense grid, then the window starts at tau ln(1 / a).
 */
function predictedDriftKneeS(maxDriftPercent: number): number {
  const driftPercent = (a: number): number => {
    const n = 4000;
    let su = 0, sy = 0, suu = 0, suy = 0;
    for (let i = 0; i <= n; i++) {
      const u = (WINDOW_S * i) / n;
      const y = 1 - a * Math.exp(-u / TAU_S);
      su += u; sy += y; suu += u * u; suy += u * y;
    }
    const count = n + 1;
    const slope = (suy - (su * sy) / count) / (suu - (su * su) / count);
    return ((Math.abs(slope) * WINDOW_S) / (sy / count)) * 100;
  };
  let low = 0;
  let high = 1;
  for (let k = 0; k < 60; k++) {
    const middle = (low + high) / 2;
    if (driftPercent(middle) > maxDriftPercent) high = middle;
    else low = middle;
  }
  return WINDOW_S + TAU_S * Math.log(1 / low);
}

describe('steady-state detector', () => {
  it('declares steady state where the drift across the window reaches the tolerance (low noise)', () => {
    const predicted = predictedDriftKneeS(MAX_DRIFT_PERCENT);
    for (let seed = 0; seed < 5; seed++) {
      const result = detectSteadyState(stepResponse(0.001, seed), { windowS: WINDOW_S, maxDriftPercent: MAX_DRIFT_PERCENT });
      expect(result.reachedAtS).not.toBeNull();
      expect(Math.abs(result.reachedAtS! - predicted)).toBeLessThanOrEqual(1.5);
      expect(result.window!.endS - result.window!.startS).toBeCloseTo(WINDOW_S, 9);
      expect(Math.abs(result.window!.meanValue - 1)).toBeLessThan(MAX_DRIFT_PERCENT / 100);
    }
  });

  it('finds the knee of a noisy step response, never on the rising edge', () => {
    const maxRsdPercent = 2;
    const thresholdS = TAU_S * Math.log(100 / maxRsdPercent);
    const latestS = predictedDriftKneeS(MAX_DRIFT_PERCENT) + WINDOW_S;
    for (let seed = 0; seed < 30; seed++) {
      const result = detectSteadyState(stepResponse(0.01, 100 + seed), { windowS: WINDOW_S, maxRsdPercent });
      expect(result.reachedAtS).not.toBeNull();
      const t = result.reachedAtS!;
      // The true residual has fallen under the RSD threshold, and under the drift tolerance.
      expect(t).toBeGreaterThan(thresholdS);
      expect(Math.exp(-t / TAU_S)).toBeLessThan(MAX_DRIFT_PERCENT / 100);
      // ...and it is found within one more window of the noise-free drift knee.
      expect(t).toBeLessThanOrEqual(latestS);
      expect(result.window!.rsdPercent).toBeLessThanOrEqual(maxRsdPercent);
      expect(result.window!.rsdPercent).toBeCloseTo(relativeStdPercent(windowValues(stepResponse(0.01, 100 + seed), result.window!)), 9);
    }
  });

  it('returns null on the rising edge alone', () => {
    const result = detectSteadyState(stepResponse(0.002, 1, 30), { windowS: WINDOW_S });
    expect(result.reachedAtS).toBeNull();
    expect(result.window).toBeNull();
    expect(result.latest!.steady).toBe(false);
  });

  it('returns null for a drifting series even when its RSD is under the threshold', () => {
    const random = createRandom(4);
    const timesS = Array.from({ length: 401 }, (_, i) => i * STEP_S);
    const values = timesS.map((t) => 1 + 0.002 * t + 0.002 * random.normal());
    const result = detectSteadyState({ timesS, values }, { windowS: WINDOW_S, maxRsdPercent: 2 });
    expect(result.reachedAtS).toBeNull();
    expect(result.latest!.rsdPercent).toBeLessThan(2);
    expect(result.latest!.driftPercent).toBeGreaterThan(MAX_DRIFT_PERCENT);
    expect(result.latest!.slopePerS).toBeCloseTo(0.002, 3);
  });

  it('a noise-free constant is steady as soon as one full window exists', () => {
    const timesS = Array.from({ length: 100 }, (_, i) => 7 + i);
    const result = detectSteadyState({ timesS, values: timesS.map(() => 3.25) }, { windowS: 30 });
    expect(result.reachedAtS).toBe(37);
    expect(result.window!.meanValue).toBe(3.25);
    expect(result.window!.rsdPercent).toBe(0);
    expect(result.window!.points).toBe(31);
  });

  it('skips missing readings and rejects malformed series', () => {
    const series = stepResponse(0.001, 2);
    const values = series.values.map((v, i) => (i % 7 === 3 ? null : v));
    const result = detectSteadyState({ timesS: series.timesS, values }, { windowS: WINDOW_S });
    expect(Math.abs(result.reachedAtS! - predictedDriftKneeS(MAX_DRIFT_PERCENT))).toBeLessThanOrEqual(2);
    expect(() => detectSteadyState({ timesS: [0, 2, 1], values: [1, 1, 1] }, { windowS: 1 })).toThrow(/increase/);
    expect(() => detectSteadyState({ timesS: [0, 1], values: [1] }, { windowS: 1 })).toThrow(/values/);
    expect(() => detectSteadyState({ timesS: [0], values: [1] }, { windowS: 0 })).toThrow(/windowS/);
  });

  it('property: unchanged by scaling the values, shifted with the clock', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.double({ min: 0.01, max: 1000, noNaN: true }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (seed, scale, offsetS) => {
          const series = stepResponse(0.01, seed);
          const base = detectSteadyState(series, { windowS: WINDOW_S });
          const scaled = detectSteadyState({ timesS: series.timesS, values: series.values.map((v) => v * scale) }, { windowS: WINDOW_S });
          const shifted = detectSteadyState({ timesS: series.timesS.map((t) => t + offsetS), values: series.values }, { windowS: WINDOW_S });
          expect(scaled.reachedAtS).toBe(base.reachedAtS);
          expect(scaled.window!.rsdPercent).toBeCloseTo(base.window!.rsdPercent, 9);
          expect(shifted.reachedAtS).toBe(base.reachedAtS! + offsetS);
          expect(shifted.window!.slopePerS).toBeCloseTo(base.window!.slopePerS, 6);
        },
      ),
      { numRuns: 25, seed: 11 },
    );
  });
});

function windowValues(series: { timesS: number[]; values: number[] }, window: { startS: number; endS: number }): number[] {
  return series.values.filter((_, i) => series.timesS[i] >= window.startS && series.timesS[i] <= window.endS);
}
