// Benchmarks over Redis: replicates spread over bench workers give the report a local run
// gives with the same seed (timings aside).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBenchmark } from '../../src/benchmark/index.js';
import { queueJobRunner, startBenchWorker } from '../../src/fleet/bench-queue.js';
import { startTestRedis, type TestRedis } from '../support/redis.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(async () => {
  await redis?.stop();
});

const withoutTimings = (results: { iterationMs: number[]; evaluationMs: number[] }[]) => results.map((r) => ({ ...r, iterationMs: [], evaluationMs: [] }));

describe('sdfl bench over a job queue', () => {
  it('two bench workers give the same results as a local run with the same seed', async () => {
    const settings = { policies: ['random', 'gp-ei'], init: 4, budget: 9, replicates: 3, seed: 4 };
    const local = await runBenchmark({ objective: { kind: 'builtin', name: 'branin' }, settings, workers: 0 });
    const workers = [await startBenchWorker({ redis: { url: redis.url }, prefix: 'b' }), await startBenchWorker({ redis: { url: redis.url }, prefix: 'b' })];
    try {
      const progress: number[] = [];
      const remote = await runBenchmark({
        objective: { kind: 'builtin', name: 'branin' }, settings,
        jobRunner: queueJobRunner({ redis: { url: redis.url }, prefix: 'b', pollMs: 20 }),
        onProgress: (p) => progress.push(p.evaluations),
      });
      expect(withoutTimings(remote.results)).toEqual(withoutTimings(local.results));
      expect(remote.summary.map((s) => s.checkpoints)).toEqual(local.summary.map((s) => s.checkpoints));
      expect(remote.workers).toBeGreaterThanOrEqual(1);
      expect(progress.at(-1)).toBe(6 * 9);
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
  });
});
