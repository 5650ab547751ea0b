// The closed loop of one campaign: propose, check stocks, run, record, learn; crash-safe
// because every step is an event committed before the next one, and resuming is replaying
// the log (planner restored from its last snapshot, a virtual lab by re-running its commands).
import { makeRecipe, type Recipe } from '../chemistry/recipe.js';
import { reagentShortfalls, type SyringeLevelsUl } from '../chemistry/reagents.js';
import { DEFAULT_RIG_GEOMETRY, perPump } from '../chemistry/rig-geometry.js';
import { conditionFromArray, rigParameterSpace } from '../domain/rig-space.js';
import { recordToPoint } from '../domain/space.js';
import type { Spectrum } from '../domain/spectrum.js';
import type { Rig } from '../instruments/interfaces.js';
import { ExperimentAbortedError, plannedRunS, runExperiment, type ExperimentResult } from '../automation/run-experiment.js';
import { ExperimentFailedError } from '../automation/errors.js';
import { runOptionsSchema } from '../automation/run-options.js';
import { measureSolventBlank } from '../automation/solvent-blank.js';
import { enterSafeState } from '../automation/safe-state.js';
import type { Condition, Planner } from '../planning/index.js';
import type { SqliteDatabase } from '../store/database.js';
import { getExperiment } from '../store/experiments.js';
import { CAMPAIGN_RUN_OPTIONS } from './run-settings.js';
import { clearControl, pendingControl } from '../store/campaigns.js';
import { CampaignLog } from './campaign-log.js';
import type { CampaignState, ProposalState } from './campaign-state.js';
import type { CampaignEvent } from './events.js';
import { totalExperiments, type PlanningSpec } from './planner-setup.js';
import { labConfigOf, type CampaignDeps } from './deps.js';
import { spectrumFromJson, spectrumToJson } from './spectrum-json.js';
import {
  asError, handleCompletion, logProposals, recordMeasurement, recordRunFailure, recordTwin as recordSharedTwin,
  restoreOrCreatePlanner, takeControlRequest, tellFromLog,
} from './campaign-steps.js';
import { replayVirtualLab } from './virtual-replay.js';
import { checkRigForCampaign } from './rig-check.js';
import { watchForAbort } from './abort-watch.js';
import type { CampaignLease } from './campaign-lease.js';

export interface RunCampaignOptions {
  onEvent?: (event: CampaignEvent) => void;
  /** How often (ms of wall time) the runner looks for a pause or abort request from elsewhere. */
  controlPollMs?: number;
  /**
   * An interrupt of the process running the campaign (the CLI's SIGINT/SIGTERM): the running
   * experiment is aborted into the safe state, logged `interrupted` (it runs again first on
   * resume), and the campaign is paused with the reason, not aborted.
   */
  signal?: AbortSignal;
}

/** Everything one run of the loop works with. */
interface CampaignRun {
  db: SqliteDatabase;
  rig: Rig;
  log: CampaignLog;
  spec: PlanningSpec;
  planner: Planner;
  /** The campaign's solvent blank: the absorbance reference of every experiment (null on a rig without absorbance). */
  reference: Spectrum | null;
  /** Aborts the experiment that is running (an abort requested from any process, or an interrupt). */
  signal: AbortSignal;
  /** The interrupt alone (see RunCampaignOptions.signal). */
  interrupt?: AbortSignal;
  deps: CampaignDeps;
  /** Experiments the campaign runs in all. */
  total: number;
  /** This runner's hold on the campaign; renewed at every step. */
  lease: CampaignLease;
}

type Outcome = { ok: true; result: ExperimentResult } | { ok: false; error: Error };

