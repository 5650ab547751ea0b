// The planner suite (src/benchmark/suite.ts): random search, GP-EI and ENN-EI variants on
// every problem, N replicates each, then per problem the median final regret of each entry,
// its ratio to random's and to GP-EI's, and the share of policy proposals with a coordinate
// on a bound; and a summary (median and worst ratio to random, problems at or under half of
// random, median ENN/GP ratio).
//
// Every ENN entry passes its ENN options explicitly (a variant's `enn`; {} gets what a planner
// gives an ENN that seeks the optimum), so nothing depends on the harness's own ENN preset or
// default surrogate.
//
// --select: leave-one-problem-out cross-validation. For each held-out problem the variant with
// the lowest median ratio to random over the other problems, on the selection seeds, is run
// on the held-out problem on the report seeds (which must differ). Also prints the variant
// chosen on all problems.
//
// Run:
//   npx tsx bench/planner-suite.ts [--replicates 10] [--seed 1] [--variants JSON|file.json]
//     [--problems branin,levy-4] [--workers 2] [--optimizer JSON] [--json out.json] [--cache cache.json]
//   npx tsx bench/planner-suite.ts --select [--selection-seed 1001] [--selection-replicates 3] ...
// A variant is { "enn": {...ENN options}, "optimizer": {...} } or just the ENN options, e.g.
//   --variants '{"defaults": {}, "wide": {"hiddenLayers": [32, 32], "bootstrap": false}}'
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runBenchmark, type BenchmarkSettingsInput } from '../src/benchmark/index.js';
import { median, pinnedShare, PLANNER_SUITE, PLANNER_SUITE_BUDGET, PLANNER_SUITE_INIT, regretRatio } from '../src/benchmark/suite.js';

const { values: args } = parseArgs({
  options: {
    replicates: { type: 'string', default: '10' },
    seed: { type: 'string', default: '1' },
    variants: { type: 'string', default: '{"defaults": {}}' },
    problems: { type: 'string' },
    workers: { type: 'string', default: '2' },
    init: { type: 'string', default: String(PLANNER_SUITE_INIT) },
    budget: { type: 'string', default: String(PLANNER_SUITE_BUDGET) },
    json: { type: 'string' },
    cache: { type: 'string' },
    select: { type: 'boolean', default: false },
    'selection-seed': { type: 'string', default: '1001' },
    'selection-replicates': { type: 'string', default: '3' },
    'no-gp': { type: 'boolean', default: false },
    /** Acquisition-optimiser settings for every entry (a variant's own `optimizer` replaces them). */
    optimizer: { type: 'string' },
  },
});

interface Variant {
  enn: Record<string, unknown>;
  optimizer?: Record<string, unknown>;
}

interface EntryResult {
  /** Final regret of each replicate. */
  regrets: number[];
  pinned: number | null;
  medianIterationMs: number | null;
  wallMs: number;
}

const variantText = existsSync(args.variants) ? readFileSync(args.variants, 'utf8') : args.variants;
const variants: Record<string, Variant> = Object.fromEntries(Object.entries(JSON.parse(variantText) as Record<string, Record<string, unknown>>).map(([name, v]) => [
  name,
  'enn' in v ? (v as unknown as Variant) : { enn: v },
]));
const problems = args.problems ? PLANNER_SUITE.filter((p) => args.problems!.split(',').includes(p.objective)) : PLANNER_SUITE;
if (problems.length === 0) throw new Error(`no suite problem among ${args.problems}`);
const workers = Number(args.workers);
const init = Number(args.init);
const budget = Number(args.budget);
const reportSeed = Number(args.seed);
const reportReplicates = Number(args.replicates);
const selectionSeed = Number(args['selection-seed']);
const selectionReplicates = Number(args['selection-replicates']);
if (args.select && selectionSeed === reportSeed) throw new Error('selection and report seeds must differ');

const baseOptimizer: Record<string, unknown> | undefined = args.optimizer ? JSON.parse(args.optimizer) : undefined;
const cache: Record<string, EntryResult> = args.cache && existsSync(args.cache) ? JSON.parse(readFileSync(args.cache, 'utf8')) : {};
const saveCache = () => {
  if (args.cache) writeFileSync(args.cache, `${JSON.stringify(cache)}\n`);
};

