// Dispatch by study name.
import { flowrateStudy } from './flowrate.js';
import { gridStudy } from './grid.js';
import { perturbationStudy } from './perturbation.js';
import { reactionTimeStudy } from './reaction-time.js';
import { residenceTimeStudy } from './residence-time.js';
import { stabilityStudy } from './stability.js';
import type { StudyContext, StudyName, StudyResult } from './types.js';

export { STUDY_NAMES, type StudyName, type StudyResult, type StudyContext, type StudyRigRequest } from './types.js';
export { studyPointLab, studyRigOpener } from './point-lab.js';

export function runStudy(name: StudyName, context: StudyContext): Promise<StudyResult> {
  switch (name) {
    case 'stability': return stabilityStudy(context);
    case 'perturbation': return perturbationStudy(context);
    case 'residence-time': return residenceTimeStudy(context);
    case 'flowrate': return flowrateStudy(context);
    case 'reaction-time': return reactionTimeStudy(context);
    case 'grid': return gridStudy(context);
  }
}
