// The paper's pipeline (9 LHS + 51 MV twin, then EI, UCB, EPLT and random campaigns of 10,
// all with the ENN) on the virtual lab over several seeds, judged by the lab's ground truth:
// the noise-free PL of each best condition as a share of the true optimum, and whether the
// informed policies beat what the exploration had already found.
// Run: npx tsx bench/pipeline-seeds.ts [--seeds 101-110] [--json out/pipeline-seeds.json]
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { evaluatePipeline, type PipelineEvaluation } from '../src/campaigns/pipeline-evaluation.js';
import { PAPER_PIPELINE, runPipeline } from '../src/campaigns/pipeline.js';
import { createRandom } from '../src/domain/random.js';
import { openRig } from '../src/instruments/rig-factory.js';
import { surrogateTrainerFromSpec } from '../src/models/surrogates/registry.js';
import { openDatabase } from '../src/store/database.js';
import { findTrueOptimum } from '../src/virtual-lab/true-optimum.js';

const { values: args } = parseArgs({ options: { seeds: { type: 'string', default: '101-110' }, json: { type: 'string' } } });
const [from, to] = args.seeds.split('-').map(Number);
const seeds = Array.from({ length: (to ?? from) - from + 1 }, (_, i) => from + i);

const POLICIES = ['ei', 'ucb', 'eplt', 'random'] as const;
const rows: { seed: number; evaluation: PipelineEvaluation; wallS: number }[] = [];
for (const seed of seeds) {
  const started = performance.now();
  const db = openDatabase(':memory:');
  const deps = { openRig, now: () => new Date(0), trainerFactory: surrogateTrainerFromSpec };
  const result = await runPipeline(db, deps, { ...PAPER_PIPELINE, seed }, {}, `seed-${seed}`);
  const evaluation = evaluatePipeline(result.twin, result.optimisations, findTrueOptimum(createRandom(seed)));
  db.close();
  rows.push({ seed, evaluation, wallS: (performance.now() - started) / 1000 });
  const shares = [evaluation.exploration, ...POLICIES.map((p) => evaluation.policies.find((e) => e.label === p))].map((e) => (e ? `${(100 * e.trueShare).toFixed(1)}` : '-'));
  process.stderr.write(`seed ${seed}: exploration ${shares[0]} %, ${POLICIES.map((p, i) => `${p} ${shares[i + 1]} %`).join(', ')} (${rows.at(-1)!.wallS.toFixed(0)} s)\n`);
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  const position = q * (sorted.length - 1);
  const low = Math.floor(position);
  return sorted[low] + (sorted[Math.min(low + 1, sorted.length - 1)] - sorted[low]) * (position - low);
};
const summary = (values: number[]) => `${(100 * quantile(values, 0.5)).toFixed(1)} % [${(100 * quantile(values, 0.25)).toFixed(1)}, ${(100 * quantile(values, 0.75)).toFixed(1)}]`;
const shareOf = (row: (typeof rows)[number], label: string) => (label === 'exploration' ? row.evaluation.exploration : row.evaluation.policies.find((p) => p.label === label))?.trueShare ?? Number.NaN;

console.log(`pipeline on the virtual lab, seeds ${seeds[0]}-${seeds.at(-1)}: noise-free PL of the best condition found, % of the true optimum`);
console.log('');
console.log(`| seed | exploration (60) | ${POLICIES.join(' | ')} |`);
console.log(`| --- | --- | ${POLICIES.map(() => '---').join(' | ')} |`);
for (const row of rows) console.log(`| ${row.seed} | ${(100 * shareOf(row, 'exploration')).toFixed(1)} | ${POLICIES.map((p) => (100 * shareOf(row, p)).toFixed(1)).join(' | ')} |`);
console.log(`| median [25 %, 75 %] | ${summary(rows.map((r) => shareOf(r, 'exploration')))} | ${POLICIES.map((p) => summary(rows.map((r) => shareOf(r, p)))).join(' | ')} |`);
console.log(`| beats the exploration's best | - | ${POLICIES.map((p) => `${rows.filter((r) => shareOf(r, p) > shareOf(r, 'exploration')).length}/${rows.length}`).join(' | ')} |`);
console.log('');
const plqy = rows.map((r) => r.evaluation.policies.find((p) => p.label === 'ei')?.plqy ?? Number.NaN);
console.log(`EI's best condition: PLQY median ${(100 * quantile(plqy, 0.5)).toFixed(1)} % (true optimum ${(100 * rows[0].evaluation.optimum.plqy).toFixed(1)} %); median wall time per pipeline ${quantile(rows.map((r) => r.wallS), 0.5).toFixed(0)} s`);
if (args.json) writeFileSync(args.json, `${JSON.stringify(rows, null, 2)}\n`);