/** Runs (or resumes) a planning campaign, whose lease the caller holds, until it completes, pauses or is aborted. */
export async function runPlanningCampaign(db: SqliteDatabase, campaignId: string, deps: CampaignDeps, options: RunCampaignOptions, lease: CampaignLease): Promise<CampaignState> {
  const log = CampaignLog.open(db, campaignId, deps.now, options.onEvent);
  const spec = log.spec;
  if (spec.kind === 'study') throw new Error(`campaign ${campaignId} is a study, not a planning campaign`);
  if (log.state.status === 'completed' || log.state.status === 'aborted') return log.state;
  // A proposal left running by a process that died is re-queued, never half-recorded.
  for (const proposal of log.state.proposals.filter((p) => p.status === 'running')) log.append('interrupted', { proposalId: proposal.proposalId });
  if (log.state.status === 'paused') log.append('resumed', {});

  const rig = await deps.openRig(labConfigOf(spec, deps));
  const abortWatch = watchForAbort(db, campaignId, options.controlPollMs);
  const interrupt = options.signal;
  const signal = interrupt ? AbortSignal.any([abortWatch.signal, interrupt]) : abortWatch.signal;
  try {
    checkRigForCampaign(rig, spec);
    const hadReference = log.state.reference !== undefined;
    const reference = await ensureReference(rig, log, signal);
    if (hadReference && rig.kind === 'virtual') await replayVirtualLab(rig, log, reference, (id) => getExperiment(db, id)?.status === 'measured', signal);
    const planner = await restoreOrCreatePlanner(db, log, spec, deps);
    await loop({ db, rig, log, spec, planner, reference, signal, interrupt, deps, total: totalExperiments(spec), lease });
  } catch (error) {
    // Aborted or interrupted while taking the blank or replaying: nothing half-done is logged.
    if (!(error instanceof ExperimentAbortedError)) throw error;
    if (!pauseIfInterrupted({ db, log, interrupt })) {
      clearControl(db, campaignId);
      log.append('aborted', { reason: 'aborted by operator' });
    }
  } finally {
    abortWatch.stop();
    await enterSafeState(rig);
    await rig.close();
  }
  return log.state;
}

async function loop(run: CampaignRun): Promise<void> {
  for (;;) {
    run.lease.renew();
    if (handleControlRequest(run)) return;
    if (pauseIfInterrupted(run)) return;
    if (await handleCompletion(run)) return;
    const next = queuedProposal(run.log.state) ?? await propose(run);
    if (next === undefined) return;
    const recipe = makeRecipe(conditionFromArray(recordToPoint(rigParameterSpace(), next.condition)));
    if (pauseIfStocksLow(run, recipe)) return;

    run.log.append('started', { proposalId: next.proposalId });
    const overlapped = askWhileRunning(run);
    const outcome = await runOne(run, recipe);
    run.lease.renew();
    // The overlapped proposal is logged before this result, matching the order the planner saw them.
    const planningError = await logOverlappedProposal(run, overlapped);
    if (!outcome.ok && pauseIfInterrupted(run, next.proposalId)) return;

    if (outcome.ok) {
      recordResult(run, next, outcome.result);
      tellPlanner(run, next.proposalId);
      if (planningError) return pauseForPlanningError(run, planningError);
      if (run.spec.kind === 'exploration' && run.spec.stopAtTestR2 !== undefined) await recordTwin(run);
      continue;
    }
    recordFailure(run, next, recipe, outcome.error);
    tellPlanner(run, next.proposalId);
    if (stopAfterFailure(run, outcome.error)) return;
    if (planningError) return pauseForPlanningError(run, planningError);
  }
}

async function ensureReference(rig: Rig, log: CampaignLog, signal: AbortSignal): Promise<Spectrum | null> {
  if (log.state.reference !== undefined) return log.state.reference && spectrumFromJson(log.state.reference);
  const spectrum = await measureSolventBlank(rig, undefined, { signal });
  const syringeLevelsUl = { ...DEFAULT_RIG_GEOMETRY.syringeCapacityUl };
  log.append('reference-measured', { spectrum: spectrum && spectrumToJson(spectrum), syringeLevelsUl });
  return spectrum;
}

function tellPlanner(run: CampaignRun, proposalId: string): void {
  tellFromLog(run.planner, run.log.state, proposalId);
}

function queuedProposal(state: CampaignState): ProposalState | undefined {
  return state.proposals.find((p) => p.status === 'queued');
}

/** Asks the planner for the next condition and logs it; a planner that fails pauses the campaign (undefined). */
async function propose(run: CampaignRun): Promise<ProposalState | undefined> {
  let condition: Condition;
  try {
    [condition] = await run.planner.ask(1);
  } catch (error) {
    pauseForPlanningError(run, asError(error));
    return undefined;
  }
  logProposal(run, condition);
  return queuedProposal(run.log.state);
}

function logProposal(run: CampaignRun, condition: Condition): void {
  logProposals(run.log, run.planner, [condition]);
}

/** Plans the next condition while this one runs, if the campaign wants more and none is queued. */
function askWhileRunning(run: CampaignRun): Promise<Condition[]> | undefined {
  const proposalsLeft = run.total - run.log.state.proposals.length;
  if (!run.spec.overlapPlanning || proposalsLeft <= 0 || queuedProposal(run.log.state)) return undefined;
  const asked = run.planner.ask(1);
  asked.catch(() => undefined); // awaited after the experiment; never an unhandled rejection meanwhile
  return asked;
}

/** Logs what the overlapped ask proposed; its error is returned, not thrown, so no result is lost. */
async function logOverlappedProposal(run: CampaignRun, overlapped: Promise<Condition[]> | undefined): Promise<Error | undefined> {
  if (!overlapped) return undefined;
  let condition: Condition;
  try {
    [condition] = await overlapped;
  } catch (error) {
    return asError(error);
  }
  logProposal(run, condition);
  return undefined;
}

