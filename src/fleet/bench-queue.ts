// Benchmarks over the fleet's Redis: `sdfl bench --redis URL` puts one job per (policy,
// replicate) on the bench queue and `sdfl fleet worker --redis URL --bench` workers, on any
// number of machines, run them. A job is a function of the objective, the settings, the policy
// and the replicate only, so the report equals a local run with the same seed (timings aside).
// Built-in objectives run anywhere; an objective or plugin module must exist at the same path
// on every worker machine.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { z } from 'zod';
import { loadPlugins } from '../plugins/load-plugins.js';
import { createJobThreadPool, type JobThreadPool, type PoolRun } from '../benchmark/job-pool.js';
import { loadObjective, type ObjectiveRef } from '../benchmark/objective-ref.js';
import type { BenchmarkObjective } from '../benchmark/objectives/types.js';
import { jobResultSchema } from '../benchmark/report.js';
import { runJob, type JobResult } from '../benchmark/run-job.js';
import type { BenchmarkJobRunner } from '../benchmark/run-benchmark.js';
import { benchmarkSettingsSchema } from '../benchmark/settings.js';
import { benchmarkPolicySchema } from '../benchmark/policies.js';
import { BENCH_QUEUE, DEFAULT_FLEET_PREFIX } from './fleet-keys.js';
import { parseAtEdge } from './job-schemas.js';
import { openRedis, type RedisSettings } from './redis-settings.js';
import { DEFAULT_JOB_LEASE_MS } from './rig-worker.js';

export const BENCH_JOB_FORMAT = 'sdfl-bench-job';

const objectiveRefSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('builtin'), name: z.string().min(1) }),
  z.strictObject({ kind: z.literal('module'), path: z.string().min(1) }),
]);

export const benchJobSchema = z.strictObject({
  format: z.literal(BENCH_JOB_FORMAT),
  version: z.literal(1),
  benchId: z.string().min(1).max(100),
  objective: objectiveRefSchema,
  settings: benchmarkSettingsSchema,
  job: z.strictObject({ policy: benchmarkPolicySchema, replicate: z.number().int().min(1) }),
});

export const benchResultSchema = z.strictObject({
  worker: z.string(),
  result: jobResultSchema.omit({ regret: true }),
});

export interface BenchQueueOptions {
  redis: RedisSettings;
  prefix?: string;
  pollMs?: number;
}

/** A job runner for runBenchmark that hands the jobs to the bench queue and waits for all of them. */
export function queueJobRunner(options: BenchQueueOptions): BenchmarkJobRunner {
  const workersSeen = new Set<string>();
  return {
    workers: () => workersSeen.size,
    run: async (run: PoolRun): Promise<JobResult[]> => {
      const redis = openRedis(options.redis, 'sdfl-bench');
      const queue = new Queue(BENCH_QUEUE, { connection: redis, prefix: options.prefix ?? DEFAULT_FLEET_PREFIX });
      const benchId = `bench-${randomBytes(4).toString('hex')}`;
      const ids = run.jobs.map((job) => `${benchId}.${job.policy}.${job.replicate}`);
      try {
        await queue.addBulk(run.jobs.map((job, index) => ({
          name: benchId,
          data: parseAtEdge(benchJobSchema, { format: BENCH_JOB_FORMAT, version: 1, benchId, objective: run.objective, settings: run.settings, job }, 'bench job'),
          opts: { jobId: ids[index], attempts: 1, removeOnComplete: false, removeOnFail: false },
        })));
        const results = new Array<JobResult | undefined>(ids.length);
        let waiting = ids.length;
        while (waiting > 0) {
          for (const [index, id] of ids.entries()) {
            if (results[index] !== undefined) continue;
            const job = await queue.getJob(id) as Job | undefined;
            if (!job) throw new Error(`bench job ${id} disappeared from the queue`);
            if (typeof job.progress === 'number') run.onEvaluation?.(index, job.progress);
            if (job.failedReason) throw new Error(`bench job ${job.data.job.policy} replicate ${job.data.job.replicate} failed on a worker: ${job.failedReason}`);
            if (job.finishedOn === undefined || job.returnvalue === undefined || job.returnvalue === null) continue;
            const message = parseAtEdge(benchResultSchema, job.returnvalue, `result of bench job ${id}`);
            workersSeen.add(message.worker);
            results[index] = message.result;
            run.onEvaluation?.(index, message.result.values.length);
            waiting--;
          }
          if (waiting > 0) await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 200));
        }
        return results as JobResult[];
      } finally {
        // Nothing of this benchmark stays in Redis, finished or not.
        for (const id of ids) await queue.remove(id).catch(() => 0);
        await queue.close();
        redis.disconnect();
      }
    },
  };
}

