// The closed loop of one campaign: propose, check stocks, run, record, learn; crash-safe
// because every step is an event committed before the next one, and resuming is replaying
// the log (planner restored from its last snapshot, a virtual lab by re-running its commands).
import { makeRecipe, type Recipe } from '../chemistry/recipe.js';
import { reagentShortfalls } from '../chemistry/reagents.js';
import { DEFAULT_RIG_GEOMETRY, PUMP_IDS, type PumpId } from '../chemistry/rig-geometry.js';
import { conditionFromArray, rigParameterSpace } from '../domain/rig-space.js';
import { recordToPoint } from '../domain/space.js';
import type { Spectrum } from '../domain/spectrum.js';
import type { Rig } from '../instruments/interfaces.js';
import { ExperimentAbortedError, plannedRunS, runExperiment, type ExperimentResult } from '../automation/run-experiment.js';
import { ExperimentFailedError } from '../automation/errors.js';
import { runOptionsSchema } from '../automation/run-options.js';
import { measureSolventBlank } from '../automation/solvent-blank.js';
import { enterSafeState } from '../automation/safe-state.js';
import { createPlanner, restorePlanner, type Condition, type Planner } from '../planning/index.js';
import type { SqliteDatabase } from '../store/database.js';
import { getExperiment, saveExperiment, saveFailedExperiment } from '../store/experiments.js';
import { CAMPAIGN_RUN_OPTIONS } from './run-settings.js';
import { clearControl, pendingControl } from '../store/campaigns.js';
import { CampaignLog } from './campaign-log.js';
import type { CampaignState, ProposalState } from './campaign-state.js';
import type { CampaignEvent } from './events.js';
import { observationsOf, plannerOptionsFor, totalExperiments, type PlanningSpec } from './planner-setup.js';
import { labConfigOf, type CampaignDeps } from './deps.js';
import { spectrumFromJson, spectrumToJson } from './spectrum-json.js';
import { twinQuality } from './twin-quality.js';
import { replayVirtualLab } from './virtual-replay.js';
import { checkRigForCampaign } from './rig-check.js';
import { watchForAbort } from './abort-watch.js';

export interface RunCampaignOptions {
  onEvent?: (event: CampaignEvent) => void;
  /** How often (ms of wall time) the runner looks for a pause or abort request from elsewhere. */
  controlPollMs?: number;
}

/** Runs (or resumes) a planning campaign until it completes, pauses or is aborted. */
export async function runPlanningCampaign(db: SqliteDatabase, campaignId: string, deps: CampaignDeps, options: RunCampaignOptions = {}): Promise<CampaignState> {
  const log = CampaignLog.open(db, campaignId, deps.now, options.onEvent);
  const spec = log.spec;
  if (spec.kind === 'study') throw new Error(`campaign ${campaignId} is a study, not a planning campaign`);
  if (log.state.status === 'completed' || log.state.status === 'aborted') return log.state;
  // A proposal left running by a process that died is re-queued, never half-recorded.
  for (const proposal of log.state.proposals.filter((p) => p.status === 'running')) log.append('interrupted', { proposalId: proposal.proposalId });
  if (log.state.status === 'paused') log.append('resumed', {});

  const rig = await deps.openRig(labConfigOf(spec, deps));
  const abortWatch = watchForAbort(db, campaignId, options.controlPollMs);
  try {
    checkRigForCampaign(rig, spec);
    const hadReference = log.state.reference !== undefined;
    const reference = await ensureReference(rig, log);
    if (hadReference && rig.kind === 'virtual') await replayVirtualLab(rig, log, reference, (id) => getExperiment(db, id)?.status === 'measured');
    const planner = await restoreOrCreatePlanner(db, log, spec, deps);
    await loop(db, rig, log, spec, planner, reference, abortWatch.signal, deps);
  } finally {
    abortWatch.stop();
    await enterSafeState(rig);
    await rig.close();
  }
  return log.state;
}

async function ensureReference(rig: Rig, log: CampaignLog): Promise<Spectrum | null> {
  if (log.state.reference !== undefined) return log.state.reference && spectrumFromJson(log.state.reference);
  const spectrum = await measureSolventBlank(rig);
  const syringeLevelsUl = { ...DEFAULT_RIG_GEOMETRY.syringeCapacityUl };
  log.append('reference-measured', { spectrum: spectrum && spectrumToJson(spectrum), syringeLevelsUl });
  return spectrum;
}

