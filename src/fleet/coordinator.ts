// The fleet coordinator: runs one planning campaign on every rig worker that takes jobs from
// the fleet's queue. It holds the campaign's lease and is the only writer of its log and
// planner: it asks the planner for as many conditions as rigs are idle (the planner keeps them
// and the ones still running apart), puts one job per proposal on the queue, and records each
// result as it comes back (experiment row, spectra and event in one transaction). Recording is
// idempotent by proposal id, and a job id is the proposal id, so after a crash of any process
// the coordinator, restarted, rebuilds everything from the log and the queue: results that
// arrived while it was down are recorded, jobs still running are left to finish, a job whose
// worker died goes back to the queue when its lease expires (BullMQ's stalled-job check).
import { Queue, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { makeRecipe } from '../chemistry/recipe.js';
import { DEFAULT_RIG_GEOMETRY } from '../chemistry/rig-geometry.js';
import { conditionFromArray, rigParameterSpace } from '../domain/rig-space.js';
import { recordToPoint } from '../domain/space.js';
import type { Planner } from '../planning/index.js';
import type { SqliteDatabase } from '../store/database.js';
import { clearControl, getCampaignRecord, pendingControl } from '../store/campaigns.js';
import type { RecordableResult } from '../store/experiments.js';
import { acquireCampaignLease, type CampaignLease, type LeaseOptions } from '../campaigns/campaign-lease.js';
import { CampaignLog } from '../campaigns/campaign-log.js';
import type { CampaignState, ProposalState } from '../campaigns/campaign-state.js';
import {
  asError, finishedCount, hasOutcome, logProposals, recordMeasurement, recordRunFailure, recordTwin,
  restoreOrCreatePlanner, tellFromLog, twinTargetReached, type RecordContext,
} from '../campaigns/campaign-steps.js';
import type { CampaignDeps } from '../campaigns/deps.js';
import type { CampaignEvent } from '../campaigns/events.js';
import { totalExperiments, type PlanningSpec } from '../campaigns/planner-setup.js';
import { spectrumFromJson } from '../campaigns/spectrum-json.js';
import { UnknownCampaignError } from '../campaigns/unknown-campaign.js';
import { abortKey, DEFAULT_FLEET_PREFIX, EXPERIMENT_QUEUE, experimentJobId, rigKeyPattern } from './fleet-keys.js';
import {
  EXPERIMENT_JOB_FORMAT, experimentJobSchema, experimentResultSchema, parseAtEdge, rigAnnouncementSchema,
  type ExperimentJob, type ExperimentPayload, type ExperimentResultMessage,
} from './job-schemas.js';
import { openRedis, type RedisSettings } from './redis-settings.js';

/**
 * 'live' (a lab): ask for as many conditions as rigs are idle now, record results as they come.
 * 'simulated' (the throughput benchmark): `rigs` virtual rigs run side by side in simulated
 * time; results are taken in the order they finish in simulated time (each job's duration is
 * the rig clock's), a freed rig gets the next condition at the time it finished, and the
 * campaign's makespan is reported. Not resumable after a crash.
 */
export type FleetSchedule = { kind: 'live' } | { kind: 'simulated'; rigs: number };

export interface FleetCoordinatorOptions {
  redis: RedisSettings;
  prefix?: string;
  /** How often (ms) the queue is looked at for results and idle rigs. */
  pollMs?: number;
  schedule?: FleetSchedule;
  onEvent?: (event: CampaignEvent) => void;
  /** Lines for a person watching (waiting for rigs, a rig refused a job, ...). */
  onLine?: (line: string) => void;
  lease?: LeaseOptions;
}

export interface FleetRunResult {
  state: CampaignState;
  /** The 'simulated' schedule: simulated seconds from the first job to the last result. */
  makespanS?: number;
  /** Seconds each proposal took on its rig (rig clock), by proposal id. */
  rigSeconds: Record<string, number>;
}

interface Arrival {
  jobId: string;
  proposalId: string;
  /** The worker's result, or why there is none (BullMQ gave the job up, or the result was malformed). */
  result?: ExperimentResultMessage;
  lost?: string;
}

interface Fleet {
  db: SqliteDatabase;
  log: CampaignLog;
  spec: PlanningSpec;
  planner: Planner;
  deps: CampaignDeps;
  lease: CampaignLease;
  queue: Queue;
  redis: Redis;
  prefix: string;
  total: number;
  say: (line: string) => void;
  rigSeconds: Record<string, number>;
  waitingForRigs: boolean;
}

type Drain = { then: 'paused' | 'aborted' | 'completed'; reason: string };

export async function runFleetCampaign(db: SqliteDatabase, campaignId: string, deps: CampaignDeps, options: FleetCoordinatorOptions): Promise<FleetRunResult> {
  if (!getCampaignRecord(db, campaignId)) throw new UnknownCampaignError(campaignId);
  const lease = acquireCampaignLease(db, campaignId, options.lease);
  const prefix = options.prefix ?? DEFAULT_FLEET_PREFIX;
  let redis: Redis | undefined;
  let queue: Queue | undefined;
  try {
    const log = CampaignLog.open(db, campaignId, deps.now, options.onEvent);
    const spec = log.spec;
    if (spec.kind === 'study') throw new Error(`campaign ${campaignId} is a study: a study runs on one rig (sdfl campaign start), not on a fleet`);
    if (log.state.status === 'completed' || log.state.status === 'aborted') return { state: log.state, rigSeconds: {} };
    redis = openRedis(options.redis, 'sdfl-coordinator', (message) => options.onLine?.(`${message}\n`));
    queue = new Queue(EXPERIMENT_QUEUE, { connection: redis, prefix });
    await queue.waitUntilReady();
    if (log.state.status === 'paused') log.append('resumed', {});
    const planner = await restoreOrCreatePlanner(db, log, spec, deps);
    const fleet: Fleet = {
      db, log, spec, planner, deps, lease, queue, redis, prefix, total: totalExperiments(spec),
      say: options.onLine ?? (() => {}), rigSeconds: {}, waitingForRigs: false,
    };
    // Jobs of proposals the log says went out are put back unless the queue still has them
    // (the job id is the proposal's, so this adds nothing that is there).
    for (const proposal of log.state.proposals.filter((p) => p.status === 'running')) await addJob(fleet, proposal);
    const schedule = options.schedule ?? { kind: 'live' };
    const makespanS = await (schedule.kind === 'live' ? liveLoop(fleet, options.pollMs ?? 250) : simulatedLoop(fleet, schedule.rigs, options.pollMs ?? 20));
    return { state: log.state, rigSeconds: fleet.rigSeconds, ...(makespanS === undefined ? {} : { makespanS }) };
  } finally {
    lease.release();
    await queue?.close();
    redis?.disconnect();
  }
}

/** How often (ms) the jobs of proposals in flight are put back if Redis lost them (a restart without persistence). */
const RECONCILE_MS = 5000;

async function liveLoop(fleet: Fleet, pollMs: number): Promise<undefined> {
  let drain: Drain | undefined;
  let reconciledAt = Date.now();
  for (;;) {
    fleet.lease.renew();
    if (Date.now() - reconciledAt >= RECONCILE_MS && drain === undefined) {
      for (const proposal of inFlight(fleet.log.state)) await addJob(fleet, proposal);
      reconciledAt = Date.now();
    }
    for (const arrival of await collect(fleet)) await record(fleet, arrival);
    drain ??= await takeControl(fleet);
    if (drain === undefined) {
      const done = await completion(fleet);
      if (done === 'completed') return undefined;
      drain = done;
    }
    if (drain !== undefined) {
      // Also a job that comes back to the queue (its worker died) is taken back now.
      await withdrawWaiting(fleet, true);
      if (inFlight(fleet.log.state).length === 0) {
        await finish(fleet, drain);
        return undefined;
      }
    } else {
      drain = await dispatch(fleet, await idleRigs(fleet));
    }
    await sleep(pollMs);
  }
}

/**
 * Simulated time: every rig's next job starts when it finished its last one; a result is taken
 * only once every job in flight has come back, the earliest to finish (in simulated time) first,
 * so the planner sees results in the order the rigs would have produced them.
 */
async function simulatedLoop(fleet: Fleet, rigs: number, pollMs: number): Promise<number> {
  if (!Number.isInteger(rigs) || rigs < 1) throw new Error(`the simulated schedule needs a whole number of rigs, got ${rigs}`);
  if (fleet.log.state.proposals.length > 0) throw new Error(`campaign ${fleet.log.campaignId} already has proposals: the simulated schedule only runs a campaign from its start`);
  const freeAtS = new Array<number>(rigs).fill(0);
  const slotOf = new Map<string, number>();
  const arrived = new Map<string, Arrival>();
  let makespanS = 0;
  for (;;) {
    fleet.lease.renew();
    for (const arrival of await collect(fleet)) arrived.set(arrival.proposalId, arrival);
    const running = [...slotOf.keys()];
    if (running.length > 0 && running.every((id) => arrived.has(id))) {
      const durationOf = (id: string) => { const r = arrived.get(id)?.result; return r ? r.rigEndS - r.rigStartS : 0; };
      const first = running.reduce((best, id) => (freeAtS[slotOf.get(id) as number] + durationOf(id) < freeAtS[slotOf.get(best) as number] + durationOf(best) ? id : best));
      const slot = slotOf.get(first) as number;
      const arrival = arrived.get(first) as Arrival;
      const durationS = durationOf(first);
      arrived.delete(first);
      if (arrival.result?.outcome.status === 'refused') {
        await record(fleet, arrival);
        continue;
      }
      freeAtS[slot] += durationS;
      makespanS = Math.max(makespanS, freeAtS[slot]);
      slotOf.delete(first);
      await record(fleet, arrival);
      continue;
    }
    if (slotOf.size === 0) {
      if (await completion(fleet) === 'completed') return makespanS;
    }
    const free = freeAtS.map((_, slot) => slot).filter((slot) => ![...slotOf.values()].includes(slot));
    if (free.length > 0 && fleet.log.state.proposals.length < fleet.total) {
      const before = new Set(fleet.log.state.proposals.map((p) => p.proposalId));
      const stop = await dispatch(fleet, free.length);
      if (stop !== undefined) throw new Error(`simulated schedule: ${stop.reason}`);
      const sent = fleet.log.state.proposals.filter((p) => !before.has(p.proposalId));
      // The earliest-free rigs take the new conditions.
      free.sort((a, b) => freeAtS[a] - freeAtS[b]);
      sent.forEach((p, k) => slotOf.set(p.proposalId, free[k]));
      continue;
    }
    await sleep(pollMs);
  }
}

/** A pause or abort request: stop sending jobs, take back the ones no rig has started, let the running ones finish. */
async function takeControl(fleet: Fleet): Promise<Drain | undefined> {
  const control = pendingControl(fleet.db, fleet.log.campaignId);
  if (control === undefined) return undefined;
  clearControl(fleet.db, fleet.log.campaignId);
  if (control === 'abort') {
    await fleet.redis.set(abortKey(fleet.prefix, fleet.log.campaignId), '1', 'PX', 3_600_000);
    await withdrawWaiting(fleet, true);
    fleet.say(`abort requested: rigs running this campaign stop with the rig in the safe state\n`);
    return { then: 'aborted', reason: 'aborted by operator' };
  }
  await withdrawWaiting(fleet, true);
  fleet.say(`pause requested: waiting for the experiments running now\n`);
  return { then: 'paused', reason: 'paused by operator' };
}

/** Budget used: logged now. The twin target reached: drain first (results still running are recorded). */
async function completion(fleet: Fleet): Promise<'completed' | Drain | undefined> {
  const { log } = fleet;
  if (finishedCount(log.state) >= fleet.total) {
    await recordTwin(fleet);
    log.append('completed', { reason: `budget of ${fleet.total} experiments used` });
    return 'completed';
  }
  const reached = twinTargetReached(log.state, fleet.spec);
  if (reached !== undefined) {
    await withdrawWaiting(fleet, true);
    return { then: 'completed', reason: reached };
  }
  return undefined;
}

async function finish(fleet: Fleet, drain: Drain): Promise<void> {
  if (drain.then === 'aborted') await fleet.redis.del(abortKey(fleet.prefix, fleet.log.campaignId));
  fleet.log.append(drain.then, { reason: drain.reason });
}

/** Proposals sent to the queue and not back yet. */
function inFlight(state: CampaignState): ProposalState[] {
  return state.proposals.filter((p) => p.status === 'running');
}

/** Rigs announced and alive, less the jobs (of any campaign) waiting or running. */
async function idleRigs(fleet: Fleet): Promise<number> {
  let rigs = 0;
  let cursor = '0';
  do {
    const [next, keys] = await fleet.redis.scan(cursor, 'MATCH', rigKeyPattern(fleet.prefix), 'COUNT', 100);
    cursor = next;
    for (const key of keys) {
      const text = await fleet.redis.get(key);
      if (text === null) continue;
      try {
        parseAtEdge(rigAnnouncementSchema, JSON.parse(text), 'rig announcement');
        rigs++;
      } catch {
        // Not a rig of ours: ignored.
      }
    }
  } while (cursor !== '0');
  const counts = await fleet.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
  const busy = Object.values(counts).reduce((a, b) => a + b, 0);
  const idle = Math.max(0, rigs - busy);
  if (rigs === 0 && !fleet.waitingForRigs) fleet.say('waiting for rigs: start workers with `sdfl fleet worker --redis URL --rig N`\n');
  fleet.waitingForRigs = rigs === 0;
  return idle;
}

/** Sends queued proposals, then asks the planner for the rest of `slots` (at most the budget); a planner failure drains to a pause. */
async function dispatch(fleet: Fleet, slots: number): Promise<Drain | undefined> {
  if (slots <= 0) return undefined;
  const { log, planner } = fleet;
  const send = log.state.proposals.filter((p) => p.status === 'queued').slice(0, slots);
  const ask = Math.min(slots - send.length, fleet.total - log.state.proposals.length);
  if (ask > 0) {
    const before = new Set(log.state.proposals.map((p) => p.proposalId));
    try {
      logProposals(log, planner, await planner.ask(ask));
    } catch (error) {
      return { then: 'paused', reason: `planner failed: ${asError(error).message.replace(/\s+/g, ' ')}` };
    }
    send.push(...log.state.proposals.filter((p) => !before.has(p.proposalId)));
  }
  if (send.length === 0) return undefined;
  for (const proposal of send) await addJob(fleet, proposal);
  log.appendAll('started', send.map((p) => ({ proposalId: p.proposalId })));
  return undefined;
}

async function addJob(fleet: Fleet, proposal: ProposalState): Promise<void> {
  const spec = fleet.spec;
  const job: ExperimentJob = parseAtEdge(experimentJobSchema, {
    format: EXPERIMENT_JOB_FORMAT, version: 1,
    campaignId: fleet.log.campaignId, proposalId: proposal.proposalId, campaignSeed: spec.seed,
    condition: proposal.condition, objectiveFeature: spec.objective.feature, lowStockUl: spec.lowStockUl,
  }, 'experiment job');
  await fleet.queue.add(fleet.log.campaignId, job, { jobId: experimentJobId(fleet.log.campaignId, proposal.proposalId), attempts: 1, removeOnComplete: false, removeOnFail: false });
}

/** Takes back this campaign's jobs that no rig has started; with `requeue` their proposals are logged interrupted (sent again on a resume). */
async function withdrawWaiting(fleet: Fleet, requeue: boolean): Promise<void> {
  const prefix = `${fleet.log.campaignId}.`;
  const ids = (await fleet.queue.getRanges(['waiting', 'delayed', 'prioritized'], 0, -1)).filter((id) => id.startsWith(prefix));
  const withdrawn: string[] = [];
  for (const id of ids) {
    // A job a worker takes meanwhile is locked and stays; its result is recorded as usual.
    const removed = await fleet.queue.remove(id).catch(() => 0);
    if (removed === 1) withdrawn.push(id.slice(prefix.length));
  }
  const stillRunning = withdrawn.filter((proposalId) => fleet.log.state.proposals.find((p) => p.proposalId === proposalId)?.status === 'running');
  if (requeue && stillRunning.length > 0) fleet.log.appendAll('interrupted', stillRunning.map((proposalId) => ({ proposalId })));
}

/** This campaign's finished jobs (completed with a result, or given up by BullMQ). */
async function collect(fleet: Fleet): Promise<Arrival[]> {
  const prefix = `${fleet.log.campaignId}.`;
  const ids = (await fleet.queue.getRanges(['completed', 'failed'], 0, -1)).filter((id) => id.startsWith(prefix));
  const arrivals: Arrival[] = [];
  for (const jobId of ids) {
    const job = await fleet.queue.getJob(jobId) as Job | undefined;
    if (!job) continue;
    const proposalId = jobId.slice(prefix.length);
    if (job.failedReason) {
      arrivals.push({ jobId, proposalId, lost: `the job was given up: ${job.failedReason}` });
      continue;
    }
    try {
      const result = parseAtEdge(experimentResultSchema, job.returnvalue, `result of job ${jobId}`);
      if (result.campaignId !== fleet.log.campaignId || result.proposalId !== proposalId) throw new Error(`result of job ${jobId} names ${result.campaignId} ${result.proposalId}`);
      arrivals.push({ jobId, proposalId, result });
    } catch (error) {
      arrivals.push({ jobId, proposalId, lost: (error as Error).message });
    }
  }
  return arrivals;
}

/** Records one job's outcome once (by proposal id), tells the planner, and removes the job from Redis. */
async function record(fleet: Fleet, arrival: Arrival): Promise<void> {
  const { log } = fleet;
  const proposal = log.state.proposals.find((p) => p.proposalId === arrival.proposalId);
  const refused = arrival.result?.outcome.status === 'refused';
  if (proposal && !hasOutcome(log, proposal.proposalId)) {
    const outcome = arrival.result?.outcome;
    if (outcome?.status === 'refused') {
      fleet.say(`${arrival.result?.rig.id} refused ${proposal.proposalId}: ${outcome.reason}; it goes back to the queue\n`);
    } else if (recordOutcome(fleet, proposal, arrival)) {
      tellFromLog(fleet.planner, log.state, proposal.proposalId);
      if (fleet.spec.kind === 'exploration' && fleet.spec.stopAtTestR2 !== undefined) await recordTwin(fleet);
    }
  }
  await fleet.queue.remove(arrival.jobId).catch(() => 0);
  // A refused proposal is sent again, to whichever rig takes it.
  if (refused && proposal && proposal.status === 'running') await addJob(fleet, proposal);
}

function recordOutcome(fleet: Fleet, proposal: ProposalState, arrival: Arrival): boolean {
  const result = arrival.result;
  const context: RecordContext = { db: fleet.db, log: fleet.log, spec: fleet.spec, rigKind: result?.rig.kind ?? 'unknown', now: fleet.deps.now };
  if (result) fleet.rigSeconds[proposal.proposalId] = result.rigEndS - result.rigStartS;
  const rigState = result ? { rig: result.rig } : undefined;
  const outcome = result?.outcome;
  if (outcome?.status === 'measured') return recordMeasurement(context, proposal.proposalId, recordable(outcome.experiment), outcome.syringeLevelsUl, rigState);
  const lastLevels = fleet.log.state.syringeLevelsUl ?? { ...DEFAULT_RIG_GEOMETRY.syringeCapacityUl };
  if (outcome?.status === 'failed') return recordRunFailure(context, proposal.proposalId, outcome.recipe, outcome.error, outcome.syringeLevelsUl, rigState);
  const recipe = makeRecipe(conditionFromArray(recordToPoint(rigParameterSpace(), proposal.condition)));
  return recordRunFailure(context, proposal.proposalId, recipe, arrival.lost ?? 'no result', lastLevels);
}

function recordable(payload: ExperimentPayload): RecordableResult {
  const { absorbance, pl } = payload.spectra;
  return {
    ...payload,
    spectra: {
      ...(absorbance ? { absorbance: { dark: spectrumFromJson(absorbance.dark), reference: spectrumFromJson(absorbance.reference), sample: spectrumFromJson(absorbance.sample) } } : {}),
      ...(pl ? { pl: { dark: spectrumFromJson(pl.dark), sample: spectrumFromJson(pl.sample) } } : {}),
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
