// A benchmark: every policy on every replicate of one objective, jobs spread over worker
// threads, then regret curves and a per-policy summary.
import { availableParallelism } from 'node:os';
import { loadPlugins } from '../plugins/load-plugins.js';
import { runJobs, type PoolRun } from './job-pool.js';
import { loadObjective, type ObjectiveRef } from './objective-ref.js';
import type { BenchmarkObjective, ObjectiveOptimum } from './objectives/types.js';
import { BENCHMARK_REPORT_FORMAT, type BenchmarkJobResult, type BenchmarkReport } from './report.js';
import type { JobResult, JobSpec } from './run-job.js';
import { parseBenchmarkSettings, type BenchmarkSettings, type BenchmarkSettingsInput } from './settings.js';
import { defaultCheckpoints, regretCurve, runningBest, summarizePolicies } from './summary.js';

export interface BenchmarkProgress {
  evaluations: number;
  totalEvaluations: number;
  jobsDone: number;
  jobs: number;
}

export interface BenchmarkRunOptions {
  objective: ObjectiveRef;
  settings: BenchmarkSettingsInput;
  /** Worker threads; 0 runs every job on this thread. Default: one per core, at most one per job. */
  workers?: number;
  onProgress?: (progress: BenchmarkProgress) => void;
  /** Runs the jobs elsewhere (e.g. on a job queue, src/fleet/bench-queue.ts); default: threads of this process. */
  jobRunner?: BenchmarkJobRunner;
}

export interface BenchmarkJobRunner {
  run(run: PoolRun): Promise<JobResult[]>;
  /** What the report names as its workers. */
  workers(): number;
}

/** Replicate-major order, so early replicates of every policy finish first. */
export function benchmarkJobs(settings: BenchmarkSettings): JobSpec[] {
  const jobs: JobSpec[] = [];
  for (let replicate = 1; replicate <= settings.replicates; replicate++) {
    for (const policy of settings.policies) jobs.push({ policy, replicate });
  }
  return jobs;
}

export function defaultWorkerCount(jobs: number): number {
  return Math.max(1, Math.min(availableParallelism(), jobs));
}

export async function runBenchmark(options: BenchmarkRunOptions): Promise<BenchmarkReport> {
  // Plugins first: the settings may name the policies and surrogates they add.
  await loadPlugins(pluginsOf(options.settings));
  const settings = parseBenchmarkSettings(options.settings);
  const objective = await loadObjective(options.objective);
  const jobs = benchmarkJobs(settings);
  const workers = options.workers ?? defaultWorkerCount(jobs.length);
  if (!Number.isInteger(workers) || workers < 0) throw new Error(`workers must be a non-negative integer, got ${workers}`);

  const startedAt = new Date();
  const wallStart = performance.now();
  const done = new Array<number>(jobs.length).fill(0);
  let evaluations = 0;
  let jobsDone = 0;
  const totalEvaluations = jobs.length * settings.budget;
  const raw = await (options.jobRunner?.run ?? runJobs)({
    objective: options.objective,
    settings,
    jobs,
    workers,
    onEvaluation: (index, count) => {
      if (count <= done[index]) return;
      evaluations += count - done[index];
      done[index] = count;
      if (count === settings.budget) jobsDone++;
      options.onProgress?.({ evaluations, totalEvaluations, jobsDone, jobs: jobs.length });
    },
  });
  const optimum = await objective.optimum();
  const results = orderResults(raw, settings).map((r) => withRegret(r, objective, optimum));
  const checkpoints = defaultCheckpoints(settings.init, settings.budget);
  return {
    format: BENCHMARK_REPORT_FORMAT,
    version: 2,
    objective: describeObjective(objective, optimum),
    settings,
    workers: options.jobRunner?.workers() ?? workers,
    startedAt: startedAt.toISOString(),
    wallMs: performance.now() - wallStart,
    checkpoints,
    summary: summarizePolicies(results, settings.policies, checkpoints),
    results,
  };
}

function pluginsOf(settings: BenchmarkSettingsInput): string[] {
  const plugins = (settings as { plugins?: unknown }).plugins;
  return Array.isArray(plugins) && plugins.every((p) => typeof p === 'string') ? plugins : [];
}

/** Results by policy (in the order given) and then by replicate. */
function orderResults(results: readonly JobResult[], settings: BenchmarkSettings): JobResult[] {
  const rank = new Map(settings.policies.map((p, i) => [p, i]));
  return [...results].sort((a, b) => (rank.get(a.policy) ?? 0) - (rank.get(b.policy) ?? 0) || a.replicate - b.replicate);
}

function withRegret(result: JobResult, objective: BenchmarkObjective, optimum: ObjectiveOptimum | undefined): BenchmarkJobResult {
  if (optimum === undefined) return { ...result, regret: null };
  // For a noisy objective regret is judged on the noise-free values of the points measured (failed runs taught nothing).
  const trueValues = result.trueValues?.map((v, k) => (result.values[k] === null ? null : v));
  const best = trueValues ? runningBest(trueValues, objective.direction) : result.bestSoFar;
  return { ...result, regret: regretCurve(best, optimum.value, objective.direction) };
}

function describeObjective(objective: BenchmarkObjective, optimum: ObjectiveOptimum | undefined): BenchmarkReport['objective'] {
  return {
    name: objective.name,
    ...(objective.description === undefined ? {} : { description: objective.description }),
    direction: objective.direction,
    optimum: optimum?.value ?? null,
    optimumPoint: optimum?.point ?? null,
    noisy: objective.noisy,
    parameters: objective.space.parameters.map(({ name, lower, upper }) => ({ name, lower, upper })),
    constraints: objective.space.constraints,
  };
}
