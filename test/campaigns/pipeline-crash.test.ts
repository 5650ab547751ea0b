// The pipeline stopped dead right after any one event (as a kill -9 would leave the database:
// that event committed, nothing after it) and resumed ends exactly as an uninterrupted run.
import { describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDatabase } from '../../src/store/database.js';
import { readEvents } from '../../src/store/campaigns.js';
import { listExperiments } from '../../src/store/experiments.js';
import { runPipeline, pipelineCampaignIds, type PipelineOptions } from '../../src/campaigns/pipeline.js';
import { loadCampaignState } from '../../src/campaigns/campaign-service.js';
import { FAST_ENN, testDeps } from './helpers.js';

const options: PipelineOptions = { seed: 6, initialDesign: 3, explorationBudget: 2, optimisationBudget: 2, surrogate: { ...FAST_ENN } };

class Crash extends Error {}

/** What the pipeline measured, campaign by campaign: conditions, values, and the twin's quality. */
function outcome(db: SqliteDatabase, pipelineId: string) {
  const ids = pipelineCampaignIds(pipelineId);
  const campaigns = [ids.twin, ...Object.values(ids.optimisations)];
  return campaigns.map((id) => {
    const { state } = loadCampaignState(db, id);
    return {
      status: state.status,
      measured: state.proposals.map((p) => ({ condition: p.condition, status: p.status, value: p.value })),
      twin: state.lastModel ? { testR2: state.lastModel.testR2, trainR2: state.lastModel.trainR2 } : undefined,
      experiments: listExperiments(db, id).filter((e) => e.status === 'measured').map((e) => e.features?.plIntensity),
    };
  });
}

function eventCount(db: SqliteDatabase, pipelineId: string): number {
  const ids = pipelineCampaignIds(pipelineId);
  return [ids.twin, ...Object.values(ids.optimisations)].reduce((n, id) => n + readEvents(db, id).length, 0);
}

describe('the pipeline after a crash at any event', () => {
  it('resumes to the same conditions, values, twin quality and stored experiments as an uninterrupted run', async () => {
    const straightDb = openDatabase(':memory:');
    let total = 0;
    await runPipeline(straightDb, testDeps(), options, { eventsFor: () => () => { total++; } }, 'p');
    const expected = outcome(straightDb, 'p');
    expect(expected.every((c) => c.status === 'completed')).toBe(true);
    // Every event a runner logs (the campaigns' 'created' events are written when they are made).
    expect(total).toBe(eventCount(straightDb, 'p') - 5);
    expect(total).toBeGreaterThan(40);

    for (let crashAt = 1; crashAt <= total; crashAt++) {
      const db = openDatabase(':memory:');
      let seen = 0;
      await expect(runPipeline(db, testDeps(), options, {
        eventsFor: () => () => {
          if (++seen === crashAt) throw new Crash(`crash after event ${crashAt}`);
        },
      }, 'p')).rejects.toThrow(Crash);
      await runPipeline(db, testDeps(), options, {}, 'p');
      expect(outcome(db, 'p'), `crash after event ${crashAt}`).toEqual(expected);
      db.close();
    }
  }, 600_000);
});

describe('`sdfl run` killed with SIGKILL and resumed with --resume', () => {
  it('ends with the same results as an uninterrupted pipeline', async () => {
    const { spawn } = await import('node:child_process');
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { PAPER_PIPELINE } = await import('../../src/campaigns/pipeline.js');
    const { createRandom } = await import('../../src/domain/random.js');
    const flags = ['--seed', '6', '--initial', '3', '--exploration', '2', '--optimisation', '2'];
    const small: PipelineOptions = { seed: 6, initialDesign: 3, explorationBudget: 2, optimisationBudget: 2, surrogate: PAPER_PIPELINE.surrogate };
    const straightDb = openDatabase(':memory:');
    await runPipeline(straightDb, testDeps(), small, {}, 'straight');
    const expected = outcome(straightDb, 'straight');

    const dbPath = join(mkdtempSync(join(tmpdir(), 'sdfl-run-kill-')), 'lab.sqlite');
    /** Runs `sdfl run` (or resumes) and SIGKILLs it once the pipeline's log has `killAt` events. */
    const runUntil = (killAt: number, resume?: string) => new Promise<{ pipelineId: string; killed: boolean }>((resolve, reject) => {
      const child = spawn(process.execPath, ['bin/sdfl.js', 'run', ...flags, '--db', dbPath, ...(resume ? ['--resume', resume] : [])], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      let pipelineId = resume ?? '';
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
        pipelineId ||= /pipeline (run-[0-9a-f]+)/.exec(stderr)?.[1] ?? '';
      });
      const timer = setInterval(() => {
        if (!pipelineId) return;
        const watcher = openDatabase(dbPath, 'read');
        try {
          if (eventCount(watcher, pipelineId) >= killAt) child.kill('SIGKILL');
        } finally {
          watcher.close();
        }
      }, 5);
      child.on('exit', (code, signal) => {
        clearInterval(timer);
        if (signal === 'SIGKILL') resolve({ pipelineId, killed: true });
        else if (code === 0) resolve({ pipelineId, killed: false });
        else reject(new Error(`sdfl run exited with ${code}: ${stderr}`));
      });
    });

    const random = createRandom(77);
    let { pipelineId, killed } = await runUntil(3 + random.int(6));
    let kills = killed ? 1 : 0;
    for (let attempt = 0; attempt < 30 && killed; attempt++) {
      const check = openDatabase(dbPath, 'read');
      const events = eventCount(check, pipelineId);
      check.close();
      ({ killed } = await runUntil(events + 1 + random.int(8), pipelineId));
      if (killed) kills++;
    }
    expect(killed).toBe(false);
    expect(kills).toBeGreaterThanOrEqual(3);
    const db = openDatabase(dbPath, 'read');
    expect(outcome(db, pipelineId)).toEqual(expected);
    db.close();
  }, 600_000);
});
