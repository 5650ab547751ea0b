// One experiment as a job: open the rig, take the solvent blank, run, store, shut down.
import type { Recipe } from '../chemistry/recipe.js';
import type { Rig } from '../instruments/interfaces.js';
import type { LabConfig } from '../instruments/lab-config.js';
import { openRig } from '../instruments/rig-factory.js';
import { runExperiment, type ExperimentResult } from '../automation/run-experiment.js';
import { measureSolventBlank } from '../automation/solvent-blank.js';
import { enterSafeState } from '../automation/safe-state.js';
import type { SqliteDatabase } from '../store/database.js';
import { saveExperiment, saveFailedExperiment } from '../store/experiments.js';

export interface SingleExperimentRequest {
  db: SqliteDatabase;
  labConfig: LabConfig;
  recipe: Recipe;
  now?: () => Date;
  /** How the rig is opened (the CLI's guard tracks it); openRig by default. */
  openRig?: (config: LabConfig) => Promise<Rig>;
  /** Aborts the blank or the run at its next wait, into the safe state. */
  signal?: AbortSignal;
}

export async function runSingleExperiment(request: SingleExperimentRequest): Promise<{ experimentId: number; result: ExperimentResult }> {
  const now = request.now ?? (() => new Date());
  const rig = await (request.openRig ?? openRig)(request.labConfig);
  try {
    let result: ExperimentResult;
    try {
      const reference = await measureSolventBlank(rig, undefined, { signal: request.signal });
      result = await runExperiment(rig, request.recipe, { reference, signal: request.signal });
    } catch (error) {
      saveFailedExperiment(request.db, request.recipe, (error as Error).message, { rigKind: rig.kind, createdAt: now() });
      throw error;
    }
    const experimentId = saveExperiment(request.db, result, {
      rigKind: rig.kind,
      createdAt: now(),
      rigState: {
        temperatureSetpointC: result.recipe.temperatureC,
        temperatureAtMeasurementC: result.temperatureAtMeasurementC,
        flowsUlPerMin: result.recipe.flowsUlPerMin,
      },
    });
    return { experimentId, result };
  } finally {
    await enterSafeState(rig);
    await rig.close();
  }
}
