// Run or resume any campaign by id.
import type { SqliteDatabase } from '../store/database.js';
import { UnknownCampaignError } from './unknown-campaign.js';
import { createRandom } from '../domain/random.js';
import { conditionFromArray, rigParameterSpace } from '../domain/rig-space.js';
import { toPhysical } from '../domain/space.js';
import { runStudy, studyRigOpener, type StudyResult } from './studies/index.js';
import { ExperimentAbortedError } from '../automation/errors.js';
import { clearControl, getCampaignRecord, pendingControl } from '../store/campaigns.js';
import { acquireCampaignLease, type CampaignLease, type LeaseOptions } from './campaign-lease.js';
import { watchForAbort } from './abort-watch.js';
import { CampaignLog } from './campaign-log.js';
import type { CampaignState } from './campaign-state.js';
import { labConfigOf, type CampaignDeps } from './deps.js';
import { runPlanningCampaign, type RunCampaignOptions } from './runner.js';

export interface RunAnyCampaignOptions extends RunCampaignOptions {
  onProgress?: (done: number, total: number, label: string) => void;
  lease?: LeaseOptions;
}

/** Runs or resumes a campaign; refuses (CampaignBusyError) while another runner holds it. */
export async function runCampaign(db: SqliteDatabase, campaignId: string, deps: CampaignDeps, options: RunAnyCampaignOptions = {}): Promise<CampaignState> {
  if (!getCampaignRecord(db, campaignId)) throw new UnknownCampaignError(campaignId);
  const lease = acquireCampaignLease(db, campaignId, options.lease);
  try {
    return await runHeld(db, campaignId, deps, options, lease);
  } finally {
    lease.release();
  }
}

async function runHeld(db: SqliteDatabase, campaignId: string, deps: CampaignDeps, options: RunAnyCampaignOptions, lease: CampaignLease): Promise<CampaignState> {
  const log = CampaignLog.open(db, campaignId, deps.now, options.onEvent);
  if (log.spec.kind !== 'study') return runPlanningCampaign(db, campaignId, deps, options, lease);
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
  const signal = options.signal ? AbortSignal.any([abortWatch.signal, options.signal]) : abortWatch.signal;
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
        lease.renew();
        options.onProgress?.(done, total, label);
        abortWatch.check();
      },
      signal,
    });
  } catch (error) {
    if (!(error instanceof ExperimentAbortedError)) throw error;
    if (options.signal?.aborted && pendingControl(db, campaignId) !== 'abort') {
      // Interrupted (SIGINT/SIGTERM), not aborted: run again on resume.
      log.append('paused', { reason: `interrupted by ${String(options.signal.reason)}; the rig was put in the safe state; resume runs the study again` });
      return log.state;
    }
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
