// PL intensity of the virtual lab through the whole chain: recipe, heater, pumps, spectra,
// analysis. Each job gets its own virtual lab (seeded by the replicate, simulated clock) and
// measures a solvent blank first; every evaluation is one run of the experiment engine.
// Regret is judged on the noise-free PL intensity of the conditions tried, against the
// noise-free optimum of the feasible space.
import { measureSolventBlank } from '../../automation/solvent-blank.js';
import { runExperiment } from '../../automation/run-experiment.js';
import { ExperimentFailedError } from '../../automation/errors.js';
import { makeRecipe } from '../../chemistry/recipe.js';
import { DEFAULT_RIG_GEOMETRY } from '../../chemistry/rig-geometry.js';
import { createRandom } from '../../domain/random.js';
import { conditionFromArray, rigParameterSpace } from '../../domain/rig-space.js';
import { recordToPoint } from '../../domain/space.js';
import type { Clock, Rig } from '../../instruments/interfaces.js';
import { createVirtualLab } from '../../instruments/sim/index.js';
import { expectedPlIntensity, findTrueOptimum } from '../../virtual-lab/index.js';
import type { BenchmarkObjective, ObjectiveOptimum } from './types.js';

/** Seed of the random start points of the noise-free optimum search. */
const OPTIMUM_SEARCH_SEED = 1;
/**
 * Shortest sleep passed to the simulated clock. After hours of simulated time a remaining
 * wait of ~1e-14 s no longer moves a float clock, and a loop waiting for it never ends.
 */
const MIN_SLEEP_S = 1e-3;

export function virtualLabObjective(): BenchmarkObjective {
  const geometry = DEFAULT_RIG_GEOMETRY;
  const space = rigParameterSpace(geometry.reactorVolumeUl);
  let optimum: Promise<ObjectiveOptimum> | undefined;
  return {
    name: 'virtual-lab',
    description: 'PL intensity (counts/s) of the virtual Cs3Cu2I5 rig, measured through the run engine and spectral analysis, maximised',
    space,
    direction: 'maximize',
    noisy: true,
    optimum() {
      optimum ??= Promise.resolve().then(() => {
        const found = findTrueOptimum(createRandom(OPTIMUM_SEARCH_SEED), { geometry });
        return { value: found.value, point: { ...found.condition } };
      });
      return optimum;
    },
    async open({ replicateSeed }) {
      const lab = createVirtualLab({ seed: replicateSeed, clock: 'simulated', geometry });
      const rig = withMinimumSleep(lab, MIN_SLEEP_S);
      const reference = await measureSolventBlank(rig, geometry);
      return {
        async evaluate(point) {
          const condition = conditionFromArray(recordToPoint(space, point));
          const trueValue = expectedPlIntensity(condition, { geometry });
          // A fresh batch of stocks for every run: the benchmark compares planners, not syringe logistics.
          lab.syringes.refillAll();
          try {
            const result = await runExperiment(rig, makeRecipe(condition, { geometry }), { reference, geometry });
            return { value: result.features.plIntensity, trueValue };
          } catch (error) {
            if (error instanceof ExperimentFailedError) return { value: null, trueValue };
            throw error;
          }
        },
        close: () => lab.close(),
      };
    },
  };
}

function withMinimumSleep(rig: Rig, minimumS: number): Rig {
  const clock: Clock = {
    nowS: () => rig.clock.nowS(),
    sleepS: (durationS) => rig.clock.sleepS(durationS > 0 ? Math.max(durationS, minimumS) : durationS),
  };
  return { ...rig, clock };
}
