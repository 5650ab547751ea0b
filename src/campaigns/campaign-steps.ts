// Steps of a planning campaign that more than one driver takes: the one-rig runner
// (runner.ts) and the fleet coordinator (src/fleet) restore the planner from the log, log
// what it proposes, record results, obey pause and abort requests and decide completion the
// same way, through these functions.
import { numericRecord } from '../domain/space.js';
import type { Recipe } from '../chemistry/recipe.js';
import { createPlanner, restorePlanner, type Condition, type Planner } from '../planning/index.js';
import type { SqliteDatabase } from '../store/database.js';
import { clearControl, pendingControl } from '../store/campaigns.js';
import { saveExperiment, saveFailedExperiment, type RecordableResult } from '../store/experiments.js';
import { CampaignLog } from './campaign-log.js';
import type { CampaignState } from './campaign-state.js';
import type { CampaignDeps } from './deps.js';
import { observationsOf, plannerOptionsFor, type PlanningSpec } from './planner-setup.js';
import { twinQuality } from './twin-quality.js';

/** The planner as the log left it: restored from the last proposal's snapshot and told every result logged after it. */
export async function restoreOrCreatePlanner(db: SqliteDatabase, log: CampaignLog, spec: PlanningSpec, deps: CampaignDeps): Promise<Planner> {
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
    if (event.type === 'measured' || event.type === 'failed') tellFromLog(planner, log.state, event.payload.proposalId);
  }
  return planner;
}

/** Tells the planner the logged outcome of one proposal. */
export function tellFromLog(planner: Planner, state: CampaignState, proposalId: string): void {
  const proposal = state.proposals.find((p) => p.proposalId === proposalId);
  if (!proposal) throw new Error(`campaign log: no proposal '${proposalId}'`);
  if (proposal.status === 'measured') planner.tell({ id: proposalId, point: proposal.condition, value: proposal.value });
  else planner.tell({ id: proposalId, point: proposal.condition, failed: true });
}

/**
 * Logs proposals with the planner's state after it proposed them. A batch lands in one
 * transaction: a crash never leaves the planner's snapshot holding pending points the log lacks.
 */
export function logProposals(log: CampaignLog, planner: Planner, conditions: readonly Condition[]): void {
  if (conditions.length === 0) return;
  const plannerState = planner.toJSON();
  log.appendAll('proposed', conditions.map((condition) => ({
    proposalId: condition.id,
    unit: condition.unit,
    condition: numericRecord(condition.point),
    reason: condition.reason,
    predictedMean: condition.predictedMean,
    predictedStd: condition.predictedStd,
    plannerState,
  })));
}

/** Whether the log already holds the outcome (measured or failed) of a proposal. */
export function hasOutcome(log: CampaignLog, proposalId: string): boolean {
  const status = log.state.proposals.find((p) => p.proposalId === proposalId)?.status;
  return status === 'measured' || status === 'failed';
}

/** The database holds an outcome event for the proposal (another writer's included). */
function outcomeStored(db: SqliteDatabase, campaignId: string, proposalId: string): boolean {
  const row = db.prepare(`SELECT 1 FROM campaign_events WHERE campaign_id = ? AND type IN ('measured', 'failed')
    AND json_extract(payload_json, '$.proposalId') = ? LIMIT 1`).get(campaignId, proposalId);
  return row !== undefined;
}

export interface RecordContext {
  db: SqliteDatabase;
  log: CampaignLog;
  spec: PlanningSpec;
  rigKind: string;
  now: () => Date;
}

/**
 * The experiment, its spectra and its event land in one transaction; a run whose spectra hold
 * no usable objective value is logged as failed with its experiment. Recording is idempotent
 * by proposal id: a proposal that already has an outcome is left as it is (returns false).
 * `syringeLevelsUl` are the levels of the rig that ran it, after the run.
 */
export function recordMeasurement(context: RecordContext, proposalId: string, result: RecordableResult, syringeLevelsUl: Record<string, number>, rigState: Record<string, unknown> = {}): boolean {
  const { db, log, spec } = context;
  if (hasOutcome(log, proposalId)) return false;
  const value = result.features[spec.objective.feature];
  const meta = { campaignId: log.campaignId, rigKind: context.rigKind, createdAt: context.now(), rigState: { syringeLevelsUl, temperatureAtMeasurementC: result.temperatureAtMeasurementC, ...rigState } };
  return appendOnce(context, proposalId, () => {
    if (value === null || !Number.isFinite(value)) {
      log.appendWith('failed', () => saveExperiment(db, result, meta), (experimentId) => ({
        proposalId, experimentId, error: `no usable ${spec.objective.feature} in the spectra (${result.features.warnings.join('; ')})`, syringeLevelsUl,
      }));
      return;
    }
    log.appendWith('measured', () => saveExperiment(db, result, meta), (experimentId) => ({ proposalId, experimentId, value, syringeLevelsUl }));
  });
}

