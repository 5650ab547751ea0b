// Runs benchmark jobs on a piscina pool of worker threads, or on this thread when workers is 0.
// Results come back in job order whatever thread ran them.
import { fileURLToPath } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { JobTask } from './job-worker.js';
import { loadObjective, type ObjectiveRef } from './objective-ref.js';
import { runJob, type JobResult, type JobSpec } from './run-job.js';
import type { BenchmarkSettings } from './settings.js';

const WORKER_ENTRY = fileURLToPath(new URL('./job-worker-entry.mjs', import.meta.url));

export interface PoolRun {
  objective: ObjectiveRef;
  settings: BenchmarkSettings;
  jobs: readonly JobSpec[];
  workers: number;
  /** Called after every evaluation with the job's index in `jobs` and its evaluations done. */
  onEvaluation?: (jobIndex: number, done: number) => void;
}

export async function runJobs(run: PoolRun): Promise<JobResult[]> {
  return run.workers === 0 ? runOnThisThread(run) : runOnWorkers(run);
}

async function runOnThisThread(run: PoolRun): Promise<JobResult[]> {
  const objective = await loadObjective(run.objective);
  const results: JobResult[] = [];
  for (const [index, job] of run.jobs.entries()) {
    results.push(await runJob(objective, run.settings, job, (done) => run.onEvaluation?.(index, done)));
  }
  return results;
}

/** A pool of worker threads that run benchmark jobs one per thread (the queue's bench workers keep one open). */
export interface JobThreadPool {
  run(task: Omit<JobTask, 'progress'>, onEvaluation?: (done: number) => void): Promise<JobResult>;
  destroy(): Promise<void>;
}

export function createJobThreadPool(threads: number): JobThreadPool {
  const pool = new Piscina<JobTask, JobResult>({
    filename: WORKER_ENTRY,
    minThreads: threads,
    maxThreads: threads,
    concurrentTasksPerWorker: 1,
    // Jobs are long; keep idle workers from spinning on Atomics.wait.
    atomics: 'disabled',
  });
  return {
    async run(task, onEvaluation) {
      const channel = new MessageChannel();
      channel.port1.on('message', (done: number) => onEvaluation?.(done));
      try {
        const result = await pool.run({ ...task, progress: channel.port2 }, { transferList: [channel.port2] });
        // The last progress messages may still be in flight when the result arrives.
        onEvaluation?.(result.values.length);
        return result;
      } finally {
        channel.port1.close();
      }
    },
    destroy: () => pool.destroy(),
  };
}

async function runOnWorkers(run: PoolRun): Promise<JobResult[]> {
  const pool = createJobThreadPool(run.workers);
  try {
    return await Promise.all(run.jobs.map((job, index) => pool.run({ objective: run.objective, settings: run.settings, job }, (done) => run.onEvaluation?.(index, done))));
  } finally {
    await pool.destroy();
  }
}
