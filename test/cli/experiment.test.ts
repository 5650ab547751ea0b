import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCli as run } from '../support/run-cli.js';
import { openDatabase } from '../../src/store/database.js';
import { getSpectra, listExperiments } from '../../src/store/experiments.js';

describe('sdfl experiment', () => {
  it('prints one JSON object with the features and stores the experiment with its spectra', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'sdfl-')), 'lab.sqlite');
    const result = await run(['experiment', '--x', '0.8,0.9,0.5,0.5,0.5,0.2,0.3', '--json', '--db', db]);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.out);
    for (const key of ['abs300', 'plIntensity', 'plArea', 'plPeakNm', 'plFwhmNm']) expect(typeof json.features[key]).toBe('number');
    expect(json.condition.temperatureC).toBeCloseTo(144, 6);
    expect(json.recipe.flowsUlPerMin.pfo).toBeCloseTo(json.recipe.totalPrecursorFlowUlPerMin, 6);
    expect(json.lab).toBe('virtual');
    expect(json.seed).toBe(1);
    const store = openDatabase(db);
    const [saved] = listExperiments(store);
    expect(saved.id).toBe(json.experimentId);
    expect(saved.features?.plIntensity).toBe(json.features.plIntensity);
    expect(Object.keys(getSpectra(store, saved.id))).toHaveLength(5);
    store.close();
  });

  it('says which seed the virtual lab used; --seed changes the noise, the same seed repeats it', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'sdfl-')), 'lab.sqlite');
    const runSeed = async (seed: string) => {
      const result = await run(['experiment', '--json', '--db', db, '--seed', seed]);
      expect(result.code).toBe(0);
      return JSON.parse(result.out);
    };
    const [five, again, six] = [await runSeed('5'), await runSeed('5'), await runSeed('6')];
    expect(five.seed).toBe(5);
    expect(six.seed).toBe(6);
    expect(again.features.plIntensity).toBe(five.features.plIntensity);
    expect(six.features.plIntensity).not.toBe(five.features.plIntensity);
    expect(Math.abs(six.features.plIntensity / five.features.plIntensity - 1)).toBeLessThan(0.1);
    const text = await run(['experiment', '--db', db, '--seed', '6']);
    expect(text.out).toMatch(/^lab: virtual, seed 6\b/m);
  });

  it('prints flows, times and features for people', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'sdfl-')), 'lab.sqlite');
    const result = await run(['experiment', '--db', db]);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^lab: virtual, seed 1\b/m);
    expect(result.out).toMatch(/pump flows \(uL\/min\)/);
    expect(result.out).toMatch(/equilibration [\d.]+ s/);
    expect(result.out).toMatch(/PL intensity\s+[\d.]+ counts\/s/);
  });

  it('works through the installed bin with no build step', () => {
    const child = spawnSync(process.execPath, ['bin/sdfl.js', '--help'], { encoding: 'utf8' });
    expect(child.status).toBe(0);
    expect(child.stdout).toMatch(/Usage: sdfl/);
    const bad = spawnSync(process.execPath, ['bin/sdfl.js', 'experiment', '--x', '2'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('sdfl study', () => {
  it('prints the relative standard deviations at the top level of --json and writes the rows as CSV', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sdfl-'));
    const csv = join(dir, 'perturbation.csv');
    const result = await run(['study', 'perturbation', '--json', '--out', csv, '--db', join(dir, 'lab.sqlite')]);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.out);
    for (const key of ['abs300', 'plIntensity', 'plArea']) {
      expect(json.rsdPercent[key]).toBeGreaterThan(0);
      expect(json.rsdPercent[key]).toBeLessThan(10);
    }
    expect(readFileSync(csv, 'utf8').trim().split('\n')).toHaveLength(json.rows.length + 1);
  });
});
