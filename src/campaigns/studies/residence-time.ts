// Fig. 3C: conditions at 25, 31 and 42 s reaction time in sequence, Abs300 followed from each
// flow change; how many residence times each takes to reach steady state.
import { makeRecipe } from '../../chemistry/recipe.js';
import { atReactionTime } from '../../chemistry/condition-variants.js';
import { measureSolventBlank, solventBlankRecipe } from '../../automation/solvent-blank.js';
import { recordFeatureSeries } from '../../automation/feature-series.js';
import { FEATURE_COLUMNS, featureCells } from './feature-columns.js';
import type { StudyContext, StudyResult } from './types.js';
import { withRig } from './with-rig.js';

export const RESIDENCE_STUDY_REACTION_TIMES_S = [25, 31, 42];
/** A feature is at steady state once it stays within this fraction of its plateau. */
export const STEADY_BAND_FRACTION = 0.05;

/** First time after which every value stays within `band` of the plateau (mean of the last quarter). */
export function timeToPlateau(timesS: number[], values: number[], band = STEADY_BAND_FRACTION): number | null {
  const tail = values.slice(Math.floor(values.length * 0.75));
  if (tail.length === 0) return null;
  const plateau = tail.reduce((a, b) => a + b, 0) / tail.length;
  let settledFrom: number | null = null;
  for (let i = values.length - 1; i >= 0; i--) {
    if (Math.abs(values[i] - plateau) <= band * Math.abs(plateau)) settledFrom = timesS[i];
    else break;
  }
  return settledFrom;
}

export async function residenceTimeStudy(context: StudyContext, options: { intervalS: number; holdResidenceTimes: number } = { intervalS: 5, holdResidenceTimes: 2.5 }): Promise<StudyResult> {
  const recipes = RESIDENCE_STUDY_REACTION_TIMES_S.map((t) => makeRecipe(atReactionTime(context.baseCondition, t)));
  // Each condition starts from a solvent-filled line, so its rise from zero shows how long the flowcell takes to follow.
  const flush = solventBlankRecipe();
  const segments = recipes.flatMap((recipe) => [
    { recipe: { ...flush, temperatureC: recipe.temperatureC }, durationS: flush.equilibrationTimeS, recordAfterS: 0, intervalS: options.intervalS, record: false },
    { recipe, durationS: options.holdResidenceTimes * recipe.residenceTimeS, recordAfterS: 0, intervalS: options.intervalS },
  ]);
  const total = segments.filter((s) => s.record !== false).reduce((n, s) => n + Math.floor(s.durationS / s.intervalS) + 1, 0);
  return withRig(context, undefined, async (rig) => {
    const reference = await measureSolventBlank(rig);
    let done = 0;
    const samples = await recordFeatureSeries(rig, { reference, segments, onSample: () => context.onProgress?.(++done, total, 'sampling'), signal: context.signal });
    // Segments alternate flush, condition: condition k is segment 2k + 1.
    const rows = samples.map((s) => {
      const condition = (s.segment - 1) / 2;
      return {
        segment: condition,
        reactionTimeS: recipes[condition].reactionTimeS,
        residenceTimeS: recipes[condition].residenceTimeS,
        sinceChangeS: s.sinceFlowChangeS,
        residenceTimes: s.sinceFlowChangeS / recipes[condition].residenceTimeS,
        ...featureCells(s.features),
      };
    });
    const perSegment = recipes.map((recipe, segment) => {
      const own = rows.filter((r) => r.segment === segment);
      const settledS = timeToPlateau(own.map((r) => r.sinceChangeS), own.map((r) => r.abs300));
      return {
        reactionTimeS: recipe.reactionTimeS,
        residenceTimeS: recipe.residenceTimeS,
        steadyAfterS: settledS,
        steadyAfterResidenceTimes: settledS === null ? null : settledS / recipe.residenceTimeS,
      };
    });
    return {
      study: 'residence-time',
      studyId: context.studyId,
      columns: ['segment', 'reactionTimeS', 'residenceTimeS', 'sinceChangeS', 'residenceTimes', ...FEATURE_COLUMNS],
      rows,
      summary: { segments: perSegment, steadyBandPercent: STEADY_BAND_FRACTION * 100 },
    };
  });
}
