// GP fits on a worker thread, so a large fit does not block the caller's event loop (the
// HTTP server's, for one). The worker runs the same pure `runGpFit` on the same plan, so the
// model is bit for bit the one the main thread would fit. One piscina pool, created on first
// use; its idle threads are unref'd and never keep the process alive, and end after a minute
// without work. The entry loads the compiled worker module, or the TypeScript one through tsx
// (src/worker-module.mjs).
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { runGpFit, type GpFitPlan, type GpFitResult } from './gp-fit.js';
import type { GpWorkerReply } from './gp-worker.js';

const WORKER_ENTRY = fileURLToPath(new URL('./gp-worker-entry.mjs', import.meta.url));

let pool: Piscina<GpFitPlan, GpWorkerReply> | undefined;

function currentPool(): Piscina<GpFitPlan, GpWorkerReply> {
  pool ??= new Piscina<GpFitPlan, GpWorkerReply>({
    filename: WORKER_ENTRY,
    minThreads: 0,
    // Leave a core to the main thread (which may be fitting an ENN or serving requests).
    maxThreads: Math.max(1, availableParallelism() - 1),
    idleTimeout: 60_000,
    concurrentTasksPerWorker: 1,
    // Fits are long; keep idle workers from spinning on Atomics.wait.
    atomics: 'disabled',
  });
  return pool;
}

export interface WorkerFitOptions {
  /** If the worker thread cannot run at all (not if the fit itself fails), fit on this thread instead of failing. */
  readonly fallBackToMainThread?: boolean;
}

/** `runGpFit(plan)` on a worker thread. An error of the fit itself is rethrown as the main thread would throw it. */
export async function runGpFitOnWorker(plan: GpFitPlan, options: WorkerFitOptions = {}): Promise<GpFitResult> {
  let reply: GpWorkerReply;
  try {
    reply = await currentPool().run(plan);
  } catch (error) {
    if (options.fallBackToMainThread) return runGpFit(plan);
    throw new Error(`GP worker thread failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  if ('error' in reply) throw new Error(reply.error);
  return reply.result;
}

/** Ends the worker threads; the next fit on a worker starts a new one. */
export async function closeGpWorkers(): Promise<void> {
  const current = pool;
  pool = undefined;
  if (current !== undefined) await current.destroy();
}
