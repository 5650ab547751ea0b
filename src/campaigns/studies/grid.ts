// Fig. 5: the partial grid search, one input at a time around the base condition at
// constant reaction time; temperature goes beyond the planner's 120-150 C to show the
// low-temperature band and the decline above 150 C.
import { makeRecipe, type Recipe } from '../../chemistry/recipe.js';
import { withInputAtConstantReactionTime } from '../../chemistry/condition-variants.js';
import type { RigCondition, RigInputName } from '../../domain/rig-space.js';
import { measureSolventBlank } from '../../automation/solvent-blank.js';
import { FEATURE_COLUMNS, featureCells } from './feature-columns.js';
import { runConditionList } from './condition-list.js';
import type { StudyContext, StudyResult } from './types.js';
import { withRig } from './with-rig.js';

/** Levels per varied input (Fig. 5 A-F). */
export const GRID_LEVELS: Partial<Record<RigInputName, number[]>> = {
  csOleateFlowUlPerMin: [40, 80, 120, 160, 200],
  cuiFlowUlPerMin: [60, 100, 150, 200, 240],
  oaOdeCsFlowUlPerMin: [0, 30, 60, 90, 120],
  oaOdeCuiFlowUlPerMin: [0, 25, 50, 75, 100],
  oamOdeFlowUlPerMin: [0, 25, 50, 75, 100],
  temperatureC: [100, 110, 120, 130, 140, 150, 160, 170],
};

export function gridRecipes(base: RigCondition): { varied: RigInputName; level: number; recipe: Recipe }[] {
  const plan: { varied: RigInputName; level: number; recipe: Recipe }[] = [];
  for (const [varied, levels] of Object.entries(GRID_LEVELS) as [RigInputName, number[]][]) {
    for (const level of levels) {
      const condition = withInputAtConstantReactionTime(base, varied, level);
      plan.push({ varied, level, recipe: makeRecipe(condition, { allowOutsidePlannerBounds: true }) });
    }
  }
  return plan;
}

export async function gridStudy(context: StudyContext): Promise<StudyResult> {
  const plan = gridRecipes(context.baseCondition);
  return withRig(context, undefined, async (rig) => {
    const reference = await measureSolventBlank(rig);
    const results = await runConditionList(rig, reference, plan.map((p) => p.recipe), context, { offset: 0, total: plan.length });
    const rows = results.map((r, i) => ({ varied: plan[i].varied, level: plan[i].level, reactionTimeS: r.recipe.reactionTimeS, ...r.recipe.condition, ...featureCells(r.features) }));
    return {
      study: 'grid',
      studyId: context.studyId,
      columns: ['varied', 'level', 'reactionTimeS', ...Object.keys(context.baseCondition), ...FEATURE_COLUMNS],
      rows,
      summary: { points: rows.length, varied: Object.keys(GRID_LEVELS) },
    };
  });
}
