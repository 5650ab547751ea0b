// Worker-thread side of the ensemble pool: claims member indices from a counter shared with
// the main thread, trains them and writes their parameters to shared memory until none are left.
import { parentPort } from 'node:worker_threads';
import { trainMember, type MemberTrainingJob } from './ensemble-members.js';

export interface WorkerTask {
  readonly taskId: number;
  readonly job: MemberTrainingJob;
  /** Int32 [next unclaimed member index]. */
  readonly claim: SharedArrayBuffer;
  /** Int32 per member: set to 1 once its parameters are in `results`. */
  readonly done: SharedArrayBuffer;
  /** Float64: member m's parameters at offsets[m] .. offsets[m + 1]. */
  readonly results: SharedArrayBuffer;
  readonly offsets: readonly number[];
}

export type WorkerReply =
  | { readonly type: 'ready' }
  | { readonly type: 'done'; readonly taskId: number }
  | { readonly type: 'failed'; readonly taskId: number; readonly message: string };

const port = parentPort;
if (port === null) throw new Error('ensemble-worker.ts must run in a worker thread');

port.on('message', (task: WorkerTask) => {
  const counter = new Int32Array(task.claim);
  const doneFlags = new Int32Array(task.done);
  const results = new Float64Array(task.results);
  try {
    for (;;) {
      const index = Atomics.add(counter, 0, 1);
      if (index >= task.job.members.length) break;
      results.set(trainMember(task.job, index), task.offsets[index]);
      // The flag store publishes the parameters written above (Atomics are sequentially consistent).
      Atomics.store(doneFlags, index, 1);
      Atomics.notify(doneFlags, index);
    }
    const reply: WorkerReply = { type: 'done', taskId: task.taskId };
    port.postMessage(reply);
  } catch (error) {
    const reply: WorkerReply = { type: 'failed', taskId: task.taskId, message: error instanceof Error ? error.message : String(error) };
    port.postMessage(reply);
  }
});

const ready: WorkerReply = { type: 'ready' };
port.postMessage(ready);
