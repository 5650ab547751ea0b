// Plugins: `sdfl --plugin FILE` registers what a module exports, in this process and in every
// benchmark worker thread.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { benchmarkReportSchema } from '../../src/benchmark/index.js';
import { runCli } from '../support/run-cli.js';

const directory = mkdtempSync(join(tmpdir(), 'sdfl-plugins-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('sdfl --plugin', () => {
  it('adds a policy and a surrogate that benchmark workers can run', async () => {
    const file = join(directory, 'report.json');
    const run = await runCli([
      '--plugin', 'test/support/toy-extensions.ts', 'bench', '--objective', 'branin', '--policy', 'nearest-lcb,random',
      '--init', '3', '--budget', '6', '--replicates', '2', '--workers', '2', '--quiet', '--json', file,
    ]);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const report = benchmarkReportSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(report.workers).toBe(2);
    expect(report.results.filter((r) => r.policy === 'nearest-lcb').map((r) => r.reasons.at(-1))).toEqual(['policy', 'policy']);
    expect(report.settings.plugins?.[0]).toMatch(/test\/support\/toy-extensions\.ts$/);
  });

  it('a plugin that cannot be loaded or exports nothing is a usage error naming it', async () => {
    const missing = await runCli(['--plugin', join(directory, 'nope.ts'), 'bench', '--objective', 'branin']);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^error: --plugin: plugin .*nope\.ts: /);
    const empty = join(directory, 'empty.mjs');
    writeFileSync(empty, 'export const nothing = 1;\n');
    const none = await runCli(['--plugin', empty, 'bench', '--objective', 'branin']);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/exports no 'policies' or 'surrogates'/);
  });
});
