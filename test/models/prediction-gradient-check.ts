// Central-difference check of a surrogate's analytic mean and std gradients.
import { expect } from 'vitest';
import type { Surrogate } from '../../src/models/surrogate.js';

export function expectPredictionGradientsMatch(model: Surrogate, point: number[], digits: number): void {
  if (!model.predictWithGradient) throw new Error(`${model.kind} has no predictWithGradient`);
  const result = model.predictWithGradient([point]);
  const h = 1e-6;
  for (let k = 0; k < point.length; k++) {
    const up = [...point];
    const down = [...point];
    up[k] += h;
    down[k] -= h;
    const pu = model.predict([up]);
    const pd = model.predict([down]);
    expect(result.meanGradient[0][k]).toBeCloseTo((pu.mean[0] - pd.mean[0]) / (2 * h), digits);
    expect(result.stdGradient[0][k]).toBeCloseTo((pu.std[0] - pd.std[0]) / (2 * h), digits);
  }
  expect(result.mean[0]).toBe(model.predict([point]).mean[0]);
}
