import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RIG_INPUT_NAMES } from '../../src/domain/rig-space.js';
import { summarizeCampaign } from '../../src/campaigns/campaign-service.js';
import { comparePolicyCampaigns } from '../../src/campaigns/insights.js';
import { labelOf } from '../../src/reports/charts/common.js';
import { studyData } from '../../src/reports/study-data.js';
import { formatR2, formatValue } from '../../src/reports/format.js';
import { runPipeline } from '../../src/campaigns/pipeline.js';
import { cli, count, externalReferences, FAST_SURROGATE, fixedClockDeps, recordStudyCampaign, runNewCampaign, temporaryDatabasePath, withDatabase } from './fixtures.js';

const EXPLORATION_EXPERIMENTS = 12;

let path: string;
let twinId: string;
let policyIds: { eplt: string; random1: string; random2: string };
let studyIds: { reactionTime: string; grid: string; residenceTime: string };
const PIPELINE = 'run-0badcafe';

beforeAll(async () => {
  path = temporaryDatabasePath();
  await withDatabase(path, async (db) => {
    twinId = await runNewCampaign(db, {
      name: 'twin', kind: 'exploration', seed: 3, initialDesign: { sampler: 'lhs', count: EXPLORATION_EXPERIMENTS }, budget: 0, surrogate: FAST_SURROGATE,
    });
    const optimisation = (policy: string, seed: number) => runNewCampaign(db, {
      name: `opt ${policy}`, kind: 'optimisation', seed, policy, budget: 3, informedBy: [twinId], surrogate: FAST_SURROGATE, overlapPlanning: false,
    });
    policyIds = { eplt: await optimisation('eplt', 1), random1: await optimisation('random', 1), random2: await optimisation('random', 2) };
    studyIds = {
      grid: await runNewCampaign(db, { name: 'grid', kind: 'study', study: 'grid', seed: 1 }),
      reactionTime: await runNewCampaign(db, { name: 'reaction time', kind: 'study', study: 'reaction-time', seed: 1 }),
      residenceTime: await recordStudyCampaign(db, 'residence-time'),
    };
    // A small pipeline, as `sdfl run` makes it, for `sdfl report <pipeline id>`.
    await runPipeline(db, fixedClockDeps(), { seed: 2, initialDesign: 10, explorationBudget: 0, optimisationBudget: 2, surrogate: FAST_SURROGATE }, {}, PIPELINE);
  });
}, 120_000);

