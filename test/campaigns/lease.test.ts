// One runner per campaign: a second runner (another process, another server, the same
// process twice) is refused with who holds the campaign; a dead holder's lease expires.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireCampaignLease, CampaignBusyError, LeaseLostError } from '../../src/campaigns/campaign-lease.js';
import { createCampaign, loadCampaignState } from '../../src/campaigns/campaign-service.js';
import { runCampaign } from '../../src/campaigns/run-campaign.js';
import { listExperiments } from '../../src/store/experiments.js';
import { openDatabase } from '../../src/store/database.js';
import { getLease, tryAcquireLease } from '../../src/store/leases.js';
import { explorationSpec, FAST_ENN, testDeps } from './helpers.js';
import { json, testServer } from '../server/helpers.js';

const directory = mkdtempSync(join(tmpdir(), 'sdfl-lease-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const foreign = (pid = 4242) => ({ id: `other-host:${pid}:abcd`, host: 'other-host', pid });

describe('campaign leases', () => {
  it('refuse a second runner of the same campaign while the first runs, and free the campaign when it stops', async () => {
    const db = openDatabase(':memory:');
    const { id } = createCampaign(db, explorationSpec({ budget: 2 }), new Date());
    const first = runCampaign(db, id, testDeps());
    const second = runCampaign(db, id, testDeps());
    await expect(second).rejects.toThrow(CampaignBusyError);
    await expect(second).rejects.toThrow(new RegExp(`campaign ${id} is already being run by process ${process.pid} on ${hostname()}`));
    const state = await first;
    expect(state.status).toBe('completed');
    expect(state.proposals).toHaveLength(6);
    expect(listExperiments(db, id)).toHaveLength(6);
    expect(getLease(db, id)).toBeUndefined();
    expect((await runCampaign(db, id, testDeps())).status).toBe('completed');
  });

  it('a live lease held on another machine refuses, with when it would expire; an expired one is taken over', async () => {
    const db = openDatabase(':memory:');
    const { id } = createCampaign(db, explorationSpec({ budget: 1 }), new Date());
    const now = Date.now();
    expect(tryAcquireLease(db, id, foreign(), 30_000, now - 10_000).acquired).toBe(true);
    await expect(runCampaign(db, id, testDeps())).rejects.toThrow(/already being run by process 4242 on other-host \(last heartbeat 10 s ago\); .*expires in 20 s/);
    expect(loadCampaignState(db, id).state.status).toBe('new');
    expect(tryAcquireLease(db, id, foreign(), 30_000, now - 40_000).acquired).toBe(true);
    expect((await runCampaign(db, id, testDeps())).status).toBe('completed');
  });

  it('a lease held by a process of this machine that is gone is taken over at once', async () => {
    const db = openDatabase(':memory:');
    const { id } = createCampaign(db, explorationSpec({ budget: 1 }), new Date());
    const gone = spawn(process.execPath, ['-e', '']);
    const pid = gone.pid!;
    await new Promise((resolve) => gone.on('exit', resolve));
    expect(tryAcquireLease(db, id, { id: `${hostname()}:${pid}:dead`, host: hostname(), pid }, 30_000, Date.now()).acquired).toBe(true);
    expect((await runCampaign(db, id, testDeps())).status).toBe('completed');
  });

  it('a runner whose lease was taken over stops at its next step', async () => {
    const db = openDatabase(':memory:');
    const { id } = createCampaign(db, explorationSpec({ budget: 4 }), new Date());
    let measured = 0;
    const run = runCampaign(db, id, testDeps(), {
      onEvent: (event) => {
        // As if this runner had been frozen past its lease and another had taken over.
        if (event.type === 'measured' && ++measured === 2) db.prepare("UPDATE campaign_leases SET holder = 'thief', expires_at_ms = ? WHERE campaign_id = ?").run(Date.now() + 60_000, id);
      },
    });
    await expect(run).rejects.toThrow(LeaseLostError);
    expect(getLease(db, id)?.holder).toBe('thief');
  });

  it('the server answers 409 naming the holder when another process runs the campaign', async () => {
    const { app, db } = await testServer();
    const { id } = createCampaign(db, explorationSpec({ budget: 1 }), new Date());
    tryAcquireLease(db, id, foreign(), 30_000, Date.now());
    const response = await json(app, { method: 'POST', url: `/api/campaigns/${id}/resume` });
    expect(response.status).toBe(409);
    expect(response.body.message).toMatch(/already being run by process 4242 on other-host/);
    await app.close();
  });

  it('renewals move the expiry; release lets another take it', () => {
    const db = openDatabase(':memory:');
    const { id } = createCampaign(db, explorationSpec(), new Date());
    let now = 1_000_000;
    const lease = acquireCampaignLease(db, id, { ttlMs: 1000, nowMs: () => now });
    now += 900;
    lease.renew();
    expect(getLease(db, id)?.expiresAtMs).toBe(now + 1000);
    expect(() => acquireCampaignLease(db, id, { ttlMs: 1000, nowMs: () => now })).toThrow(CampaignBusyError);
    lease.release();
    const other = acquireCampaignLease(db, id, { ttlMs: 1000, nowMs: () => now });
    other.release();
  });
});

describe('two `sdfl campaign resume` processes at once', () => {
  it('one runs the campaign, the other exits naming the holder; every experiment is stored once', async () => {
    const file = join(directory, 'two-runners.sqlite');
    const db = openDatabase(file);
    // A real-time lab (200x) makes the first run last a few seconds, so the second surely overlaps it.
    const spec = { ...explorationSpec({ budget: 1 }), surrogate: FAST_ENN, lab: { kind: 'virtual', clock: 'realtime', speedFactor: 200 } };
    const { id } = createCampaign(db, spec, new Date());
    const resume = () => new Promise<{ code: number | null; err: string }>((resolve) => {
      const child = spawn(process.execPath, ['bin/sdfl.js', 'campaign', 'resume', id, '--db', file], { stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (chunk) => { err += chunk; });
      child.on('exit', (code) => resolve({ code, err }));
    });
    const first = resume();
    while (getLease(db, id) === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await resume();
    expect(second.code).toBe(1);
    expect(second.err).toMatch(/is already being run by process \d+ on /);
    expect((await first).code).toBe(0);
    expect(loadCampaignState(db, id).state.status).toBe('completed');
    expect(listExperiments(db, id)).toHaveLength(5);
    db.close();
  }, 120_000);
});
