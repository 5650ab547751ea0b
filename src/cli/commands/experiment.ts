// `sdfl experiment`: one condition, end to end, on the configured rig (virtual by default).
import type { Command } from 'commander';
import { conditionFromArray, rigParameterSpace, RIG_INPUT_NAMES } from '../../domain/rig-space.js';
import { toPhysical } from '../../domain/space.js';
import { InfeasibleConditionError, makeRecipe } from '../../chemistry/recipe.js';
import { runSingleExperiment } from '../../campaigns/single-experiment.js';
import { DEFAULT_DATABASE_PATH } from '../../store/database.js';
import { openCliDatabase } from '../database.js';
import { storedFeatures } from '../../store/experiments.js';
import type { CliIo } from '../io.js';
import { seedFlag, unitConditionFlag } from '../flags.js';
import { parseFlag, UsageError } from '../usage-error.js';
import { formatExperiment } from '../format-experiment.js';
import { labConfigFromFlags } from '../lab-flags.js';
import { holdingRig } from '../rig-guard.js';

export const DEFAULT_UNIT_CONDITION = '0.5,0.5,0.5,0.5,0.5,0.5,0.5';

export function registerExperiment(program: Command, io: CliIo): void {
  program.command('experiment')
    .description(`run one synthesis experiment; --x takes the seven dimensionless inputs in [0, 1]: ${RIG_INPUT_NAMES.join(', ')}`)
    .option('--x <values>', 'seven comma-separated dimensionless inputs', DEFAULT_UNIT_CONDITION)
    .option('--json', 'print one JSON object')
    .option('--db <path>', 'SQLite file', DEFAULT_DATABASE_PATH)
    .option('--lab <file>', 'lab configuration file (JSON or YAML); default: the virtual lab')
    .option('--seed <n>', 'seed of the virtual lab (its noise); the output names the seed used', '1')
    .action(async (flags: { x: string; json?: boolean; db: string; lab?: string; seed: string }) => {
      const unit = parseFlag('--x', unitConditionFlag, flags.x);
      const seed = parseFlag('--seed', seedFlag, flags.seed);
      const labConfig = labConfigFromFlags(flags.lab, seed);
      // The seed the virtual lab really ran with (a --lab file may set its own); real instruments have none.
      const labSeed = labConfig.kind === 'virtual' ? labConfig.seed : null;
      const condition = conditionFromArray(toPhysical(rigParameterSpace(), unit));
      let recipe;
      try {
        recipe = makeRecipe(condition);
      } catch (error) {
        if (error instanceof InfeasibleConditionError) throw new UsageError(`invalid value for --x: ${error.message}`);
        throw error;
      }
      const db = openCliDatabase(flags.db, 'create', io);
      try {
        const { experimentId, result } = await holdingRig(io, (guard) => runSingleExperiment({ db, labConfig, recipe, openRig: guard.openRig, signal: guard.signal }));
        if (flags.json) {
          io.out(`${JSON.stringify({ experimentId, database: flags.db, lab: labConfig.kind, seed: labSeed, unit, condition, recipe, features: storedFeatures(result.features), measuredAtS: result.measuredAtS })}\n`);
        } else {
          io.out(formatExperiment(experimentId, flags.db, unit, recipe, result.features, labSeed));
        }
      } finally {
        db.close();
      }
    });
}
