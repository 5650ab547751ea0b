// Trains the members of an ensemble on the main thread and a small pool of worker threads.
// Threads claim member indices from one shared counter, so whoever is free takes the next
// member: a worker still starting up simply claims nothing and the main thread does the rest.
// Workers write parameters into shared memory and raise a per-member flag. Each member's
// parameters depend only on its plan, never on which thread trained it, so parallel and
// serial runs give bit-identical models.
//
// Workers are created once, reused, and unref'd whenever no result is awaited from them,
// so they never keep a process alive; `closeEnsembleWorkers` ends them explicitly. Their
// entry file registers tsx itself: a loader registered on the main thread (bin/sdfl.js,
// `npx tsx`, vitest) does not reach worker threads, and passing tsx's loader through
// `execArgv: ['--import', ...]` still failed to load a .ts worker entry on Node 20.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { trainMember, type MemberTrainingJob } from './ensemble-members.js';
import { mlpParameterCount } from './mlp.js';
import type { WorkerReply, WorkerTask } from './ensemble-worker.js';

export type ParallelMode = boolean | 'auto';

export interface MemberTrainingResult {
  /** parameters[m] of member m. */
  readonly parameters: Float64Array[];
  /** Which members a worker thread trained (the rest ran on the main thread). */
  readonly trainedOnWorker: boolean[];
}

export interface TrainMembersOptions {
  /** true: use workers (waiting for them to start); false: main thread only; 'auto': workers when the job is big enough. */
  readonly parallel?: ParallelMode;
  /** Let the main thread claim members too (default true). */
  readonly useMainThread?: boolean;
}

/** Below this many multiply-adds a job is trained serially: messaging would cost more than it saves. */
export const PARALLEL_MIN_MULTIPLY_ADDS = 3e7;

const MAX_WORKERS = 4;

/** A conservative training speed (this machine does about 700 per ms), used only to size a wait. */
const ASSUMED_MULTIPLY_ADDS_PER_MS = 5e5;

/** Rough cost of a job: forward plus backward pass (~3 multiply-adds per weight and row) per epoch. */
export function estimatedMultiplyAdds(job: MemberTrainingJob): number {
  // A bootstrap resample holds about 1 - 1/e of the distinct rows.
  const rows = job.bootstrap ? job.count * (1 - Math.exp(-1)) : job.count;
  let total = 0;
  for (const plan of job.members) {
    let weights = 0;
    for (let l = 0; l + 1 < plan.layerSizes.length; l++) weights += plan.layerSizes[l] * plan.layerSizes[l + 1];
    total += 3 * weights * rows * job.epochs;
  }
  return total;
}

export function trainMembersSerial(job: MemberTrainingJob): MemberTrainingResult {
  const parameters = job.members.map((_, index) => trainMember(job, index));
  return { parameters, trainedOnWorker: parameters.map(() => false) };
}

export async function trainMembers(job: MemberTrainingJob, options: TrainMembersOptions = {}): Promise<MemberTrainingResult> {
  const parallel = options.parallel ?? 'auto';
  const useMainThread = options.useMainThread ?? true;
  if (!useMainThread && parallel === false) throw new Error('useMainThread: false needs parallel training');
  const wantWorkers = parallel === true || !useMainThread
    || (parallel === 'auto' && availableParallelism() > 1 && job.members.length > 1 && estimatedMultiplyAdds(job) >= PARALLEL_MIN_MULTIPLY_ADDS);
  if (!wantWorkers) return trainMembersSerial(job);

  const mustUseWorkers = parallel === true || !useMainThread;
  if (currentPool === undefined || (currentPool.failed && mustUseWorkers)) {
    // Leave one core to the main thread, which trains members too; beyond a few workers an
    // ensemble of ~10 members gains little and each worker costs its own module loading.
    currentPool = new WorkerPool(Math.min(MAX_WORKERS, Math.max(1, availableParallelism() - 1)));
  }
  const pool = currentPool;
  if (mustUseWorkers) await pool.ready();
  else if (pool.failed) return trainMembersSerial(job);
  return pool.run(job, useMainThread);
}

/** Terminates the worker threads; the next parallel job starts new ones. */
export async function closeEnsembleWorkers(): Promise<void> {
  const pool = currentPool;
  currentPool = undefined;
  if (pool !== undefined) await pool.close();
}

let currentPool: WorkerPool | undefined;

interface PendingTask {
  readonly onReply: (reply: WorkerReply & { type: 'done' | 'failed' }) => void;
  readonly onCrash: (error: Error) => void;
}

class PoolWorker {
  readonly worker: Worker;
  readonly started: Promise<void>;
  readonly pending = new Map<number, PendingTask>();
  private awaited = 0;

