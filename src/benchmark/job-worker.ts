// Worker side of the job pool: load the objective once per thread, run one job per task and
// report each finished evaluation on the task's progress port.
import type { MessagePort } from 'node:worker_threads';
import { loadPlugins } from '../plugins/load-plugins.js';
import { loadObjective, type ObjectiveRef } from './objective-ref.js';
import type { BenchmarkObjective } from './objectives/types.js';
import { runJob, type JobResult, type JobSpec } from './run-job.js';
import type { BenchmarkSettings } from './settings.js';

export interface JobTask {
  objective: ObjectiveRef;
  settings: BenchmarkSettings;
  job: JobSpec;
  /** Receives the number of evaluations done after each one. */
  progress?: MessagePort;
}

const loaded = new Map<string, Promise<BenchmarkObjective>>();

export async function runJobTask(task: JobTask): Promise<JobResult> {
  const key = JSON.stringify(task.objective);
  let objective = loaded.get(key);
  if (objective === undefined) {
    objective = loadObjective(task.objective);
    loaded.set(key, objective);
  }
  try {
    await loadPlugins(task.settings.plugins);
    return await runJob(await objective, task.settings, task.job, (done) => task.progress?.postMessage(done));
  } finally {
    task.progress?.close();
  }
}
