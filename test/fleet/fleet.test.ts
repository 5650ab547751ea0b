// A campaign on a fleet of in-process rig workers sharing a real BullMQ queue on a private
// redis-server: batches keep rigs apart, every proposal is recorded exactly once even when a
// result is seen twice, pause drains the rigs, and the coordinator resumes from log + queue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { openDatabase, type SqliteDatabase } from '../../src/store/database.js';
import { createCampaign, loadCampaignState, requestCampaignControl } from '../../src/campaigns/campaign-service.js';
import { listExperiments } from '../../src/store/experiments.js';
import { readEvents } from '../../src/store/campaigns.js';
import { runFleetCampaign } from '../../src/fleet/coordinator.js';
import { startRigWorker, type RigWorker } from '../../src/fleet/rig-worker.js';
import { EXPERIMENT_QUEUE, fleetRigSeed } from '../../src/fleet/fleet-keys.js';
import { readFleetStatus } from '../../src/fleet/fleet-status.js';
import { startTestRedis, type TestRedis } from '../support/redis.js';
import { explorationSpec, testDeps } from '../campaigns/helpers.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(async () => {
  await redis?.stop();
});

class Crash extends Error {}

async function workers(count: number, prefix: string): Promise<RigWorker[]> {
  const started: RigWorker[] = [];
  for (let index = 1; index <= count; index++) started.push(await startRigWorker({ redis: { url: redis.url }, rigIndex: index, prefix, leaseMs: 5000 }));
  return started;
}

/** Every proposal has exactly one outcome event and one stored experiment; nothing is left running. */
function expectExactlyOnce(db: SqliteDatabase, id: string, total: number): void {
  const { state } = loadCampaignState(db, id);
  expect(state.proposals).toHaveLength(total);
  const outcomes = readEvents(db, id).filter((e) => e.type === 'measured' || e.type === 'failed');
  const ids = outcomes.map((e) => (e.payload as { proposalId: string }).proposalId);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.sort()).toEqual(state.proposals.map((p) => p.proposalId).sort());
  const experiments = listExperiments(db, id);
  expect(experiments).toHaveLength(total);
  expect(new Set(outcomes.map((e) => (e.payload as { experimentId: number }).experimentId)).size).toBe(total);
}

