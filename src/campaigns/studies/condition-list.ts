// Run a list of conditions one after another as full experiments (flows kept running
// between them, as on the rig), storing each with its spectra.
import type { Recipe } from '../../chemistry/recipe.js';
import type { RigGeometry } from '../../chemistry/rig-geometry.js';
import type { Spectrum } from '../../domain/spectrum.js';
import type { Rig } from '../../instruments/interfaces.js';
import { runExperiment, type ExperimentResult } from '../../automation/run-experiment.js';
import { saveExperiment } from '../../store/experiments.js';
import type { StudyContext } from './types.js';

export async function runConditionList(
  rig: Rig,
  reference: Spectrum | null,
  recipes: Recipe[],
  context: StudyContext,
  progress: { offset: number; total: number },
  geometry?: RigGeometry,
): Promise<ExperimentResult[]> {
  const results: ExperimentResult[] = [];
  for (const [index, recipe] of recipes.entries()) {
    const result = await runExperiment(rig, recipe, { reference, geometry, options: { leaveFlowing: true }, signal: context.signal });
    if (context.db) saveExperiment(context.db, result, { campaignId: context.studyId, rigKind: rig.kind, createdAt: context.now() });
    results.push(result);
    context.onProgress?.(progress.offset + index + 1, progress.total, `condition ${progress.offset + index + 1}`);
  }
  return results;
}
