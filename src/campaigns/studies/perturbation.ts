// Fig. 3B: a baseline condition repeated between random conditions; the baseline's spread
// measures reproducibility after perturbations.
import { makeRecipe, type Recipe } from '../../chemistry/recipe.js';
import { conditionFromArray, rigParameterSpace } from '../../domain/rig-space.js';
import { toPhysical } from '../../domain/space.js';
import { measureSolventBlank } from '../../automation/solvent-blank.js';
import { unitRegion } from '../../planning/region.js';
import { uniformRandom } from '../../planning/samplers/index.js';
import { FEATURE_COLUMNS, featureCells, rsdOfFig3Features } from './feature-columns.js';
import { runConditionList } from './condition-list.js';
import type { StudyContext, StudyResult } from './types.js';
import { withRig } from './with-rig.js';

export async function perturbationStudy(context: StudyContext, options: { replicates: number } = { replicates: 5 }): Promise<StudyResult> {
  const space = rigParameterSpace();
  const baseline = makeRecipe(context.baseCondition);
  const perturbations = uniformRandom(unitRegion(space), options.replicates - 1, context.random)
    .map((unit) => makeRecipe(conditionFromArray(toPhysical(space, unit))));
  const sequence: { role: 'baseline' | 'perturbation'; recipe: Recipe }[] = [];
  for (let i = 0; i < options.replicates; i++) {
    sequence.push({ role: 'baseline', recipe: baseline });
    if (i < perturbations.length) sequence.push({ role: 'perturbation', recipe: perturbations[i] });
  }
  return withRig(context, undefined, async (rig) => {
    const reference = await measureSolventBlank(rig);
    const results = await runConditionList(rig, reference, sequence.map((s) => s.recipe), context, { offset: 0, total: sequence.length });
    const rows = results.map((result, index) => ({ index, role: sequence[index].role, ...result.recipe.condition, ...featureCells(result.features) }));
    const baselineRows = rows.filter((r) => r.role === 'baseline');
    return {
      study: 'perturbation',
      studyId: context.studyId,
      columns: ['index', 'role', ...Object.keys(baseline.condition), ...FEATURE_COLUMNS],
      rows,
      summary: {
        baseline: baseline.condition,
        replicates: baselineRows.length,
        rsdPercent: rsdOfFig3Features(baselineRows),
      },
    };
  });
}