async function runOne(run: CampaignRun, recipe: Recipe): Promise<Outcome> {
  try {
    const result = await runExperiment(run.rig, recipe, {
      reference: run.reference, syringeLevelsUl: syringeLevels(run.log.state), signal: run.signal, options: CAMPAIGN_RUN_OPTIONS,
    });
    return { ok: true, result };
  } catch (error) {
    return { ok: false, error: asError(error) };
  }
}

function pauseForPlanningError(run: CampaignRun, error: Error): void {
  run.log.append('paused', { reason: `planner failed: ${error.message.replace(/\s+/g, ' ')}` });
}

/**
 * An interrupt of this process ends the loop with the campaign paused (resumable); an experiment
 * it cut short is logged `interrupted`, so it runs again first when the campaign resumes.
 */
function pauseIfInterrupted(run: Pick<CampaignRun, 'db' | 'log' | 'interrupt'>, cutShort?: string): boolean {
  if (!run.interrupt?.aborted || pendingControl(run.db, run.log.campaignId) === 'abort') return false;
  if (cutShort !== undefined) run.log.append('interrupted', { proposalId: cutShort });
  run.log.append('paused', { reason: `interrupted by ${String(run.interrupt.reason)}; the rig was put in the safe state; resume to go on` });
  return true;
}

/** A pause or abort asked for from anywhere ends the loop before the next experiment. */
function handleControlRequest(run: CampaignRun): boolean {
  return takeControlRequest(run.db, run.log) !== undefined;
}

/** Syringe levels as the log last recorded them (the blank records the first). */
function syringeLevels(state: CampaignState): SyringeLevelsUl {
  const recorded = state.syringeLevelsUl ?? {};
  return perPump((id) => {
    const level = recorded[id];
    if (level === undefined) throw new Error(`campaign log: no syringe level recorded for pump ${id}`);
    return level;
  });
}

/** Pauses, naming what to refill, when the next run cannot finish on the stocks left (keeping the reserve). */
function pauseIfStocksLow(run: CampaignRun, recipe: Recipe): boolean {
  const levels = syringeLevels(run.log.state);
  const reserveUl = run.spec.lowStockUl;
  const runOptions = runOptionsSchema.parse(CAMPAIGN_RUN_OPTIONS);
  const usable = perPump((id) => levels[id] - reserveUl);
  const shortfalls = reagentShortfalls(usable, recipe, plannedRunS(recipe, runOptions) + runOptions.volumeMarginS);
  if (shortfalls.length === 0) return false;
  const list = shortfalls.map((s) => `${s.pump} (${levels[s.pump].toFixed(0)} uL left, next run needs ${s.neededUl.toFixed(0)} uL + ${reserveUl} uL reserve)`).join(', ');
  run.log.append('paused', { reason: `stock low: refill ${list}, then resume with --refilled` });
  return true;
}

function recordContext(run: CampaignRun) {
  return { db: run.db, log: run.log, spec: run.spec, rigKind: run.rig.kind, now: run.deps.now };
}

/** The experiment, its spectra and its event land in one transaction. */
function recordResult(run: CampaignRun, proposal: ProposalState, result: ExperimentResult): void {
  const levels = syringeLevels(run.log.state);
  const syringeLevelsUl = perPump((id) => levels[id] - result.reagentUsedUl[id]);
  recordMeasurement(recordContext(run), proposal.proposalId, result, syringeLevelsUl);
}

/** A run that did not finish: the failed experiment and its event land together. */
function recordFailure(run: CampaignRun, proposal: ProposalState, recipe: Recipe, error: Error): void {
  const reason = error instanceof ExperimentAbortedError ? 'aborted by operator' : error.message;
  recordRunFailure(recordContext(run), proposal.proposalId, recipe, reason, syringeLevels(run.log.state));
}

/**
 * After a failed run: an abort ends the campaign, a hardware fault pauses it (the rig is in
 * the safe state; a person should look before it goes on), anything else is a bug and throws.
 */
function stopAfterFailure(run: CampaignRun, error: Error): boolean {
  if (error instanceof ExperimentAbortedError) {
    clearControl(run.db, run.log.campaignId);
    run.log.append('aborted', { reason: 'aborted by operator' });
    return true;
  }
  if (error instanceof ExperimentFailedError) {
    run.log.append('paused', { reason: `fault: ${error.message}` });
    return true;
  }
  throw error;
}

async function recordTwin(run: CampaignRun): Promise<void> {
  await recordSharedTwin(run);
}
