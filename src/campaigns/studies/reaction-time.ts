// Fig. 4C/D: one reactor, total flows above 600 uL/min chosen for reaction times of 25 to 42 s.
import { makeRecipe } from '../../chemistry/recipe.js';
import { atReactionTime } from '../../chemistry/condition-variants.js';
import { measureSolventBlank } from '../../automation/solvent-blank.js';
import { FEATURE_COLUMNS, featureCells } from './feature-columns.js';
import { runConditionList } from './condition-list.js';
import type { StudyContext, StudyResult } from './types.js';
import { withRig } from './with-rig.js';

export const REACTION_STUDY_TIMES_S = [25, 28, 31, 34, 38, 42];

export async function reactionTimeStudy(context: StudyContext): Promise<StudyResult> {
  const recipes = REACTION_STUDY_TIMES_S.map((t) => makeRecipe(atReactionTime(context.baseCondition, t)));
  return withRig(context, undefined, async (rig) => {
    const reference = await measureSolventBlank(rig);
    const results = await runConditionList(rig, reference, recipes, context, { offset: 0, total: recipes.length });
    const rows = results.map((r) => ({ reactionTimeS: r.recipe.reactionTimeS, totalPrecursorFlowUlPerMin: r.recipe.totalPrecursorFlowUlPerMin, ...featureCells(r.features) }));
    return {
      study: 'reaction-time',
      studyId: context.studyId,
      columns: ['reactionTimeS', 'totalPrecursorFlowUlPerMin', ...FEATURE_COLUMNS],
      rows,
      summary: { points: rows.length },
    };
  });
}
