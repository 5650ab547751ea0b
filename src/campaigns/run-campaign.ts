// Run or resume any campaign by id.
import type { SqliteDatabase } from '../store/database.js';
import { createRandom } from '../domain/random.js';
import { conditionFromArray, rigParameterSpace } from '../domain/rig-space.js';
import { toPhysical } from '../domain/space.js';
import { runStudy, studyRigOpener, type StudyResult } from './studies/index.js';
import { ExperimentAbortedError } from '../automation/errors.js';
import { clearControl, pendingControl } from '../store/campaigns.js';
import { watchForAbort } from './abort-watch.js';
import { CampaignLog } from './campaign-log.js';
import type { CampaignState } from './campaign-state.js';
import { labConfigOf, type CampaignDeps } from './deps.js';
import { runPlanningCampaign, type RunCampaignOptions } from './runner.js';

export async function runCampaign(db: SqliteDatabase, campaignId: string, deps: CampaignDeps, options: RunCampaignOptions & { onProgress?: (done: number, total: number, label: string) => void } = {}): Promise<CampaignState> {
  const log = CampaignLog.open(db, campaignId, deps.now, options.onEvent);
  if (log.spec.kind !== 'study') return runPlanningCampaign(db, campaignId, deps, options);
  if (log.state.status === 'completed' || log.state.status === 'aborted') return log.state;
  // A study is short and has no planner: after an interruption it starts over. It can be
  // aborted (rig safe at once) but not paused.
  const spec = log.spec;
  const labConfig = labConfigOf(spec, deps);
  if (pendingControl(db, campaignId) === 'abort') {
    clearControl(db, campaignId);
    log.append('aborted', { reason: 'aborted by operator' });
    return log.state;
  }
  log.append('study-started', {});
  const abortWatch = watchForAbort(db, campaignId, options.controlPollMs);
  let result: StudyResult;
  try {
    result = await runStudy(spec.study, {
      openRig: studyRigOpener(labConfig, (config, geometry) => deps.openRig(config, geometry)),
      random: createRandom(spec.seed),
      baseCondition: conditionFromArray(toPhysical(rigParameterSpace(), spec.base ?? [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5])),
      db,
      studyId: campaignId,
      now: deps.now,
      onProgress: (done, total, label) => {
        options.onProgress?.(done, total, label);
        abortWatch.check();
      },
      signal: abortWatch.signal,
    });
  } catch (error) {
    if (!(error instanceof ExperimentAbortedError)) throw error;
    clearControl(db, campaignId);
    log.append('aborted', { reason: 'aborted by operator' });
    return log.state;
  } finally {
    abortWatch.stop();
  }
  log.append('study-result', { study: result.study, columns: result.columns, rows: result.rows, summary: result.summary });
  log.append('completed', { reason: `study ${result.study} finished` });
  return log.state;
}
