import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli as run } from '../support/run-cli.js';
import { openDatabase } from '../../src/store/database.js';
import { listCampaigns } from '../../src/campaigns/campaign-service.js';

function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'sdfl-cli-'));
  return { dir, db: join(dir, 'lab.sqlite') };
}

const smallSpec = {
  name: 'cli test',
  kind: 'exploration',
  seed: 3,
  initialDesign: { sampler: 'lhs', count: 4 },
  budget: 2,
  surrogate: { kind: 'enn', members: 4, hiddenLayers: [8], epochs: 150, parallel: false },
};

describe('sdfl campaign', () => {
  it('refuses a bad spec with every problem named, exit 2, and creates nothing', async () => {
    const { dir, db } = workspace();
    const spec = join(dir, 'bad.yaml');
    writeFileSync(spec, 'name: x\nkind: exploration\nbudget: lots\npolicy: sideways\nlowStockUl: -5\n');
    const result = await run(['campaign', 'start', spec, '--db', db]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/budget: .*expected number/);
    expect(result.err).toMatch(/policy: /);
    expect(result.err).toMatch(/lowStockUl: /);
    const store = openDatabase(db);
    expect(listCampaigns(store)).toEqual([]);
    store.close();
  });

  it('refuses a missing or unreadable spec file with exit 2', async () => {
    const { dir, db } = workspace();
    expect((await run(['campaign', 'start', join(dir, 'nope.yaml'), '--db', db])).err).toMatch(/cannot read spec .*ENOENT/);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ "name": ');
    const result = await run(['campaign', 'start', broken, '--db', db]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/not valid YAML or JSON/);
  });

  it('starts, lists, reports status and exports a campaign', async () => {
    const { dir, db } = workspace();
    const spec = join(dir, 'spec.json');
    writeFileSync(spec, JSON.stringify(smallSpec));
    const started = await run(['campaign', 'start', spec, '--db', db, '--json']);
    expect(started.code).toBe(0);
    const summary = JSON.parse(started.out);
    expect(summary).toMatchObject({ status: 'completed', measured: 6, planned: 6, kind: 'exploration', policy: 'mv' });

    const listed = JSON.parse((await run(['campaign', 'list', '--db', db, '--json'])).out);
    expect(listed.map((c: { id: string }) => c.id)).toEqual([summary.id]);
    const status = await run(['campaign', 'status', summary.id, '--db', db]);
    expect(status.out).toMatch(/status completed/);
    expect(status.out).toMatch(/6 measured, 0 failed of 6 planned/);

    const csvPath = join(dir, 'out.csv');
    expect((await run(['campaign', 'export', summary.id, '--format', 'csv', '--out', csvPath, '--db', db])).code).toBe(0);
    expect(readFileSync(csvPath, 'utf8').trim().split('\n')).toHaveLength(7);
    const jcamp = await run(['campaign', 'export', summary.id, '--format', 'jcamp', '--db', db]);
    expect(jcamp.out).toMatch(/^##TITLE=campaign /);
    expect(jcamp.out.match(/##BLOCK_ID=/g)).toHaveLength(30);

    const bad = await run(['campaign', 'export', summary.id, '--format', 'xlsx', '--db', db]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--format: expected one of csv, json, jcamp/);
    const done = await run(['campaign', 'pause', summary.id, '--db', db]);
    expect(done.code).toBe(1);
    expect(done.err).toMatch(/already completed/);
  });

  it('names an unknown campaign, exit 2', async () => {
    const { db } = workspace();
    expect((await run(['campaign', 'list', '--db', db])).code).toBe(2); // no database yet
    await run(['experiment', '--db', db]);
    for (const command of ['status', 'pause', 'abort', 'resume', 'export']) {
      const result = await run(['campaign', command, 'no-such-id', '--db', db]);
      expect(result.code).toBe(2);
      expect(result.err).toMatch(/^error: no campaign 'no-such-id' in this database/);
    }
  });
});

describe('sdfl run', () => {
  it('runs the pipeline end to end and reports twin, policies and the true optimum', async () => {
    const { db } = workspace();
    const result = await run(['run', '--db', db, '--initial', '4', '--exploration', '6', '--optimisation', '2', '--json']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.out);
    expect(json.twin.measured).toBe(10);
    expect(json.optimisations.map((o: { policy: string }) => o.policy)).toEqual(['ei', 'ucb', 'eplt', 'random']);
    for (const o of json.optimisations) {
      expect(o.measured).toBe(2);
      expect(o.best.value).toBeLessThanOrEqual(json.evaluation.optimum.plIntensity * 1.05);
    }
    const { evaluation } = json;
    expect(evaluation.optimum.plIntensity).toBeGreaterThan(json.twin.best.value * 0.95);
    expect(evaluation.optimum.plqy).toBeGreaterThan(0.1);
    expect(evaluation.optimum.plqy).toBeLessThan(0.25);
    // Each best condition judged by the lab's ground truth: no better than the optimum, its
    // PLQY below the optimum's, and 'better than the exploration' exactly when its true PL is.
    expect(evaluation.policies.map((p: { label: string }) => p.label)).toEqual(['ei', 'ucb', 'eplt', 'random']);
    for (const p of evaluation.policies) {
      expect(p.trueShare).toBeLessThanOrEqual(1 + 1e-9);
      expect(p.trueShare).toBeCloseTo(p.truePl / evaluation.optimum.plIntensity, 12);
      expect(p.measuredShare).toBeCloseTo(p.measuredPl / evaluation.optimum.plIntensity, 12);
      expect(p.plqy).toBeLessThanOrEqual(evaluation.optimum.plqy + 1e-9);
      expect(p.beatsExploration).toBe(p.truePl > evaluation.exploration.truePl);
    }
    const text = await run(['run', '--db', db, '--resume', json.pipelineId]);
    expect(text.out).toMatch(/exploration best: PL \d+ measured, \d+ noise-free \(\d+\.\d % of the optimum\), PLQY \d+\.\d %/);
    expect(text.out).toMatch(/\nei +\d+ +\d+ +\d+\.\d % +\d+\.\d % +\d+  (better|not better) +\S+-ei\n/);
    expect(text.out).toMatch(/true optimum of the virtual lab: PL \d+ counts\/s, PLQY \d+\.\d % \(noise-free\)/);
    // Resuming a finished pipeline changes nothing; an unknown one is a usage error.
    const again = JSON.parse((await run(['run', '--db', db, '--resume', json.pipelineId, '--json'])).out);
    expect(again.optimisations.map((o: { best: { value: number } }) => o.best.value)).toEqual(json.optimisations.map((o: { best: { value: number } }) => o.best.value));
    const unknown = await run(['run', '--db', db, '--resume', 'run-nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/--resume: no pipeline 'run-nope'/);
  });
});