/** One benchmark run (one entry of one problem); cached by everything that decides its result. */
async function runEntry(problem: string, entry: 'random' | 'gp-ei' | 'enn-ei', variant: Variant | undefined, seed: number, replicates: number): Promise<EntryResult> {
  const settings: BenchmarkSettingsInput = {
    policies: [entry],
    init,
    budget,
    replicates,
    seed,
    ...(entry === 'enn-ei' ? { surrogateOptions: { enn: variant!.enn } } : entry === 'gp-ei' ? { surrogateOptions: { gp: {} } } : {}),
    ...(variant?.optimizer ?? baseOptimizer ? { optimizer: variant?.optimizer ?? baseOptimizer } : {}),
  };
  const key = `${problem}|${JSON.stringify(settings)}`;
  if (cache[key]) return cache[key];
  const report = await runBenchmark({ objective: { kind: 'builtin', name: problem }, settings, workers: Math.min(workers, replicates) });
  const result: EntryResult = {
    regrets: report.results.map((r) => r.regret!.at(-1)!),
    pinned: pinnedShare(report.results, report.objective.parameters),
    medianIterationMs: report.summary[0].medianIterationMs,
    wallMs: report.wallMs,
  };
  cache[key] = result;
  saveCache();
  process.stderr.write(`${problem} ${entry}${variant ? ` ${JSON.stringify(variant)}` : ''} seed ${seed} x${replicates}: median regret ${median(result.regrets).toPrecision(3)} (${(result.wallMs / 1000).toFixed(0)} s)\n`);
  return result;
}

const fmt = (v: number | null | undefined, digits = 3) => (v === null || v === undefined ? '-' : Number.isFinite(v) ? v.toPrecision(digits) : String(v));
const pct = (v: number | null) => (v === null ? '-' : `${(100 * v).toFixed(0)}%`);
const quartiles = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const q = (p: number) => {
    const pos = (sorted.length - 1) * p;
    return sorted[Math.floor(pos)] + (pos - Math.floor(pos)) * (sorted[Math.ceil(pos)] - sorted[Math.floor(pos)]);
  };
  return [q(0.25), q(0.5), q(0.75)];
};

interface ProblemRow {
  problem: string;
  random: EntryResult;
  gp?: EntryResult;
  enn: Record<string, EntryResult>;
}

async function runSuite(seed: number, replicates: number, ennVariants: (problem: string) => string[], withGp: boolean): Promise<ProblemRow[]> {
  const rows: ProblemRow[] = [];
  for (const { objective } of problems) {
    const row: ProblemRow = { problem: objective, random: await runEntry(objective, 'random', undefined, seed, replicates), enn: {} };
    if (withGp) row.gp = await runEntry(objective, 'gp-ei', undefined, seed, replicates);
    for (const name of ennVariants(objective)) row.enn[name] = await runEntry(objective, 'enn-ei', variants[name], seed, replicates);
    rows.push(row);
  }
  return rows;
}