  constructor(onDeath: (worker: PoolWorker, error: Error) => void) {
    this.worker = new Worker(new URL('./ensemble-worker-entry.mjs', import.meta.url));
    this.worker.unref();
    let markStarted: () => void = () => {};
    let markFailed: (error: Error) => void = () => {};
    this.started = new Promise<void>((resolve, reject) => {
      markStarted = resolve;
      markFailed = reject;
    });
    // Nobody may await `started` (auto mode); keep a failed start from becoming an unhandled rejection.
    this.started.catch(() => {});
    this.worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'ready') {
        markStarted();
        return;
      }
      const task = this.pending.get(reply.taskId);
      this.pending.delete(reply.taskId);
      task?.onReply(reply);
    });
    const die = (error: Error) => {
      markFailed(error);
      const tasks = [...this.pending.values()];
      this.pending.clear();
      onDeath(this, error);
      for (const task of tasks) task.onCrash(error);
    };
    this.worker.on('error', (error) => die(error instanceof Error ? error : new Error(String(error))));
    this.worker.on('exit', (code) => die(new Error(`ensemble worker exited with code ${code}`)));
  }

  /** Keeps the process alive only while some result from this worker is awaited. */
  await(): void {
    if (this.awaited++ === 0) this.worker.ref();
  }

  release(): void {
    if (--this.awaited === 0) this.worker.unref();
  }
}

class WorkerPool {
  private readonly workers: PoolWorker[] = [];
  private nextTaskId = 0;
  failed = false;

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      this.workers.push(new PoolWorker((worker) => {
        const at = this.workers.indexOf(worker);
        if (at >= 0) this.workers.splice(at, 1);
        if (this.workers.length === 0) this.failed = true;
      }));
    }
  }

  /** Resolves when every worker has loaded; keeps the process alive meanwhile. */
  async ready(): Promise<void> {
    await Promise.all(this.workers.map(async (w) => {
      w.await();
      try {
        await w.started;
      } finally {
        w.release();
      }
    }));
  }

  run(job: MemberTrainingJob, useMainThread: boolean): Promise<MemberTrainingResult> {
    const total = job.members.length;
    const offsets: number[] = [0];
    for (const plan of job.members) offsets.push(offsets[offsets.length - 1] + mlpParameterCount(plan.layerSizes));
    const claim = new SharedArrayBuffer(4);
    const done = new SharedArrayBuffer(4 * total);
    const results = new SharedArrayBuffer(8 * offsets[total]);
    const counter = new Int32Array(claim);
    const doneFlags = new Int32Array(done);
    const sharedParameters = new Float64Array(results);
    const workers = [...this.workers];

    const collect = (ownResults: Map<number, Float64Array>): MemberTrainingResult => {
      const parameters: Float64Array[] = [];
      const trainedOnWorker: boolean[] = [];
      for (let m = 0; m < total; m++) {
        const own = ownResults.get(m);
        parameters.push(own ?? sharedParameters.slice(offsets[m], offsets[m + 1]));
        trainedOnWorker.push(own === undefined);
      }
      return { parameters, trainedOnWorker };
    };
    const allDone = () => {
      for (let m = 0; m < total; m++) if (Atomics.load(doneFlags, m) === 0) return false;
      return true;
    };

    return new Promise<MemberTrainingResult>((resolve, reject) => {
      let settled = false;
      let replies = 0;
      const taskIds: number[] = [];
      const finish = (outcome: { error: Error } | { result: MemberTrainingResult }) => {
        if (settled) return;
        settled = true;
        // Results no longer awaited must not keep the process alive.
        workers.forEach((w, k) => {
          if (w.pending.delete(taskIds[k])) w.release();
        });
        if ('error' in outcome) reject(outcome.error);
        else resolve(outcome.result);
      };

      workers.forEach((w) => {
        const taskId = this.nextTaskId++;
        taskIds.push(taskId);
        w.await();
        w.pending.set(taskId, {
          onReply: (reply) => {
            w.release();
            if (reply.type === 'failed') return finish({ error: new Error(`ensemble member training failed in a worker: ${reply.message}`) });
            replies++;
            if (allDone()) finish({ result: collect(new Map()) });
            else if (replies === workers.length) finish({ error: new Error('ensemble workers finished without training every member') });
          },
          onCrash: (error) => {
            w.release();
            finish({ error });
          },
        });
        const task: WorkerTask = { taskId, job, claim, done, results, offsets };
        w.worker.postMessage(task);
      });

      if (!useMainThread) {
        if (workers.length === 0) finish({ error: new Error('no ensemble worker is running') });
        return;
      }
      try {
        const own = new Map<number, Float64Array>();
        for (;;) {
          const index = Atomics.add(counter, 0, 1);
          if (index >= total) break;
          own.set(index, trainMember(job, index));
        }
        // Members a worker claimed but has not finished: wait about one member's training time,
        // then train them here too. The result is the same whoever finishes, so a worker that
        // is starved of CPU time never makes the fit slower than training serially.
        const graceMs = Math.min(1000, Math.max(1, estimatedMultiplyAdds({ ...job, members: job.members.slice(0, 1) }) / ASSUMED_MULTIPLY_ADDS_PER_MS));
        for (let m = 0; m < total; m++) {
          if (own.has(m) || Atomics.load(doneFlags, m) === 1) continue;
          Atomics.wait(doneFlags, m, 0, graceMs);
          if (Atomics.load(doneFlags, m) === 0) own.set(m, trainMember(job, m));
        }
        finish({ result: collect(own) });
      } catch (error) {
        finish({ error: error instanceof Error ? error : new Error(String(error)) });
      }
    });
  }

  async close(): Promise<void> {
    const workers = this.workers.splice(0);
    await Promise.all(workers.map((w) => w.worker.terminate()));
  }
}
