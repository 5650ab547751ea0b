// How good the campaign's surrogate is: train and test R^2 on a seeded 80/20 split of the
// successful experiments (the paper's digital-twin criterion), by the insights layer's parity.
import { createRandom } from '../domain/random.js';
import { recordToPoint, toUnit } from '../domain/space.js';
import { parityData } from '../insights/twin-quality.js';
import type { Planner } from '../planning/index.js';
import type { PlanningSpec } from './planner-setup.js';
import type { CampaignDeps } from './deps.js';

/** Fewer successful experiments than this give no meaningful test R^2. */
export const MIN_EXPERIMENTS_FOR_R2 = 10;

export async function twinQuality(planner: Planner, spec: PlanningSpec, deps: CampaignDeps): Promise<{ observations: number; testR2: number | null; trainR2: number | null }> {
  const space = planner.options.space;
  const data = planner.observations().filter((o) => !o.failed && o.value !== null);
  if (data.length < MIN_EXPERIMENTS_FOR_R2) return { observations: data.length, testR2: null, trainR2: null };
  const points = data.map((o) => toUnit(space, recordToPoint(space, o.point)));
  const values = Float64Array.from(data, (o) => o.value as number);
  // Seeded by the campaign and the data size, so the same log always gives the same figure.
  const parity = await parityData(deps.trainerFactory(spec.surrogate), points, values, createRandom(spec.seed * 7919 + data.length), { testFraction: 0.2 });
  return { observations: data.length, trainR2: parity.trainR2, testR2: parity.testR2 };
}