async function restoreOrCreatePlanner(db: SqliteDatabase, log: CampaignLog, spec: PlanningSpec, deps: CampaignDeps): Promise<Planner> {
  const environment = { trainerFactory: deps.trainerFactory };
  if (log.state.plannerState === undefined) {
    const prior = spec.kind === 'optimisation' ? spec.informedBy.flatMap((id) => observationsOf(CampaignLog.open(db, id, deps.now).state)) : [];
    return createPlanner(plannerOptionsFor(spec, prior), environment);
  }
  const planner = restorePlanner(log.state.plannerState, environment);
  // The snapshot was taken at the last proposal; results logged after it are told again.
  const lastProposedSeq = Math.max(...log.all().filter((e) => e.type === 'proposed').map((e) => e.seq));
  for (const event of log.all()) {
    if (event.seq <= lastProposedSeq) continue;
    if (event.type === 'measured' || event.type === 'failed') tellPlanner(planner, log.state, event.payload.proposalId);
  }
  return planner;
}

function tellPlanner(planner: Planner, state: CampaignState, proposalId: string): void {
  const proposal = state.proposals.find((p) => p.proposalId === proposalId);
  if (!proposal) throw new Error(`campaign log: no proposal '${proposalId}'`);
  if (proposal.status === 'measured') planner.tell({ id: proposalId, point: proposal.condition, value: proposal.value });
  else planner.tell({ id: proposalId, point: proposal.condition, failed: true });
}

async function propose(planner: Planner, log: CampaignLog): Promise<void> {
  const [condition] = await planner.ask(1);
  log.append('proposed', proposedPayload(condition, planner));
}

function proposedPayload(condition: Condition, planner: Planner) {
  return {
    proposalId: condition.id,
    unit: condition.unit,
    condition: condition.point,
    reason: condition.reason,
    predictedMean: condition.predictedMean,
    predictedStd: condition.predictedStd,
    plannerState: planner.toJSON(),
  };
}

async function loop(db: SqliteDatabase, rig: Rig, log: CampaignLog, spec: PlanningSpec, planner: Planner, reference: Spectrum | null, signal: AbortSignal, deps: CampaignDeps): Promise<void> {
  const total = totalExperiments(spec);
  const space = rigParameterSpace();
  for (;;) {
    if (handleControlRequest(db, log)) return;
    if (await handleCompletion(log, spec, planner, total, deps)) return;

    if (!log.state.proposals.some((p) => p.status === 'queued')) await propose(planner, log);
    const next = log.state.proposals.find((p) => p.status === 'queued') as ProposalState;
    const recipe = makeRecipe(conditionFromArray(recordToPoint(space, next.condition)));
    const levels = log.state.syringeLevelsUl as Record<PumpId, number>;
    const lowStock = lowStockMessage(levels, recipe, spec.lowStockUl);
    if (lowStock) {
      log.append('paused', { reason: lowStock });
      return;
    }

    log.append('started', { proposalId: next.proposalId });
    const proposalsLeft = total - log.state.proposals.length;
    const overlapped = spec.overlapPlanning && proposalsLeft > 0 && !log.state.proposals.some((p) => p.status === 'queued')
      ? planner.ask(1)
      : undefined;
    let outcome: { ok: true; result: ExperimentResult } | { ok: false; error: Error };
    try {
      outcome = { ok: true, result: await runExperiment(rig, recipe, { reference, syringeLevelsUl: levels, signal, options: CAMPAIGN_RUN_OPTIONS }) };
    } catch (error) {
      outcome = { ok: false, error: error as Error };
    }
    // The overlapped proposal is logged before this result, matching the order the planner saw them.
    if (overlapped) {
      const [condition] = await overlapped;
      log.append('proposed', proposedPayload(condition, planner));
    }

    if (outcome.ok) {
      recordResult(db, rig, log, spec, next, levels, outcome.result, deps);
      tellPlanner(planner, log.state, next.proposalId);
      if (spec.kind === 'exploration' && spec.stopAtTestR2 !== undefined) await recordTwin(log, planner, deps);
      continue;
    }
    const { error } = outcome;
    const aborted = error instanceof ExperimentAbortedError;
    const reason = aborted ? 'aborted by operator' : error.message;
    log.appendWith('failed', () => saveFailedExperiment(db, recipe, reason, { campaignId: log.campaignId, rigKind: rig.kind, createdAt: deps.now() }), (experimentId) => ({
      proposalId: next.proposalId, experimentId, error: reason, syringeLevelsUl: levels,
    }));
    tellPlanner(planner, log.state, next.proposalId);
    if (aborted) {
      clearControl(db, log.campaignId);
      log.append('aborted', { reason });
      return;
    }
    if (error instanceof ExperimentFailedError) {
      // A hardware fault leaves the rig in the safe state; a person should look before it goes on.
      log.append('paused', { reason: `fault: ${error.message}` });
      return;
    }
    throw error;
  }
}

