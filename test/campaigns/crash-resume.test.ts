// A campaign killed with SIGKILL at many points and resumed each time ends exactly as an
// uninterrupted one with the same seed: same conditions, same results, nothing run twice
// that had finished, nothing lost.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { readEvents } from '../../src/store/campaigns.js';
import { listExperiments } from '../../src/store/experiments.js';
import { createCampaign, loadCampaignState } from '../../src/campaigns/campaign-service.js';
import { runCampaign } from '../../src/campaigns/run-campaign.js';
import { createRandom } from '../../src/domain/random.js';
import { explorationSpec, testDeps } from './helpers.js';

const spec = explorationSpec({ budget: 6, surrogate: { kind: 'enn', members: 4, hiddenLayers: [8], epochs: 300, parallel: false } });

/** Runs `sdfl campaign resume` and SIGKILLs it once the log has grown to `killAtEvents` events. */
function resumeUntil(dbPath: string, id: string, killAtEvents: number): Promise<'killed' | 'exited'> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/sdfl.js', 'campaign', 'resume', id, '--db', dbPath, '--json'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    const watcher = openDatabase(dbPath);
    const timer = setInterval(() => {
      if (readEvents(watcher, id).length >= killAtEvents) child.kill('SIGKILL');
    }, 5);
    child.on('exit', (code, signal) => {
      clearInterval(timer);
      watcher.close();
      if (signal === 'SIGKILL') resolve('killed');
      else if (code === 0) resolve('exited');
      else reject(new Error(`resume exited with ${code}: ${stderr}`));
    });
  });
}

describe('crash safety', () => {
  it('survives kill -9 at random points and ends identical to an uninterrupted run', async () => {
    const reference = openDatabase(':memory:');
    const straightId = createCampaign(reference, spec, new Date(0)).id;
    const straight = await runCampaign(reference, straightId, testDeps());
    expect(straight.status).toBe('completed');
    const totalEvents = readEvents(reference, straightId).length;

    const dbPath = join(mkdtempSync(join(tmpdir(), 'sdfl-crash-')), 'crash.sqlite');
    const db = openDatabase(dbPath);
    const id = createCampaign(db, spec, new Date(0)).id;
    db.close();

    const random = createRandom(2024);
    let kills = 0;
    let events = 1;
    for (let attempt = 0; attempt < 40; attempt++) {
      // Kill somewhere in the next few events (a proposal, a start, a measurement, a model fit).
      const target = events + 1 + random.int(5);
      const outcome = await resumeUntil(dbPath, id, target);
      const check = openDatabase(dbPath);
      events = readEvents(check, id).length;
      const status = loadCampaignState(check, id).state.status;
      check.close();
      if (outcome === 'killed') kills += 1;
      if (status === 'completed') break;
    }
    expect(kills).toBeGreaterThanOrEqual(4);

    const check = openDatabase(dbPath);
    const { state } = loadCampaignState(check, id);
    expect(state.status).toBe('completed');
    const finished = state.proposals.filter((p) => p.status === 'measured');
    expect(finished.map((p) => p.condition)).toEqual(straight.proposals.map((p) => p.condition));
    expect(finished.map((p) => p.value)).toEqual(straight.proposals.map((p) => p.value));
    // One stored experiment per measurement: no experiment recorded twice or half.
    const experiments = listExperiments(check, id);
    expect(experiments.map((e) => e.features?.plIntensity)).toEqual(straight.proposals.map((p) => p.value));
    const types = readEvents(check, id).map((e) => e.type);
    expect(types.filter((t) => t === 'measured')).toHaveLength(straight.proposals.length);
    expect(types.length).toBeGreaterThanOrEqual(totalEvents);
    // Some kills landed while an experiment ran: those were re-queued, not half-recorded.
    expect(types.filter((t) => t === 'interrupted').length).toBeGreaterThanOrEqual(1);
    check.close();
  }, 240_000);
});
