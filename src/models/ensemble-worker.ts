// Worker-thread side of the ensemble pool: claims member indices from a counter shared with
// the main thread and trains them until none are left.
import { parentPort } from 'node:worker_threads';
import { trainMember, type MemberTrainingJob } from './ensemble-members.js';

export interface WorkerTask {
  readonly taskId: number;
  readonly job: MemberTrainingJob;
  /** Int32Array over a SharedArrayBuffer: [next unclaimed member index]. */
  readonly claim: SharedArrayBuffer;
}

export type WorkerReply =
  | { readonly type: 'ready' }
  | { readonly type: 'done'; readonly taskId: number; readonly indices: number[]; readonly parameters: Float64Array[] }
  | { readonly type: 'failed'; readonly taskId: number; readonly message: string };

const port = parentPort;
if (port === null) throw new Error('ensemble-worker.ts must run in a worker thread');

port.on('message', (task: WorkerTask) => {
  const counter = new Int32Array(task.claim);
  const indices: number[] = [];
  const parameters: Float64Array[] = [];
  try {
    for (;;) {
      const index = Atomics.add(counter, 0, 1);
      if (index >= task.job.members.length) break;
      indices.push(index);
      parameters.push(trainMember(task.job, index));
    }
    const reply: WorkerReply = { type: 'done', taskId: task.taskId, indices, parameters };
    port.postMessage(reply, parameters.map((p) => p.buffer as ArrayBuffer));
  } catch (error) {
    const reply: WorkerReply = { type: 'failed', taskId: task.taskId, message: error instanceof Error ? error.message : String(error) };
    port.postMessage(reply);
  }
});

const ready: WorkerReply = { type: 'ready' };
port.postMessage(ready);