describe('a campaign on a fleet of rigs', () => {
  it('runs batches on two rigs, never the same condition twice, each result recorded once with the rig that measured it', async () => {
    const db = openDatabase(':memory:');
    const { id } = createCampaign(db, explorationSpec({ name: 'fleet two rigs' }), new Date());
    const rigs = await workers(2, 'two');
    try {
      const run = await runFleetCampaign(db, id, testDeps(), { redis: { url: redis.url }, prefix: 'two', pollMs: 20 });
      expect(run.state.status).toBe('completed');
      expectExactlyOnce(db, id, 8);
      const conditions = run.state.proposals.map((p) => JSON.stringify(p.condition));
      expect(new Set(conditions).size).toBe(conditions.length);
      const byRig = listExperiments(db, id).map((e) => (e.rigState as { rig: { id: string; seed: number } }).rig);
      expect(new Set(byRig.map((r) => r.id))).toEqual(new Set(['rig-1', 'rig-2']));
      for (const rig of byRig) expect(rig.seed).toBe(fleetRigSeed(5, Number(rig.id.slice(4))));
      // The queue holds nothing of the campaign afterwards.
      const queue = new Queue(EXPERIMENT_QUEUE, { connection: new Redis(redis.url, { maxRetriesPerRequest: null }), prefix: 'two' });
      expect(await queue.getRanges(['completed', 'failed', 'waiting', 'active'], 0, -1)).toEqual([]);
      await queue.close();
      const status = await readFleetStatus({ url: redis.url }, 'two');
      expect(status.rigs.map((r) => r.rig.id)).toEqual(['rig-1', 'rig-2']);
      expect(status.queues.experiments.waiting).toBe(0);
    } finally {
      await Promise.all(rigs.map((r) => r.close()));
      db.close();
    }
  });

  it('a coordinator that dies after recording a result, before taking the job off the queue, records it once when restarted', async () => {
    const db = openDatabase(':memory:');
    const { id } = createCampaign(db, explorationSpec({ name: 'fleet crash' }), new Date());
    const rigs = await workers(2, 'crash');
    try {
      for (const crashAfter of [1, 3]) {
        let measured = 0;
        await expect(runFleetCampaign(db, id, testDeps(), {
          redis: { url: redis.url }, prefix: 'crash', pollMs: 20,
          onEvent: (event) => {
            if (event.type === 'measured' && ++measured === crashAfter) throw new Crash('dead after recording');
          },
        })).rejects.toThrow(Crash);
      }
      const run = await runFleetCampaign(db, id, testDeps(), { redis: { url: redis.url }, prefix: 'crash', pollMs: 20 });
      expect(run.state.status).toBe('completed');
      expectExactlyOnce(db, id, 8);
    } finally {
      await Promise.all(rigs.map((r) => r.close()));
      db.close();
    }
  });

  it('a pause waits for the running experiments, takes back the waiting ones, and a resumed coordinator finishes the campaign', async () => {
    const db = openDatabase(':memory:');
    const { id } = createCampaign(db, explorationSpec({ name: 'fleet pause' }), new Date());
    const rigs = await workers(2, 'pause');
    try {
      let requested = false;
      const paused = await runFleetCampaign(db, id, testDeps(), {
        redis: { url: redis.url }, prefix: 'pause', pollMs: 20,
        onEvent: (event) => {
          if (event.type === 'measured' && !requested) {
            requested = true;
            requestCampaignControl(db, id, 'pause', new Date());
          }
        },
      });
      expect(paused.state.status).toBe('paused');
      expect(paused.state.proposals.filter((p) => p.status === 'running')).toEqual([]);
      const resumed = await runFleetCampaign(db, id, testDeps(), { redis: { url: redis.url }, prefix: 'pause', pollMs: 20 });
      expect(resumed.state.status).toBe('completed');
      expectExactlyOnce(db, id, 8);
    } finally {
      await Promise.all(rigs.map((r) => r.close()));
      db.close();
    }
  });
});

describe('rigs that cannot run a job, and the simulated schedule', () => {
  it('a rig short of stock refuses before anything moves and stops; its proposal is not recorded, and an abort ends the campaign', async () => {
    const db = openDatabase(':memory:');
    const { id } = createCampaign(db, explorationSpec({ name: 'fleet stock', lowStockUl: 1e9 }), new Date());
    const [rig] = await workers(1, 'stock');
    try {
      const coordinator = runFleetCampaign(db, id, testDeps(), { redis: { url: redis.url }, prefix: 'stock', pollMs: 20 });
      const { reason } = await rig.stopped;
      expect(reason).toMatch(/^rig-1: stock low: refill .*then start the worker again/);
      requestCampaignControl(db, id, 'abort', new Date());
      const run = await coordinator;
      expect(run.state.status).toBe('aborted');
      expect(run.state.proposals.some((p) => p.status === 'measured' || p.status === 'failed')).toBe(false);
      expect(listExperiments(db, id)).toHaveLength(0);
    } finally {
      await rig.close();
      db.close();
    }
  });

  it('in simulated time two rigs finish the campaign sooner than its experiments take one after another', async () => {
    const db = openDatabase(':memory:');
    const { id } = createCampaign(db, explorationSpec({ name: 'fleet schedule' }), new Date());
    const rigs = await workers(2, 'schedule');
    try {
      const run = await runFleetCampaign(db, id, testDeps(), { redis: { url: redis.url }, prefix: 'schedule', pollMs: 5, schedule: { kind: 'simulated', rigs: 2 } });
      expect(run.state.status).toBe('completed');
      expectExactlyOnce(db, id, 8);
      const seconds = Object.values(run.rigSeconds);
      expect(seconds).toHaveLength(8);
      const total = seconds.reduce((a, b) => a + b, 0);
      expect(run.makespanS).toBeLessThan(total);
      expect(run.makespanS).toBeGreaterThanOrEqual(total / 2);
    } finally {
      await Promise.all(rigs.map((r) => r.close()));
      db.close();
    }
  });
});