function printTable(rows: ProblemRow[], label: string, pick: (row: ProblemRow) => string[]): Record<string, unknown> {
  console.log(`\n${label}`);
  console.log('problem                 entry            median regret [q25, q75]        /random  /GP-EI  pinned');
  const ratios: Record<string, { random: number[]; gp: number[] }> = {};
  for (const row of rows) {
    const randomMedian = median(row.random.regrets);
    const gpMedian = row.gp ? median(row.gp.regrets) : undefined;
    const line = (name: string, result: EntryResult) => {
      const [q25, q50, q75] = quartiles(result.regrets);
      const toRandom = regretRatio(q50, randomMedian);
      const toGp = gpMedian === undefined ? undefined : regretRatio(q50, gpMedian);
      console.log(`${row.problem.padEnd(23)} ${name.padEnd(16)} ${fmt(q50).padStart(9)} [${fmt(q25)}, ${fmt(q75)}]`.padEnd(74) + ` ${fmt(toRandom, 2).padStart(6)}  ${fmt(toGp, 2).padStart(6)}  ${pct(result.pinned).padStart(5)}`);
      return { toRandom, toGp };
    };
    line('random', row.random);
    if (row.gp) {
      const { toRandom } = line('gp-ei', row.gp);
      (ratios['gp-ei'] ??= { random: [], gp: [] }).random.push(toRandom);
    }
    for (const name of pick(row)) {
      const { toRandom, toGp } = line(`enn-ei:${name}`, row.enn[name]);
      const r = (ratios[name] ??= { random: [], gp: [] });
      r.random.push(toRandom);
      if (toGp !== undefined) r.gp.push(toGp);
    }
  }
  const summary: Record<string, unknown> = {};
  console.log('\nentry              median/random  worst/random  problems <= 0.5 random  median/GP-EI');
  for (const [name, r] of Object.entries(ratios)) {
    const s = {
      medianToRandom: median(r.random),
      worstToRandom: Math.max(...r.random),
      atMostHalf: r.random.filter((v) => v <= 0.5).length,
      problems: r.random.length,
      medianToGp: r.gp.length > 0 ? median(r.gp) : null,
    };
    summary[name] = s;
    console.log(`${name.padEnd(18)} ${fmt(s.medianToRandom, 2).padStart(13)} ${fmt(s.worstToRandom, 2).padStart(13)} ${`${s.atMostHalf}/${s.problems}`.padStart(23)} ${fmt(s.medianToGp, 2).padStart(13)}`);
  }
  return summary;
}

const started = performance.now();
const output: Record<string, unknown> = { init, budget, variants, problems: problems.map((p) => p.objective) };
if (!args.select) {
  const rows = await runSuite(reportSeed, reportReplicates, () => Object.keys(variants), !args['no-gp']);
  output.report = { seed: reportSeed, replicates: reportReplicates, rows, summary: printTable(rows, `report seeds: seed ${reportSeed}, ${reportReplicates} replicates`, () => Object.keys(variants)) };
} else {
  const names = Object.keys(variants);
  const selectionRows = await runSuite(selectionSeed, selectionReplicates, () => names, false);
  const selectionSummary = printTable(selectionRows, `selection seeds: seed ${selectionSeed}, ${selectionReplicates} replicates`, () => names);
  const ratioOf = (row: ProblemRow, name: string) => regretRatio(median(row.enn[name].regrets), median(row.random.regrets));
  const choose = (rowsUsed: ProblemRow[]) => names
    .map((name) => ({ name, score: median(rowsUsed.map((row) => ratioOf(row, name))) }))
    .sort((a, b) => a.score - b.score)[0];
  const chosen: Record<string, { variant: string; score: number }> = {};
  for (const row of selectionRows) {
    const best = choose(selectionRows.filter((r) => r !== row));
    chosen[row.problem] = { variant: best.name, score: best.score };
  }
  const overall = choose(selectionRows);
  console.log(`\nchosen per held-out problem: ${Object.entries(chosen).map(([p, c]) => `${p}: ${c.variant} (${fmt(c.score, 2)})`).join('; ')}`);
  console.log(`chosen on all problems: ${overall.name} (median ratio to random ${fmt(overall.score, 2)})`);
  const reportRows = await runSuite(reportSeed, reportReplicates, (problem) => [...new Set([chosen[problem].variant, overall.name])], !args['no-gp']);
  const heldOut = reportRows.map((row) => ({ ...row, enn: { 'cv-choice': row.enn[chosen[row.problem].variant] } }));
  const cvSummary = printTable(heldOut, `report seeds (seed ${reportSeed}, ${reportReplicates} replicates), each problem with the variant chosen without it`, () => ['cv-choice']);
  const overallSummary = printTable(reportRows, `report seeds, the variant chosen on all problems (${overall.name})`, () => [overall.name]);
  output.selection = { seed: selectionSeed, replicates: selectionReplicates, rows: selectionRows, summary: selectionSummary, chosen, overall };
  output.report = { seed: reportSeed, replicates: reportReplicates, rows: reportRows, cvSummary, overallSummary };
}
output.wallMs = performance.now() - started;
console.log(`\nwall time ${((performance.now() - started) / 60_000).toFixed(1)} min`);
if (args.json) writeFileSync(args.json, `${JSON.stringify(output, null, 1)}\n`);
