// Fig. 4A/B: the same reaction time at different total flows (the reactor tube is cut to
// length for each), showing the mixing-limited regime below 600 uL/min.
import { makeRecipe } from '../../chemistry/recipe.js';
import { atCuiStreamFlow } from '../../chemistry/condition-variants.js';
import { DEFAULT_RIG_GEOMETRY } from '../../chemistry/rig-geometry.js';
import { measureSolventBlank } from '../../automation/solvent-blank.js';
import { FEATURE_COLUMNS, featureCells } from './feature-columns.js';
import { runConditionList } from './condition-list.js';
import type { StudyContext, StudyResult, StudyRow } from './types.js';
import { withRig } from './with-rig.js';

export const FLOWRATE_STUDY_TOTAL_FLOWS_UL_PER_MIN = [200, 300, 400, 500, 600, 700, 800, 1000];
export const FLOWRATE_STUDY_REACTION_TIME_S = 31;

export async function flowrateStudy(context: StudyContext): Promise<StudyResult> {
  const rows: StudyRow[] = [];
  const total = FLOWRATE_STUDY_TOTAL_FLOWS_UL_PER_MIN.length;
  for (const [index, totalFlow] of FLOWRATE_STUDY_TOTAL_FLOWS_UL_PER_MIN.entries()) {
    // Droplets move at twice the precursor flow; the reactor volume that gives the fixed reaction time:
    const reactorVolumeUl = (FLOWRATE_STUDY_REACTION_TIME_S * 2 * totalFlow) / 60;
    const geometry = { ...DEFAULT_RIG_GEOMETRY, reactorVolumeUl };
    const recipe = makeRecipe(atCuiStreamFlow(context.baseCondition, totalFlow / 2), { geometry, allowOutsidePlannerBounds: true });
    // A fresh rig per point (its own tube): each point is seeded from the study's seed and its index.
    const [result] = await withRig(context, { geometry, point: index }, async (rig) => {
      const reference = await measureSolventBlank(rig, geometry);
      return runConditionList(rig, reference, [recipe], context, { offset: index, total }, geometry);
    });
    rows.push({ totalPrecursorFlowUlPerMin: totalFlow, reactorVolumeUl, reactionTimeS: recipe.reactionTimeS, ...featureCells(result.features) });
  }
  return {
    study: 'flowrate',
    studyId: context.studyId,
    columns: ['totalPrecursorFlowUlPerMin', 'reactorVolumeUl', 'reactionTimeS', ...FEATURE_COLUMNS],
    rows,
    summary: { reactionTimeS: FLOWRATE_STUDY_REACTION_TIME_S, points: rows.length },
  };
}
