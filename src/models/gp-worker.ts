// Worker-thread side of the GP pool: runs one fit plan. Errors of the fit come back as a
// message (not a rejection), so the pool can tell them from a thread that failed to run.
import { runGpFit, type GpFitPlan, type GpFitResult } from './gp-fit.js';

export type GpWorkerReply = { readonly result: GpFitResult } | { readonly error: string };

export function runGpFitTask(plan: GpFitPlan): GpWorkerReply {
  try {
    return { result: runGpFit(plan) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
