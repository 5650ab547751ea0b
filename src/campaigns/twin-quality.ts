// How good the campaign's surrogate is: train and test R^2 on a seeded 80/20 split of the
// successful experiments (the paper's digital-twin criterion).
import { createRandom } from '../domain/random.js';
import { rSquared, trainTestSplit, pick, pickNumbers } from '../models/metrics.js';
import type { Planner } from '../planning/index.js';
import type { PlanningSpec } from './planner-setup.js';
import type { CampaignDeps } from './deps.js';
import { toUnit, recordToPoint } from '../domain/space.js';

/** Fewer successful experiments than this give no meaningful test R^2. */
export const MIN_EXPERIMENTS_FOR_R2 = 10;

export async function twinQuality(planner: Planner, spec: PlanningSpec, deps: CampaignDeps): Promise<{ observations: number; testR2: number | null; trainR2: number | null }> {
  const space = planner.options.space;
  const data = planner.observations().filter((o) => !o.failed && o.value !== null);
  if (data.length < MIN_EXPERIMENTS_FOR_R2) return { observations: data.length, testR2: null, trainR2: null };
  const points = data.map((o) => toUnit(space, recordToPoint(space, o.point)));
  const values = Float64Array.from(data, (o) => o.value as number);
  const random = createRandom(spec.seed * 7919 + data.length);
  const split = trainTestSplit(points.length, 0.2, random);
  const model = await deps.trainerFactory(spec.surrogate).fit(pick(points, split.train), pickNumbers(values, split.train), random);
  const trainPrediction = model.predict(pick(points, split.train)).mean;
  const testPrediction = model.predict(pick(points, split.test)).mean;
  return {
    observations: data.length,
    trainR2: rSquared(pickNumbers(values, split.train), trainPrediction),
    testR2: rSquared(pickNumbers(values, split.test), testPrediction),
  };
}
