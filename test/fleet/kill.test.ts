// kill -9 in the middle of a fleet campaign: coordinator and rig workers are real processes
// (`node bin/sdfl.js fleet ...`) on a private redis-server. A worker killed mid-experiment has
// its job run again once its lease expires; a coordinator killed mid-campaign, restarted with
// --resume, records what finished while it was down. At the end every proposal is measured
// exactly once and the experiments table holds one row per proposal.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { readEvents } from '../../src/store/campaigns.js';
import { listExperiments } from '../../src/store/experiments.js';
import { loadCampaignState } from '../../src/campaigns/campaign-service.js';
import { startTestRedis, type TestRedis } from '../support/redis.js';
import { FAST_ENN } from '../campaigns/helpers.js';

let redis: TestRedis;
let dir: string;
beforeAll(async () => {
  redis = await startTestRedis();
  dir = mkdtempSync(join(tmpdir(), 'sdfl-fleet-kill-'));
});
afterAll(async () => {
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Proc {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(args: string[]): Proc {
  const child = spawn(process.execPath, ['bin/sdfl.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function outcomesIn(dbPath: string, campaignId: string): number {
  const db = openDatabase(dbPath, 'read');
  try {
    return readEvents(db, campaignId).filter((e) => e.type === 'measured' || e.type === 'failed').length;
  } finally {
    db.close();
  }
}

describe('a fleet campaign under kill -9', () => {
  it('loses nothing and duplicates nothing when a worker and then the coordinator are killed mid-campaign', async () => {
    const dbPath = join(dir, 'lab.sqlite');
    const specPath = join(dir, 'spec.json');
    const labPath = join(dir, 'rig.json');
    writeFileSync(specPath, JSON.stringify({ name: 'kill test', kind: 'exploration', seed: 7, initialDesign: { count: 4 }, budget: 6, surrogate: FAST_ENN }));
    // A virtual rig on the wall clock at 100x: an experiment takes seconds, long enough to be killed in.
    writeFileSync(labPath, JSON.stringify({ kind: 'virtual', clock: 'realtime', speedFactor: 100 }));
    const workerArgs = (rig: number) => ['fleet', 'worker', '--redis', redis.url, '--rig', String(rig), '--lab', labPath, '--lease-ms', '2500'];
    const workers = [start(workerArgs(1)), start(workerArgs(2))];
    let coordinator = start(['fleet', 'coordinator', specPath, '--redis', redis.url, '--db', dbPath]);
    try {
      const campaignId = await until('the campaign id', () => /campaign (\S+) created/.exec(coordinator.output())?.[1]);

      // Worker 1 is killed while it runs its second experiment, then started again.
      const killedProposal = await until('worker 1 running a second experiment', () => {
        const running = [...workers[0].output().matchAll(/running \S+ (c\d+)/g)];
        return running.length >= 2 ? running[1][1] : undefined;
      });
      workers[0].child.kill('SIGKILL');
      await workers[0].exited;
      workers[0] = start(workerArgs(1));

      // The coordinator is killed once half the campaign is recorded, and resumed a little later.
      await until('half the results', () => (outcomesIn(dbPath, campaignId) >= 5 ? true : undefined));
      coordinator.child.kill('SIGKILL');
      await coordinator.exited;
      await new Promise((resolve) => setTimeout(resolve, 2000));
      coordinator = start(['fleet', 'coordinator', '--resume', campaignId, '--redis', redis.url, '--db', dbPath]);
      const code = await Promise.race([coordinator.exited, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 90_000))]);
      expect(code, coordinator.output()).toBe(0);

      const db = openDatabase(dbPath, 'read');
      try {
        const { state } = loadCampaignState(db, campaignId);
        expect(state.status).toBe('completed');
        expect(state.proposals).toHaveLength(10);
        expect(state.proposals.every((p) => p.status === 'measured')).toBe(true);
        const outcomes = readEvents(db, campaignId).filter((e) => e.type === 'measured' || e.type === 'failed').map((e) => e.payload as { proposalId: string; experimentId: number });
        expect(outcomes).toHaveLength(10);
        expect(new Set(outcomes.map((o) => o.proposalId)).size).toBe(10);
        const experiments = listExperiments(db, campaignId);
        expect(experiments).toHaveLength(10);
        expect(new Set(outcomes.map((o) => o.experimentId))).toEqual(new Set(experiments.map((e) => e.id)));
        expect(state.proposals.find((p) => p.proposalId === killedProposal)?.status).toBe('measured');
      } finally {
        db.close();
      }
    } finally {
      for (const proc of [...workers, coordinator]) if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGKILL');
      await Promise.all([...workers, coordinator].map((p) => p.exited));
    }
  }, 240_000);
});
