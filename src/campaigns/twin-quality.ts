// How good the campaign's surrogate is: train and test R^2 on the campaign's seeded 80/20
// split of its successful experiments (the paper's digital-twin criterion). The runner logs it
// as model-fitted (the dashboard's figure); the report and `sdfl insights` compute the same
// split with the same function, so all three agree on the same data.
import { createRandom } from '../domain/random.js';
import { recordToPoint, toUnit } from '../domain/space.js';
import { MIN_EXPERIMENTS_FOR_TWIN, reportableR2, TWIN_TEST_FRACTION, twinSplitSeed, type TwinQuality } from '../domain/twin-quality.js';
import { parityData, type ParityData } from '../insights/twin-quality.js';
import type { SurrogateTrainer } from '../models/surrogate.js';
import type { Planner } from '../planning/index.js';
import type { PlanningSpec } from './planner-setup.js';
import type { CampaignDeps } from './deps.js';

/** Fewer successful experiments than this give no twin to judge. */
export const MIN_EXPERIMENTS_FOR_R2 = MIN_EXPERIMENTS_FOR_TWIN;

export interface TwinSplit extends TwinQuality {
  trainSize: number;
  testSize: number;
  /** Every experiment of the split with the twin's prediction (paper Fig. 6C/D). */
  parity: Omit<ParityData, 'surrogate'>;
}

/** The campaign's split of these experiments (unit-cube points, in campaign order), fitted and judged. */
export async function twinSplit(trainer: SurrogateTrainer, points: readonly ArrayLike<number>[], values: ArrayLike<number>, campaignSeed: number): Promise<TwinSplit> {
  const n = points.length;
  const { surrogate: _twin, ...parity } = await parityData(trainer, points, values, createRandom(twinSplitSeed(campaignSeed, n)), { testFraction: TWIN_TEST_FRACTION });
  return {
    observations: n,
    trainSize: parity.train.length,
    testSize: parity.test.length,
    trainR2: reportableR2(parity.trainR2, parity.train.length),
    testR2: reportableR2(parity.testR2, parity.test.length),
    parity,
  };
}

/** The twin quality of a running campaign, from its planner's observations (the model-fitted event). */
export async function twinQuality(planner: Planner, spec: PlanningSpec, deps: CampaignDeps): Promise<TwinQuality> {
  const space = planner.options.space;
  const data = planner.observations().filter((o) => !o.failed && o.value !== null);
  if (data.length < MIN_EXPERIMENTS_FOR_TWIN) return { observations: data.length, trainSize: null, testSize: null, testR2: null, trainR2: null };
  const points = data.map((o) => toUnit(space, recordToPoint(space, o.point)));
  const values = Float64Array.from(data, (o) => o.value as number);
  const { parity: _pairs, ...quality } = await twinSplit(deps.trainerFactory(spec.surrogate), points, values, spec.seed);
  return quality;
}
