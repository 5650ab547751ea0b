import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli as run } from '../support/run-cli.js';
import { benchmarkReportSchema } from '../../src/benchmark/index.js';

const directory = mkdtempSync(join(tmpdir(), 'sdfl-bench-cli-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('sdfl bench', () => {
  it.each([
    [['bench'], /required option '--objective/],
    [['bench', '--objective', 'rosenbrock'], /--objective: unknown built-in objective 'rosenbrock'/],
    [['bench', '--objective', './no/such/module.ts'], /--objective: objective module .*module\.ts: file not found/],
    [['bench', '--objective', 'branin', '--policy', 'ei,foo'], /invalid value for --policy \(item 2\)/],
    [['bench', '--objective', 'branin', '--policy', 'ei,ei'], /--policy: a policy is listed twice/],
    [['bench', '--objective', 'branin', '--init', '0'], /--init: Too small/],
    [['bench', '--objective', 'branin', '--init', '9', '--budget', '5'], /--budget: 5 is below --init 9/],
    [['bench', '--objective', 'branin', '--replicates', 'two'], /--replicates: expected a positive integer/],
    [['bench', '--objective', 'branin', '--seed', '1.5'], /--seed: expected an integer/],
    [['bench', '--objective', 'branin', '--workers', '-1'], /--workers: expected a non-negative integer/],
    [['bench', '--objective', 'branin', '--enn', '{bad'], /--enn: not valid JSON/],
    [['bench', '--objective', 'branin', '--enn', '{"members":0}'], /--enn \(item members\)/],
    [['bench', '--objective', 'branin', '--gp', '{"restart":2}'], /--gp: Unrecognized key/],
    [['bench', '--objective', 'branin', '--xi', '-1'], /--xi \(policy ei\): xi must be >= 0/],
    [['bench', '--objective', 'branin', '--policy', 'ei,random', '--beta', '2'], /--beta: no listed policy takes beta \(ucb do\)/],
    [['bench', '--objective', 'branin', '--policy-options', '{"ucb":{"Beta":2}}'], /--policy-options \(ucb\): Unrecognized key: "Beta"/],
    [['bench', '--objective', 'branin', '--policy-options', '{"greedy":{}}'], /--policy-options: unknown policy 'greedy'/],
    [['bench', '--objective', 'branin', '--policy', 'gp-ei-members'], /--policy \(item 1\): policy 'ei-members' needs ensemble member predictions/],
    [['bench', '--objective', 'branin', '--policy', 'gp-random'], /policy 'random' fits no model; write it as 'random'/],
    [['bench', '--objective', 'branin', '--optimizer', '{"poolSize":2}'], /--optimizer \(item poolSize\)/],
  ])('%j exits 2 with one line naming the flag', async (args, message) => {
    const { code, out, err } = await run(args);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(message);
  });

  it('runs a small benchmark, prints the summary table and writes the JSON report', async () => {
    const file = join(directory, 'report.json');
    const { code, out, err } = await run([
      'bench', '--objective', 'branin', '--policy', 'random,eplt', '--init', '3', '--budget', '6', '--replicates', '2',
      '--seed', '4', '--workers', '0', '--enn', '{"members":3,"hiddenLayers":[6],"epochs":40}', '--optimizer', '{"poolSize":64,"refineRounds":1}',
      '--json', file,
    ]);
    expect(err).toMatch(/bench: 24\/24 evaluations/);
    expect(code).toBe(0);
    const report = benchmarkReportSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(report.settings).toMatchObject({ policies: ['random', 'eplt'], init: 3, budget: 6, replicates: 2, seed: 4 });
    expect(report.results).toHaveLength(4);
    expect(out).toMatch(/^branin: minimize, optimum 0\.3979/);
    expect(out).toMatch(/\nrandom +\S+ \[/);
    expect(out).toMatch(/\neplt +\S+ \[/);
    expect(out).toContain(`report written to ${file}`);
  });
});