/** A pause or abort asked for from anywhere ends the loop before the next experiment. */
function handleControlRequest(db: SqliteDatabase, log: CampaignLog): boolean {
  const control = pendingControl(db, log.campaignId);
  if (control === undefined) return false;
  clearControl(db, log.campaignId);
  if (control === 'abort') log.append('aborted', { reason: 'aborted by operator' });
  else log.append('paused', { reason: 'paused by operator' });
  return true;
}

/** Budget used, or (exploration) the twin good enough: log completion. */
async function handleCompletion(log: CampaignLog, spec: PlanningSpec, planner: Planner, total: number, deps: CampaignDeps): Promise<boolean> {
  const finished = log.state.proposals.filter((p) => p.status === 'measured' || p.status === 'failed').length;
  if (finished >= total) {
    await recordTwin(log, planner, deps);
    log.append('completed', { reason: `budget of ${total} experiments used` });
    return true;
  }
  if (spec.kind === 'exploration' && spec.stopAtTestR2 !== undefined && finished > spec.initialDesign.count) {
    const lastModel = log.state.lastModel;
    if (lastModel && lastModel.observations === finished && lastModel.testR2 !== null && lastModel.testR2 >= spec.stopAtTestR2) {
      log.append('completed', { reason: `twin test R^2 ${lastModel.testR2.toFixed(3)} reached the target ${spec.stopAtTestR2}` });
      return true;
    }
  }
  return false;
}

/** Why the next run cannot start on the stocks left (keeping the reserve), or undefined. */
function lowStockMessage(levels: Record<PumpId, number>, recipe: Recipe, reserveUl: number): string | undefined {
  const runOptions = runOptionsSchema.parse(CAMPAIGN_RUN_OPTIONS);
  const usable = Object.fromEntries(PUMP_IDS.map((id) => [id, levels[id] - reserveUl])) as Record<PumpId, number>;
  const shortfalls = reagentShortfalls(usable, recipe, plannedRunS(recipe, runOptions) + runOptions.volumeMarginS);
  if (shortfalls.length === 0) return undefined;
  const list = shortfalls.map((s) => `${s.pump} (${levels[s.pump].toFixed(0)} uL left, next run needs ${s.neededUl.toFixed(0)} uL + ${reserveUl} uL reserve)`).join(', ');
  return `stock low: refill ${list}, then resume with --refilled`;
}

/** The experiment, its spectra and its event land in one transaction. */
function recordResult(db: SqliteDatabase, rig: Rig, log: CampaignLog, spec: PlanningSpec, proposal: ProposalState, levels: Record<PumpId, number>, result: ExperimentResult, deps: CampaignDeps): void {
  const syringeLevelsUl = Object.fromEntries(PUMP_IDS.map((id) => [id, levels[id] - result.reagentUsedUl[id]]));
  const value = result.features[spec.objective.feature];
  const meta = { campaignId: log.campaignId, rigKind: rig.kind, createdAt: deps.now(), rigState: { syringeLevelsUl, temperatureAtMeasurementC: result.temperatureAtMeasurementC } };
  if (value === null || !Number.isFinite(value)) {
    log.appendWith('failed', () => saveExperiment(db, result, meta), (experimentId) => ({
      proposalId: proposal.proposalId, experimentId, error: `no usable ${spec.objective.feature} in the spectra (${result.features.warnings.join('; ')})`,
      syringeLevelsUl,
    }));
    return;
  }
  log.appendWith('measured', () => saveExperiment(db, result, meta), (experimentId) => ({
    proposalId: proposal.proposalId, experimentId, value, syringeLevelsUl,
  }));
}

async function recordTwin(log: CampaignLog, planner: Planner, deps: CampaignDeps): Promise<void> {
  const quality = await twinQuality(planner, log.spec as PlanningSpec, deps);
  log.append('model-fitted', quality);
}