/** A run that did not finish: the failed experiment and its event land together; idempotent as recordMeasurement. */
export function recordRunFailure(context: RecordContext, proposalId: string, recipe: Recipe, reason: string, syringeLevelsUl: Record<string, number>, rigState?: Record<string, unknown>): boolean {
  const { db, log } = context;
  if (hasOutcome(log, proposalId)) return false;
  const meta = { campaignId: log.campaignId, rigKind: context.rigKind, createdAt: context.now(), ...(rigState ? { rigState } : {}) };
  return appendOnce(context, proposalId, () => {
    log.appendWith('failed', () => saveFailedExperiment(db, recipe, reason, meta), (experimentId) => ({
      proposalId, experimentId, error: reason, syringeLevelsUl,
    }));
  });
}

/**
 * Runs `append` unless the database already has an outcome for the proposal. The unique index
 * on outcome events (store/database.ts) makes a second outcome impossible even for a writer
 * whose view of the log is stale; it is then reported as already recorded.
 */
function appendOnce(context: RecordContext, proposalId: string, append: () => void): boolean {
  const { db, log } = context;
  if (outcomeStored(db, log.campaignId, proposalId)) return false;
  try {
    append();
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' && outcomeStored(db, log.campaignId, proposalId)) return false;
    throw error;
  }
}

/** A pause or abort asked for from anywhere: logged and cleared; undefined when there is none. */
export function takeControlRequest(db: SqliteDatabase, log: CampaignLog): 'pause' | 'abort' | undefined {
  const control = pendingControl(db, log.campaignId);
  if (control === undefined) return undefined;
  clearControl(db, log.campaignId);
  if (control === 'abort') log.append('aborted', { reason: 'aborted by operator' });
  else log.append('paused', { reason: 'paused by operator' });
  return control;
}

export interface CompletionContext {
  log: CampaignLog;
  spec: PlanningSpec;
  planner: Planner;
  deps: CampaignDeps;
  /** Experiments the campaign runs in all. */
  total: number;
}

/** Proposals with an outcome (measured or failed). */
export function finishedCount(state: CampaignState): number {
  return state.proposals.filter((p) => p.status === 'measured' || p.status === 'failed').length;
}

/** Budget used, or (exploration) the twin good enough: logs completion and returns true. */
export async function handleCompletion(context: CompletionContext): Promise<boolean> {
  const { log } = context;
  if (finishedCount(log.state) >= context.total) {
    await recordTwin(context);
    log.append('completed', { reason: `budget of ${context.total} experiments used` });
    return true;
  }
  const reached = twinTargetReached(log.state, context.spec);
  if (reached !== undefined) {
    log.append('completed', { reason: reached });
    return true;
  }
  return false;
}

/** An exploration with stopAtTestR2 whose last fitted twin (on every finished experiment) reached it: the reason, else undefined. */
export function twinTargetReached(state: CampaignState, spec: PlanningSpec): string | undefined {
  const finished = finishedCount(state);
  if (spec.kind !== 'exploration' || spec.stopAtTestR2 === undefined || finished <= spec.initialDesign.count) return undefined;
  const lastModel = state.lastModel;
  if (lastModel && lastModel.observations === finished && lastModel.testR2 !== null && lastModel.testR2 >= spec.stopAtTestR2) {
    return `twin test R^2 ${lastModel.testR2.toFixed(3)} reached the target ${spec.stopAtTestR2}`;
  }
  return undefined;
}

/** Logs the surrogate's train and test R^2 (model-fitted). */
export async function recordTwin(context: Pick<CompletionContext, 'log' | 'spec' | 'planner' | 'deps'>): Promise<void> {
  const quality = await twinQuality(context.planner, context.spec, context.deps);
  context.log.append('model-fitted', quality);
}

/** What was thrown, as an Error (a library may throw anything). */
export function asError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(String(thrown));
}
