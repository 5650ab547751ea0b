// Fig. 3A: one condition held for two hours; the spread of the features at steady state.
import { makeRecipe } from '../../chemistry/recipe.js';
import { measureSolventBlank } from '../../automation/solvent-blank.js';
import { recordFeatureSeries } from '../../automation/feature-series.js';
import { FEATURE_COLUMNS, featureCells, rsdOfFig3Features } from './feature-columns.js';
import type { StudyContext, StudyResult } from './types.js';
import { withRig } from './with-rig.js';

export interface StabilityOptions {
  durationMin: number;
  intervalS: number;
}

export async function stabilityStudy(context: StudyContext, options: StabilityOptions = { durationMin: 120, intervalS: 60 }): Promise<StudyResult> {
  const recipe = makeRecipe(context.baseCondition);
  return withRig(context, undefined, async (rig) => {
    const reference = await measureSolventBlank(rig);
    const durationS = options.durationMin * 60;
    const total = Math.floor((durationS - recipe.equilibrationTimeS) / options.intervalS) + 1;
    let done = 0;
    const samples = await recordFeatureSeries(rig, {
      reference,
      segments: [{ recipe, durationS, recordAfterS: recipe.equilibrationTimeS, intervalS: options.intervalS }],
      onSample: () => context.onProgress?.(++done, total, 'sampling'),
      signal: context.signal,
    });
    const rows = samples.map((s) => ({ timeMin: s.sinceFlowChangeS / 60, ...featureCells(s.features) }));
    return {
      study: 'stability',
      studyId: context.studyId,
      columns: ['timeMin', ...FEATURE_COLUMNS],
      rows,
      summary: {
        condition: recipe.condition,
        samples: rows.length,
        rsdPercent: rsdOfFig3Features(rows),
      },
    };
  });
}
