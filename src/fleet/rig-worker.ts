// A rig worker: one process (on any machine) that owns one rig, virtual or real, and takes
// experiment jobs from the fleet's queue. For each campaign it serves it opens its rig (a
// virtual rig seeded from the campaign's seed and the rig's number), checks the rig has what
// the campaign measures, takes the rig's own solvent blank, then runs one job at a time with
// the campaign's run settings and hands back the whole result. It never touches the campaign's
// database: the coordinator records. It holds a BullMQ lock on the job it runs; if the worker
// dies the lock expires and BullMQ gives the job to another worker (or to this one restarted).
import { hostname } from 'node:os';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { ExperimentAbortedError, plannedRunS, runExperiment, type ExperimentResult } from '../automation/run-experiment.js';
import { ExperimentFailedError } from '../automation/errors.js';
import { runOptionsSchema } from '../automation/run-options.js';
import { enterSafeState } from '../automation/safe-state.js';
import { measureSolventBlank } from '../automation/solvent-blank.js';
import { makeRecipe, type Recipe } from '../chemistry/recipe.js';
import { reagentShortfalls, type SyringeLevelsUl } from '../chemistry/reagents.js';
import { DEFAULT_RIG_GEOMETRY, perPump } from '../chemistry/rig-geometry.js';
import { conditionFromArray, rigParameterSpace } from '../domain/rig-space.js';
import { recordToPoint } from '../domain/space.js';
import type { Spectrum } from '../domain/spectrum.js';
import type { Rig } from '../instruments/interfaces.js';
import { labConfigSchema, type LabConfig } from '../instruments/lab-config.js';
import { layoutOf, requireDevices } from '../instruments/rig-layout.js';
import { openRig as openConfiguredRig } from '../instruments/rig-factory.js';
import { campaignRequirements } from '../campaigns/rig-check.js';
import { CAMPAIGN_RUN_OPTIONS } from '../campaigns/run-settings.js';
import { spectrumToJson } from '../campaigns/spectrum-json.js';
import { storedFeatures } from '../store/experiments.js';
import { abortKey, DEFAULT_FLEET_PREFIX, EXPERIMENT_QUEUE, fleetRigSeed, rigKey } from './fleet-keys.js';
import {
  EXPERIMENT_RESULT_FORMAT, experimentJobSchema, experimentResultSchema, parseAtEdge, rigAnnouncementSchema,
  type ExperimentJob, type ExperimentPayload, type ExperimentResultMessage, type RigAnnouncement, type RigIdentity,
} from './job-schemas.js';
import { openRedis, type RedisSettings } from './redis-settings.js';

export const DEFAULT_JOB_LEASE_MS = 30_000;

export interface RigWorkerOptions {
  redis: RedisSettings;
  /** The rig's number in the fleet (1, 2, ...): names it (rig-N) and seeds a virtual rig. */
  rigIndex: number;
  label?: string;
  /** The rig; the virtual lab by default. A virtual rig's seed is replaced per campaign. */
  lab?: LabConfig;
  prefix?: string;
  /** How long a job stays this worker's without a heartbeat; after that BullMQ gives it to another worker. */
  leaseMs?: number;
  /** Times a job may lose its worker before it is given up as failed. */
  maxStalledCount?: number;
  openRig?: (config: LabConfig) => Promise<Rig>;
  /** One line per job and per stop, for a person watching. */
  onLine?: (line: string) => void;
}

export interface RigWorker {
  readonly rigId: string;
  /** The kind of rig (virtual, hardware). */
  readonly kind: string;
  /** The rig open now (for the campaign of the last job), if any: for read-only views such as OPC UA. */
  currentRig(): Rig | undefined;
  /** Whether it runs an experiment now. */
  busy(): boolean;
  /** Resolves when the worker has stopped: closed, or its rig needs a person (fault, low stocks), with the reason. */
  readonly stopped: Promise<{ reason?: string }>;
  /** Finishes the job it runs, then stops; the rig is left in the safe state. */
  close(): Promise<void>;
}

