// Timing of the surrogate models at the size of one BO iteration in the paper's problem:
// 60 points in 7 dimensions, 10k candidate points to score.
//   npx tsx bench/ensemble-training.ts              timings (median of 5 repeats)
//   npx tsx bench/ensemble-training.ts --repeats 9
//   npx tsx bench/ensemble-training.ts --sweep      also: accuracy of ENN settings (slow, ~2 min)
import { loadavg } from 'node:os';
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { createRandom } from '../src/domain/random.js';
import { friedman7, tiltedBump } from '../src/models/benchmark-functions.js';
import { createEnnTrainer, type EnnOptions } from '../src/models/ensemble.js';
import { closeEnsembleWorkers } from '../src/models/ensemble-pool.js';
import { createGpTrainer } from '../src/models/gaussian-process.js';
import { choleskyInPlace, choleskyInverse } from '../src/models/linear-algebra.js';
import { rSquared } from '../src/models/metrics.js';

const args = process.argv.slice(2);
const repeatsFlag = args.indexOf('--repeats');
const repeats = repeatsFlag >= 0 ? Number(args[repeatsFlag + 1]) : 5;
const sweep = args.includes('--sweep');

function sample(count: number, dimension: number, seed: number, f: (x: number[]) => number) {
  const random = createRandom(seed);
  const points = Array.from({ length: count }, () => Array.from({ length: dimension }, () => random.uniform()));
  return { points, targets: points.map(f) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function time(run: () => unknown | Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

const rows: string[][] = [];
/** Wall time, and CPU time of the whole process (all threads): on a busy machine the CPU time still shows the work done. */
async function measure(label: string, run: (repeat: number) => unknown | Promise<unknown>): Promise<void> {
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const cpuBefore = process.cpuUsage();
    times.push(await time(() => run(r)));
    const cpu = process.cpuUsage(cpuBefore);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
  }
  rows.push([label, median(times).toFixed(1), Math.min(...times).toFixed(1), Math.max(...times).toFixed(1), median(cpuTimes).toFixed(1)]);
}

function printTable(header: string[], body: string[][]): void {
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => row[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of body) console.log(line(row));
}

const loadAtStart = loadavg()[0];
const train = sample(60, 7, 1, friedman7);
const candidates = sample(10_000, 7, 2, friedman7);
const test = sample(1000, 7, 3, friedman7);

// Warm up the JIT and start the worker pool before anything is timed; the first parallel
// fit (which waits for workers to load) is reported on its own.
await createEnnTrainer({ parallel: false, epochs: 50 }).fit(train.points, train.targets, createRandom(0));
const coldParallel = await time(() => createEnnTrainer({ parallel: true }).fit(train.points, train.targets, createRandom(0)));

const ennSerial = createEnnTrainer({ parallel: false });
const ennParallel = createEnnTrainer({ parallel: true });
const ennAuto = createEnnTrainer();
await measure('ENN fit, serial (10 x 7-16-16-1, 400 epochs)', (r) => ennSerial.fit(train.points, train.targets, createRandom(r)));
await measure('ENN fit, parallel (main thread + 1 worker)', (r) => ennParallel.fit(train.points, train.targets, createRandom(r)));
await measure('ENN fit, default (parallel: auto)', (r) => ennAuto.fit(train.points, train.targets, createRandom(r)));
const enn = await ennSerial.fit(train.points, train.targets, createRandom(0));
await measure('ENN predict 10k points', () => enn.predict(candidates.points));
await measure('ENN predict + gradient 10k points', () => enn.predictWithGradient(candidates.points));
const gpTrainer = createGpTrainer();
await measure('GP fit (4 starts)', (r) => gpTrainer.fit(train.points, train.targets, createRandom(r)));
const gp = await gpTrainer.fit(train.points, train.targets, createRandom(0));
await measure('GP predict 10k points', () => gp.predict(candidates.points));

for (const n of [60, 100]) {
  const { points } = sample(n, 7, 4, friedman7);
  const kernel = points.map((a) => points.map((b) => Math.exp(-a.reduce((s, v, k) => s + (v - b[k]) ** 2, 0)) + (a === b ? 1e-4 : 0)));
  const flat = Float64Array.from(kernel.flat());
  await measure(`Cholesky + inverse n=${n}, own (x100)`, () => {
    for (let i = 0; i < 100; i++) {
      const factor = flat.slice();
      choleskyInPlace(factor, n);
      choleskyInverse(factor, n);
    }
  });
  await measure(`Cholesky + inverse n=${n}, ml-matrix (x100)`, () => {
    for (let i = 0; i < 100; i++) new CholeskyDecomposition(new Matrix(kernel)).solve(Matrix.eye(n));
  });
}

console.log(`Surrogate timings, 60 points x 7 inputs, ms (${repeats} repeats; load average at start ${loadAtStart.toFixed(2)})`);
printTable(['step', 'median', 'min', 'max', 'cpu median'], rows);
console.log(`first parallel fit, including worker start-up: ${coldParallel.toFixed(1)} ms`);
console.log(`test R^2 on Friedman-7 (1000 points): ENN ${rSquared(test.targets, enn.predict(test.points).mean).toFixed(3)}, GP ${rSquared(test.targets, gp.predict(test.points).mean).toFixed(3)}`);

if (sweep) {
  const settings: [string, EnnOptions][] = [
    ['default', {}],
    ['epochs 200', { epochs: 200 }],
    ['epochs 800', { epochs: 800 }],
    ['tanh', { activation: 'tanh' }],
    ['[8, 8]', { hiddenLayers: [8, 8] }],
    ['[32, 32]', { hiddenLayers: [32, 32] }],
    ['[32]', { hiddenLayers: [32] }],
    ['lr 0.003', { learningRate: 0.003 }],
    ['lr 0.03', { learningRate: 0.03 }],
    ['weight decay 0', { weightDecay: 0 }],
    ['weight decay 1e-4', { weightDecay: 1e-4 }],
    ['weight decay 1e-2', { weightDecay: 1e-2 }],
    ['20 members', { members: 20 }],
    ['no bootstrap', { bootstrap: false }],
    ['width jitter 0.5', { widthJitter: 0.5 }],
  ];
  const functions = { 'Friedman-7': friedman7, 'bump-7': tiltedBump } as const;
  const sweepRows: string[][] = [];
  for (const [label, options] of settings) {
    const row = [label];
    const fitTimes: number[] = [];
    for (const f of Object.values(functions)) {
      const scores: number[] = [];
      const covered: number[] = [];
      for (let seed = 0; seed < 5; seed++) {
        const data = sample(60, 7, 100 + seed, f);
        const holdout = sample(1000, 7, 900 + seed, f);
        const cpuBefore = process.cpuUsage();
        const model = await createEnnTrainer({ ...options, parallel: false }).fit(data.points, data.targets, createRandom(seed));
        const cpu = process.cpuUsage(cpuBefore);
        fitTimes.push((cpu.user + cpu.system) / 1000);
        const prediction = model.predict(holdout.points);
        scores.push(rSquared(holdout.targets, prediction.mean));
        let inside = 0;
        holdout.targets.forEach((t, i) => { if (Math.abs(t - prediction.mean[i]) <= 2 * prediction.std[i]) inside++; });
        covered.push(inside / holdout.targets.length);
      }
      row.push(median(scores).toFixed(3), median(covered).toFixed(2));
    }
    row.push(median(fitTimes).toFixed(0));
    sweepRows.push(row);
  }
  console.log('\nENN settings, 60 training points, 1000 test points, median over 5 seeds (serial fits)');
  printTable(['setting', 'Friedman-7 R^2', 'within 2 std', 'bump-7 R^2', 'within 2 std', 'fit cpu ms'], sweepRows);
}

await closeEnsembleWorkers();