describe('sdfl insights', { timeout: 30_000 }, () => {
  it('prints the twin numbers as JSON, the same for the same seed', async () => {
    const first = await cli(['insights', twinId, '--db', path, '--json', '--seed', '2']);
    const again = await cli(['insights', twinId, '--db', path, '--json', '--seed', '2']);
    expect(first.code).toBe(0);
    expect(again.out).toBe(first.out);
    const json = JSON.parse(first.out);
    expect(json.campaign.id).toBe(twinId);
    expect(json.seed).toBe(2);
    expect(json.twin.experiments).toBe(EXPLORATION_EXPERIMENTS);
    expect(json.twin.trainSize + json.twin.testSize).toBe(EXPLORATION_EXPERIMENTS);
    for (const key of ['trainR2', 'cvR2']) expect(typeof json.twin[key]).toBe('number');
    // 12 experiments split 80/20 leave 2 to test: no R^2 on them (the dashboard shows the same).
    expect(json.twin.testSize).toBe(2);
    expect(json.twin.testR2).toBeNull();
    expect(json.twin.trainR2).toBeLessThanOrEqual(1);
    expect(json.twin.cvFoldR2).toHaveLength(5);
    expect([...json.shap.ranking].sort()).toEqual([...RIG_INPUT_NAMES].sort());
    const meanAbs = json.shap.ranking.map((name: string) => json.shap.meanAbs[name]);
    expect(meanAbs).toEqual([...meanAbs].sort((a: number, b: number) => b - a));
    expect(json.shap.values).toHaveLength(EXPLORATION_EXPERIMENTS);
    expect(json.shap.values.every((row: number[]) => row.length === 7)).toBe(true);
    expect(json.uncertaintyBySize.map((u: { size: number }) => u.size)).toEqual([10, EXPLORATION_EXPERIMENTS]);
    expect(json.uncertaintyBySize.every((u: { meanStd: number; stdOfStd: number }) => u.meanStd > 0 && u.stdOfStd >= 0)).toBe(true);
    expect(json.monteCarloPoints).toBe(1000);
    expect([json.surface.x, json.surface.y]).toEqual(json.shap.ranking.slice(0, 2));
    expect(json.surface.anchorSource).toBe('best-observed');
    const best = await withDatabase(path, async (db) => summarizeCampaign(db, twinId).best!);
    expect(json.surface.anchor.temperatureC).toBeCloseTo(best.condition.temperatureC, 9);
    expect(json.best.value).toBe(best.value);
  });

  it('uses the seed for the cross-validation; the 80/20 split is the campaign\'s whatever the seed', async () => {
    const a = JSON.parse((await cli(['insights', twinId, '--db', path, '--json', '--seed', '2'])).out);
    const b = JSON.parse((await cli(['insights', twinId, '--db', path, '--json', '--seed', '5'])).out);
    const testIndices = (json: { twin: { parity: { test: { index: number }[] } } }) => json.twin.parity.test.map((p) => p.index).sort();
    expect(testIndices(a)).toEqual(testIndices(b));
    expect(a.twin.trainR2).toBe(b.twin.trainR2);
    expect(a.twin.cvFoldR2).not.toEqual(b.twin.cvFoldR2);
  });

  it('takes uniform feasible conditions as the Shapley background by default, the experiments on request, without changing the other numbers', async () => {
    const own = JSON.parse((await cli(['insights', twinId, '--db', path, '--json', '--shap-background', 'experiments'])).out);
    const uniform = JSON.parse((await cli(['insights', twinId, '--db', path, '--json'])).out);
    expect(own.shap.background).toBe('experiments');
    expect(uniform.shap.background).toBe('uniform');
    expect(uniform.shap.backgroundSize).toBe(EXPLORATION_EXPERIMENTS);
    expect(uniform.twin).toEqual(own.twin);
    expect(uniform.uncertaintyBySize).toEqual(own.uncertaintyBySize);
    // Same twin, same explained points, another reference: another baseline.
    expect(uniform.shap.baseline).not.toBe(own.shap.baseline);
  });

  it('prints a readable summary without --json', async () => {
    const { code, out } = await cli(['insights', twinId, '--db', path]);
    expect(code).toBe(0);
    expect(out).toMatch(/train R\^2 -?\d+\.\d{3}, test R\^2 n\/a, only 2 test points \(the campaign's 80\/20 split: 10 train, 2 test\)/);
    expect(out).toMatch(/5-fold cross-validated R\^2 \(seed 1\)/);
    expect(out).toMatch(/Shapley ranking \(exact, background 12 uniform random feasible conditions\)/);
    expect(out).toMatch(/warning: only 12 experiments for 7 inputs/);
  });

  it('explains why a study has no twin', async () => {
    const { code, out } = await cli(['insights', studyIds.reactionTime, '--db', path, '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(out);
    expect(json.twin).toBeNull();
    expect(json.shap).toBeNull();
    expect(json.notes[0]).toMatch(/reaction-time study has no digital twin/);
  });
});

describe('sdfl report', { timeout: 30_000 }, () => {
  it('an exploration campaign: one self-contained page with the twin figures and their numbers', async () => {
    const out = join(dirname(path), 'twin.html');
    const { code, out: stdout } = await cli(['report', twinId, '--db', path, '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toContain(`report written to ${out}`);
    const html = readFileSync(out, 'utf8');
    expect(externalReferences(html)).toEqual([]);
    const figures = ['fig6a', 'fig6cd', 'fig6b', 'fig7a', 'fig7a-ranking', 'fig7b'].map((f) => `${f}-${twinId}`);
    for (const figure of figures) expect(html).toContain(`data-figure="${figure}"`);
    expect(count(html, /<svg\b/g)).toBe(figures.length);
    expect(count(html, /<figure\b/g)).toBe(figures.length);
    // The numbers behind the figures are the ones `sdfl insights` gives with the same seed.
    const json = JSON.parse((await cli(['insights', twinId, '--db', path, '--json'])).out);
    const accuracy = tableAfter(html, 'Twin accuracy');
    expect(accuracy[0]).toEqual([String(EXPLORATION_EXPERIMENTS), '10', '2', formatR2(json.twin.trainR2), 'n/a, only 2 test points', formatR2(json.twin.cvR2), formatR2(json.twin.cvMeanFoldR2)]);
    // The dashboard's figure for this campaign says the same.
    const summary = await withDatabase(path, async (db) => summarizeCampaign(db, twinId));
    expect(summary.twin).toMatchObject({ trainSize: 10, testSize: 2, testR2: null, trainR2: json.twin.trainR2 });
    const ranking = tableAfter(html, 'Shapley ranking');
    expect(ranking.map((row) => row[1])).toEqual(json.shap.ranking.map((name: string) => labelOf(name)));
    expect(ranking.map((row) => row[2])).toEqual(json.shap.ranking.map((name: string) => formatValue(json.shap.meanAbs[name])));
  });

  it('--json says where the report went and what it holds', async () => {
    const out = join(dirname(path), 'twin-json.html');
    const { code, out: stdout } = await cli(['report', twinId, '--db', path, '--out', out, '--json']);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout) as { out: string; campaigns: string[]; sections: { title: string; figures: number }[]; figures: number };
    expect(summary).toMatchObject({ out, campaigns: [twinId] });
    expect(summary.figures).toBe(count(readFileSync(out, 'utf8'), /<figure\b/g));
    expect(summary.sections.reduce((n, s) => n + s.figures, 0)).toBe(summary.figures);
  });

  it('writes the same page for the same database and seed', async () => {
    const a = join(dirname(path), 'a.html');
    const b = join(dirname(path), 'b.html');
    expect((await cli(['report', twinId, policyIds.eplt, '--db', path, '--out', a])).code).toBe(0);
    expect((await cli(['report', twinId, policyIds.eplt, '--db', path, '--out', b])).code).toBe(0);
    expect(readFileSync(b, 'utf8')).toBe(readFileSync(a, 'utf8'));
  });

  it('optimisation campaigns: best so far and chosen inputs, replicates of a policy grouped', async () => {
    const out = join(dirname(path), 'policies.html');
    const ids = [policyIds.eplt, policyIds.random1, policyIds.random2];
    const { code } = await cli(['report', ...ids, '--db', path, '--out', out]);
    expect(code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(externalReferences(html)).toEqual([]);
    expect(count(html, /<svg\b/g)).toBe(3);
    expect(html).toContain('data-figure="fig8a"');
    expect(html).toContain('data-figure="fig8b"');
    // Fig. 8C: the best experiment of these campaigns, its spectra and its relative PLQY.
    expect(html).toContain('data-figure="fig8c"');
    const best = tableAfter(html, 'The best condition');
    const plqy = best.find((row) => row[0].startsWith('relative PLQY (counts/s nm'))!;
    expect(Number(plqy[1].replace(/,/g, ''))).toBeGreaterThan(0);
    expect(html).toMatch(/not the absolute PLQY the paper reports/);
    const perCampaign = tableAfter(html, 'Best per campaign');
    const summaries = await withDatabase(path, async (db) => ids.map((id) => summarizeCampaign(db, id)));
    expect(perCampaign.map((row) => row[1])).toEqual(ids);
    expect(perCampaign.map((row) => row[5])).toEqual(summaries.map((s) => formatValue(s.best!.value)));
    expect(perCampaign.map((row) => row[6])).toEqual(summaries.map((s) => String(s.best!.iteration)));
    const perPolicy = tableAfter(html, 'Per policy (median over replicates)');
    expect(perPolicy.map((row) => [row[0], row[1]])).toEqual([['eplt', '1'], ['random', '2']]);
  });

  it('study campaigns: their figures in paper order, grid spectra from the stored raw spectra', async () => {
    const out = join(dirname(path), 'studies.html');
    const { code } = await cli(['report', studyIds.grid, studyIds.reactionTime, studyIds.residenceTime, '--db', path, '--out', out]);
    expect(code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(externalReferences(html)).toEqual([]);
    expect(count(html, /<svg\b/g)).toBe(4);
    // Paper order (3C, 4C/D, 5) whatever the order on the command line; Fig. 4 as spectra too.
    const positions = [`fig3c-${studyIds.residenceTime}`, `fig4cd-spectra-${studyIds.reactionTime}`, `fig4cd-${studyIds.reactionTime}`, `fig5-${studyIds.grid}`].map((f) => html.indexOf(`data-figure="${f}"`));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // One line per reaction time of the study, each settled within a few residence times.
    const settled = tableAfter(html, 'Time to steady state');
    expect(settled.map((row) => Number(row[0]))).toEqual([25, 31, 42]);
    for (const row of settled) expect(Number(row[3])).toBeGreaterThan(0.5);
    const perInput = tableAfter(html, 'PL intensity per varied input');
    expect(perInput).toHaveLength(6);
    const data = await withDatabase(path, async (db) => studyData(db, studyIds.grid));
    expect(new Set(data.spectra!.map((p) => `${p.varied}/${p.level}`)).size).toBe(data.rows.length);
    // Each spectrum belongs to its row: its highest bin is the PL intensity stored with the row
    // (which varies tenfold across the grid, so a shuffled spectrum would not match).
    for (const row of data.rows) {
      const own = data.spectra!.filter((p) => p.varied === row.varied && p.level === row.level);
      const peak = own.reduce((a, b) => (b.signal > a.signal ? b : a));
      expect(peak.signal / (row.plIntensity as number)).toBeCloseTo(1, 1);
      expect(Math.abs(peak.wavelengthNm - 450)).toBeLessThanOrEqual(10);
    }
  });

  it('takes the pipeline id sdfl run prints, and says on stderr what it is doing', async () => {
    const out = join(dirname(path), 'pipeline.html');
    const { code, out: stdout, err } = await cli(['report', PIPELINE, '--db', path, '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toContain(`report written to ${out}`);
    const campaigns = ['twin', 'ei', 'ucb', 'eplt', 'random'].map((c) => `${PIPELINE}-${c}`);
    expect(err).toContain(`pipeline ${PIPELINE}: ${campaigns.join(', ')}`);
    expect(err).toMatch(/\] building the report of 5 campaigns\n/);
    expect(err).toMatch(new RegExp(`\\] ${PIPELINE}-twin: cross-validation\\n`));
    expect(err).toMatch(/\] rendering figure 1 of \d+ \(/);
    const html = readFileSync(out, 'utf8');
    const twin = `${PIPELINE}-twin`;
    for (const figure of [`fig6a-${twin}`, `fig6cd-${twin}`, `fig6b-${twin}`, `fig7a-${twin}`, `fig7b-${twin}`, 'fig8a', 'fig8b', 'fig8c']) expect(html).toContain(`data-figure="${figure}"`);
    // Fig. 7B in concentrations, the other inputs held at the best experiment.
    const held = tableAfter(html, 'Composition held');
    expect(held.map((row) => row[0])).toContain('[CuI] in the droplet (mM)');
    expect(held.filter((row) => row[2] === 'held')).toHaveLength(5);
    // The same pipeline named with one of its campaigns is a repeat.
    const twice = await cli(['report', PIPELINE, twin, '--db', path]);
    expect(twice.code).toBe(2);
    expect(twice.err).toMatch(/named twice/);
  });

  it('policy data: values in order, the informing campaign\'s best as reference', async () => {
    await withDatabase(path, async (db) => {
      const data = comparePolicyCampaigns(db, [policyIds.random1, policyIds.random2]);
      expect(data.comparison.policies).toHaveLength(1);
      expect(data.comparison.policies[0].replicates).toBe(2);
      expect(data.campaigns.every((c) => c.values.length === 3 && c.inputs.every((x) => x.length === 7))).toBe(true);
      expect(data.informedBest?.value).toBe(summarizeCampaign(db, twinId).best!.value);
      const medianBest = [...data.comparison.runs.map((r) => r.bestValue)].sort((a, b) => a - b);
      expect(data.comparison.policies[0].medianBestValue).toBeCloseTo((medianBest[0] + medianBest[1]) / 2, 9);
    });
  });

  it.each([
    [['report', 'no-such-campaign'], /no campaign 'no-such-campaign'/],
    [['report', '--seed', 'x', 'a'], /--seed: expected an integer/],
    [['insights', 'no-such-campaign'], /no campaign 'no-such-campaign'/],
    [['insights'], /missing required argument 'id'/],
    [['report'], /missing required argument 'ids'/],
    [['insights', 'x', '--bogus'], /unknown option '--bogus'/],
    [['insights', 'x', '--shap-background', 'corners'], /--shap-background: expected one of experiments, uniform/],
  ])('%j: one line, exit 2', async (args, message) => {
    const { code, out, err } = await cli([...args, '--db', path]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(message);
  });

  it('refuses a missing database instead of creating an empty one', async () => {
    const missing = join(dirname(path), 'missing.sqlite');
    const { code, err } = await cli(['report', 'x', '--db', missing]);
    expect(code).toBe(2);
    expect(err).toMatch(/--db: no database at/);
    const again = await cli(['report', twinId, twinId, '--db', path]);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/named twice/);
  });
});

/** Cells of the table whose caption is `caption` (body rows only). */
function tableAfter(html: string, caption: string): string[][] {
  const start = html.indexOf(`<caption>${caption}</caption>`);
  if (start < 0) throw new Error(`no table '${caption}'`);
  const table = html.slice(start, html.indexOf('</table>', start));
  const body = table.slice(table.indexOf('<tbody>'));
  return [...body.matchAll(/<tr>(.*?)<\/tr>/g)].map((row) => [...row[1].matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((cell) => cell[1]));
}