interface RigSession {
  campaignId: string;
  rig: Rig;
  seed: number | null;
  reference: Spectrum | null;
  levels: SyringeLevelsUl;
  /** The rig clock when the rig opened; the first job's time on the rig counts from there (the blank included). */
  openedAtS?: number;
}

export class RigBusyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RigBusyError';
  }
}

export async function startRigWorker(options: RigWorkerOptions): Promise<RigWorker> {
  const prefix = options.prefix ?? DEFAULT_FLEET_PREFIX;
  const leaseMs = options.leaseMs ?? DEFAULT_JOB_LEASE_MS;
  const lab = options.lab ?? labConfigSchema.parse({ kind: 'virtual' });
  const openRig = options.openRig ?? ((config: LabConfig) => openConfiguredRig(config));
  const say = options.onLine ?? (() => {});
  const rigId = `rig-${options.rigIndex}`;
  const identity: Omit<RigIdentity, 'seed'> = {
    id: rigId, index: options.rigIndex, label: options.label ?? rigId, kind: lab.kind, host: hostname(), pid: process.pid,
  };
  const redis = openRedis(options.redis, `sdfl-${rigId}`, (message) => say(`${rigId}: ${message}\n`));
  let session: RigSession | undefined;
  let stopReason: string | undefined;
  let closing: Promise<void> | undefined;

  try {
    await announce(redis, prefix, identity, leaseMs);
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  let state: RigAnnouncement['state'] = 'idle';
  const heartbeat = setInterval(() => {
    void writeAnnouncement(redis, prefix, identity, state, leaseMs).catch(() => undefined);
  }, Math.max(100, Math.floor(leaseMs / 3)));
  heartbeat.unref();

  const closeSession = async () => {
    if (!session) return;
    const { rig } = session;
    session = undefined;
    await enterSafeState(rig);
    await rig.close();
  };

  const sessionFor = async (job: ExperimentJob): Promise<RigSession> => {
    if (session?.campaignId === job.campaignId) return session;
    await closeSession();
    const seed = lab.kind === 'virtual' ? fleetRigSeed(job.campaignSeed, options.rigIndex) : null;
    const rig = await openRig(lab.kind === 'virtual' ? { ...lab, seed: seed as number } : lab);
    const openedAtS = rig.clock.nowS();
    try {
      requireDevices(layoutOf(rig), campaignRequirements(job.objectiveFeature), `campaign ${job.campaignId} on ${rigId}`);
      const reference = await measureSolventBlank(rig);
      session = { campaignId: job.campaignId, rig, seed, reference, levels: { ...DEFAULT_RIG_GEOMETRY.syringeCapacityUl }, openedAtS };
      say(`${rigId}: campaign ${job.campaignId}${seed === null ? '' : ` (virtual rig seed ${seed})`}: solvent blank taken\n`);
      return session;
    } catch (error) {
      await enterSafeState(rig);
      await rig.close();
      throw error;
    }
  };

  // BullMQ leaves a connection it was given open: this one is closed with the worker.
  const jobConnection = redis.duplicate({ connectionName: `sdfl-${rigId}-jobs` });
  jobConnection.on('error', () => undefined); // reported once by the main connection
  const worker = new Worker(EXPERIMENT_QUEUE, async (job: Job) => {
    let data: ExperimentJob;
    try {
      data = parseAtEdge(experimentJobSchema, job.data, `experiment job ${job.id}`);
    } catch (error) {
      throw new UnrecoverableError((error as Error).message);
    }
    state = 'busy';
    await writeAnnouncement(redis, prefix, identity, state, leaseMs).catch(() => undefined);
    try {
      const result = await runJob(data, job.id ?? '?');
      if (stopReason !== undefined) await worker.pause(true);
      return parseAtEdge(experimentResultSchema, result, 'experiment result');
    } finally {
      state = 'idle';
      void writeAnnouncement(redis, prefix, identity, state, leaseMs).catch(() => undefined);
    }
  }, {
    connection: jobConnection,
    prefix,
    concurrency: 1,
    lockDuration: leaseMs,
    stalledInterval: leaseMs,
    maxStalledCount: options.maxStalledCount ?? 3,
    autorun: false,
  });

  const runJob = async (job: ExperimentJob, jobId: string): Promise<ExperimentResultMessage> => {
    let current: RigSession;
    const reply = (rigStartS: number, outcome: ExperimentResultMessage['outcome'], seed: number | null, clockS: number): ExperimentResultMessage => ({
      format: EXPERIMENT_RESULT_FORMAT, version: 1, campaignId: job.campaignId, proposalId: job.proposalId,
      rig: { ...identity, seed }, rigStartS, rigEndS: clockS, outcome,
    });
    try {
      current = await sessionFor(job);
    } catch (error) {
      // The rig cannot serve this campaign (a missing device, a link down): nothing ran.
      stopReason = `${rigId} cannot run campaign ${job.campaignId}: ${(error as Error).message}`;
      return reply(0, { status: 'refused', reason: stopReason }, null, 0);
    }
    const { rig } = current;
    const rigStartS = current.openedAtS ?? rig.clock.nowS();
    current.openedAtS = undefined;
    const recipe = makeRecipe(conditionFromArray(recordToPoint(rigParameterSpace(), job.condition)));
    const shortage = stockShortage(current.levels, recipe, job.lowStockUl);
    if (shortage !== undefined) {
      stopReason = `${rigId}: stock low: refill ${shortage}, then start the worker again (a worker starts with full syringes)`;
      return reply(rigStartS, { status: 'refused', reason: stopReason }, current.seed, rig.clock.nowS());
    }
    say(`${rigId}: running ${job.campaignId} ${job.proposalId} (job ${jobId})\n`);
    const abort = watchAbort(redis, abortKey(prefix, job.campaignId));
    try {
      const result = await runExperiment(rig, recipe, { reference: current.reference, syringeLevelsUl: current.levels, signal: abort.signal, options: CAMPAIGN_RUN_OPTIONS });
      current.levels = perPump((id) => current.levels[id] - result.reagentUsedUl[id]);
      say(`${rigId}: measured ${job.campaignId} ${job.proposalId}\n`);
      return reply(rigStartS, { status: 'measured', experiment: experimentPayload(result), syringeLevelsUl: { ...current.levels } }, current.seed, rig.clock.nowS());
    } catch (error) {
      const aborted = error instanceof ExperimentAbortedError;
      const fault = error instanceof ExperimentFailedError;
      const message = aborted ? 'aborted by operator' : (error as Error).message;
      if (!aborted) stopReason = `${rigId}: ${fault ? 'fault' : 'error'}: ${message}; the rig is in the safe state: look at it, then start the worker again`;
      say(`${rigId}: ${job.proposalId} failed: ${message}\n`);
      return reply(rigStartS, { status: 'failed', recipe, error: message, fault, syringeLevelsUl: { ...current.levels } }, current.seed, rig.clock.nowS());
    } finally {
      abort.stop();
    }
  };

  let resolveStopped!: (value: { reason?: string }) => void;
  const stopped = new Promise<{ reason?: string }>((resolve) => {
    resolveStopped = resolve;
  });
  const close = () => {
    closing ??= (async () => {
      clearInterval(heartbeat);
      await worker.close();
      await closeSession();
      await redis.del(rigKey(prefix, rigId)).catch(() => undefined);
      jobConnection.disconnect();
      redis.disconnect();
      resolveStopped({ reason: stopReason });
    })();
    return closing;
  };
  worker.on('completed', () => {
    if (stopReason !== undefined) {
      say(`${rigId}: stopped taking jobs: ${stopReason}\n`);
      void close();
    }
  });
  worker.on('error', (error) => say(`${rigId}: queue error: ${error.message}\n`));
  void worker.run().catch((error: Error) => {
    stopReason ??= `queue: ${error.message}`;
    void close();
  });
  await worker.waitUntilReady();
  say(`${rigId}: ready (${lab.kind} rig, pid ${process.pid} on ${identity.host}; job lease ${leaseMs} ms)\n`);
  return { rigId, kind: lab.kind, currentRig: () => session?.rig, busy: () => state === 'busy', stopped, close };
}

/** Which syringes cannot finish the run while keeping the reserve, or undefined. */
function stockShortage(levels: SyringeLevelsUl, recipe: Recipe, reserveUl: number): string | undefined {
  const runOptions = runOptionsSchema.parse(CAMPAIGN_RUN_OPTIONS);
  const usable = perPump((id) => levels[id] - reserveUl);
  const shortfalls = reagentShortfalls(usable, recipe, plannedRunS(recipe, runOptions) + runOptions.volumeMarginS);
  if (shortfalls.length === 0) return undefined;
  return shortfalls.map((s) => `${s.pump} (${levels[s.pump].toFixed(0)} uL left, the run needs ${s.neededUl.toFixed(0)} uL + ${reserveUl} uL reserve)`).join(', ');
}

function experimentPayload(result: ExperimentResult): ExperimentPayload {
  const { absorbance, pl } = result.spectra;
  return {
    recipe: result.recipe,
    startedAtS: result.startedAtS,
    flowsStartedAtS: result.flowsStartedAtS,
    measuredAtS: result.measuredAtS,
    temperatureAtMeasurementC: result.temperatureAtMeasurementC,
    spectra: {
      ...(absorbance ? { absorbance: { dark: spectrumToJson(absorbance.dark), reference: spectrumToJson(absorbance.reference), sample: spectrumToJson(absorbance.sample) } } : {}),
      ...(pl ? { pl: { dark: spectrumToJson(pl.dark), sample: spectrumToJson(pl.sample) } } : {}),
    },
    features: storedFeatures(result.features),
    reagentUsedUl: result.reagentUsedUl,
  };
}

/** An abort of the campaign (a key the coordinator sets) becomes the run's AbortSignal. */
function watchAbort(redis: Redis, key: string): { signal: AbortSignal; stop(): void } {
  const controller = new AbortController();
  const check = () => {
    redis.exists(key).then((n) => {
      if (n > 0) controller.abort();
    }, () => undefined);
  };
  check();
  const timer = setInterval(check, 500);
  timer.unref();
  return { signal: controller.signal, stop: () => clearInterval(timer) };
}

async function writeAnnouncement(redis: Redis, prefix: string, identity: Omit<RigIdentity, 'seed'>, state: RigAnnouncement['state'], leaseMs: number): Promise<void> {
  const announcement: RigAnnouncement = { rig: identity, state, since: new Date().toISOString() };
  await redis.set(rigKey(prefix, identity.id), JSON.stringify(announcement), 'PX', leaseMs);
}

/** Claims the rig's name in the fleet; refuses when a live worker elsewhere holds it. */
async function announce(redis: Redis, prefix: string, identity: Omit<RigIdentity, 'seed'>, leaseMs: number): Promise<void> {
  const key = rigKey(prefix, identity.id);
  const value = JSON.stringify({ rig: identity, state: 'idle', since: new Date().toISOString() } satisfies RigAnnouncement);
  if (await redis.set(key, value, 'PX', leaseMs, 'NX') === 'OK') return;
  const held = await redis.get(key);
  let holder: RigAnnouncement | undefined;
  try {
    holder = held === null ? undefined : parseAtEdge(rigAnnouncementSchema, JSON.parse(held), 'rig announcement');
  } catch {
    holder = undefined;
  }
  const gone = holder !== undefined && holder.rig.host === identity.host && !processAlive(holder.rig.pid);
  if (holder !== undefined && !gone && !(holder.rig.host === identity.host && holder.rig.pid === identity.pid)) {
    throw new RigBusyError(`${identity.id} is already served by process ${holder.rig.pid} on ${holder.rig.host}; give this worker another --rig number, `
      + `or if that process is gone wait ${Math.ceil(leaseMs / 1000)} s for its announcement to expire`);
  }
  await redis.set(key, value, 'PX', leaseMs);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