export interface BenchWorkerOptions {
  redis: RedisSettings;
  prefix?: string;
  /** Replicates at once: 1 runs them on this thread, more on as many worker threads. */
  concurrency?: number;
  leaseMs?: number;
  onLine?: (line: string) => void;
}

/** Takes benchmark jobs until closed. */
export async function startBenchWorker(options: BenchWorkerOptions): Promise<{ close(): Promise<void>; stopped: Promise<{ reason?: string }> }> {
  const concurrency = options.concurrency ?? 1;
  const say = options.onLine ?? (() => {});
  const name = `${hostname()}:${process.pid}`;
  const redis = openRedis(options.redis, 'sdfl-bench-worker', (message) => say(`bench: ${message}\n`));
  const pool: JobThreadPool | undefined = concurrency > 1 ? createJobThreadPool(concurrency) : undefined;
  const objectives = new Map<string, Promise<BenchmarkObjective>>();
  const objectiveOf = (ref: ObjectiveRef) => {
    const key = JSON.stringify(ref);
    let loaded = objectives.get(key);
    if (!loaded) {
      loaded = loadObjective(ref);
      objectives.set(key, loaded);
    }
    return loaded;
  };
  // BullMQ leaves a connection it was given open: this one is closed with the worker.
  const jobConnection = redis.duplicate({ connectionName: 'sdfl-bench-worker-jobs' });
  jobConnection.on('error', () => undefined); // reported once by the main connection
  const worker = new Worker(BENCH_QUEUE, async (job: Job) => {
    let data: z.output<typeof benchJobSchema>;
    try {
      data = parseAtEdge(benchJobSchema, job.data, `bench job ${job.id}`);
    } catch (error) {
      throw new UnrecoverableError((error as Error).message);
    }
    say(`bench: ${data.job.policy} replicate ${data.job.replicate} (${data.benchId})\n`);
    let lastReported = 0;
    const progress = (done: number) => {
      if (done <= lastReported) return;
      lastReported = done;
      void job.updateProgress(done).catch(() => undefined);
    };
    let result: JobResult;
    if (pool) {
      result = await pool.run({ objective: data.objective, settings: data.settings, job: data.job }, progress);
    } else {
      await loadPlugins(data.settings.plugins);
      result = await runJob(await objectiveOf(data.objective), data.settings, data.job, progress);
    }
    return parseAtEdge(benchResultSchema, { worker: name, result }, 'bench result');
  }, {
    connection: jobConnection,
    prefix: options.prefix ?? DEFAULT_FLEET_PREFIX,
    concurrency,
    lockDuration: options.leaseMs ?? DEFAULT_JOB_LEASE_MS,
    stalledInterval: options.leaseMs ?? DEFAULT_JOB_LEASE_MS,
    autorun: false,
  });
  let resolveStopped!: (value: { reason?: string }) => void;
  const stopped = new Promise<{ reason?: string }>((resolve) => {
    resolveStopped = resolve;
  });
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await worker.close();
      await pool?.destroy();
      jobConnection.disconnect();
      redis.disconnect();
      resolveStopped({});
    })();
    return closing;
  };
  worker.on('error', (error) => say(`bench: queue error: ${error.message}\n`));
  void worker.run().catch(() => close());
  await worker.waitUntilReady();
  say(`bench worker ready (${concurrency} at once, pid ${process.pid} on ${hostname()})\n`);
  return { close, stopped };
}
