// Speed and sanity of the insight analyses on a paper-sized twin: 7 inputs, 60 experiments,
// a 10-member ENN of 7-16-16-1 relu nets. Exact Shapley for 60 explained points against a
// 30-point background is the expensive part.
// Run: npx tsx bench/insights.ts
import { performance } from 'node:perf_hooks';
import { createRandom } from '../src/domain/random.js';
import { responseSurface } from '../src/insights/response-surface.js';
import { shapleyAnalysis } from '../src/insights/shapley.js';
import { crossValidatedR2, parityData, uncertaintyVersusDataSize } from '../src/insights/twin-quality.js';
import { createEnnTrainer } from '../src/models/ensemble.js';
import { closeEnsembleWorkers } from '../src/models/ensemble-pool.js';

const d = 7;
const random = createRandom(2024);
const points = Array.from({ length: 60 }, () => Float64Array.from({ length: d }, () => random.uniform()));
// A smooth synthetic response: input 1 dominates, inputs 5-7 are ignored.
const truth = (u: ArrayLike<number>) => 2 * Math.exp(-4 * (u[0] - 0.7) ** 2) * (1 + u[3]) + 0.5 * Math.sin(5 * u[1]) * u[2];
const targets = points.map(truth);
const trainer = createEnnTrainer({ members: 10, hiddenLayers: [16, 16], epochs: 400 });

async function timed<T>(label: string, run: () => Promise<T> | T): Promise<T> {
  const start = performance.now();
  const result = await run();
  console.log(`${label}: ${(performance.now() - start).toFixed(0)} ms`);
  return result;
}

const surrogate = await timed('ENN fit on 60 points', () => trainer.fit(points, targets, random.fork()));
const analysis = await timed('exact Shapley, 60 points x 30 background', () => shapleyAnalysis(surrogate, points, { background: points.slice(0, 30) }));
let worstEfficiency = 0;
analysis.values.forEach((row, p) => {
  const total = row.reduce((a, b) => a + b, 0);
  worstEfficiency = Math.max(worstEfficiency, Math.abs(total - (analysis.predictions[p] - analysis.baseline)));
});
console.log(`  largest |sum phi - (f(x) - E f)|: ${worstEfficiency.toExponential(1)}`);
console.log(`  ranking: ${analysis.ranking.map((r) => `${r.name} ${r.meanAbsoluteShap.toFixed(3)} (${r.trend})`).join(', ')}`);
console.log(`  warnings: ${analysis.warnings.join(' | ') || 'none'}`);
await timed('response surface 50 x 50', () => responseSurface(surrogate, { ranking: analysis.ranking, observations: { points, targets }, gridSize: 50 }));
const parity = await timed('parity data (80/20)', () => parityData(trainer, points, targets, random.fork()));
console.log(`  train R^2 ${parity.trainR2.toFixed(3)}, test R^2 ${parity.testR2.toFixed(3)}`);
const cv = await timed('5-fold cross-validation', () => crossValidatedR2(trainer, points, targets, random.fork()));
console.log(`  pooled R^2 ${cv.pooledR2.toFixed(3)}, folds ${cv.folds.map((f) => f.r2.toFixed(2)).join(' ')}`);
const sizes = await timed('uncertainty vs data size (10..60, 1000 MC points)', () => uncertaintyVersusDataSize(trainer, points, targets, random.fork()));
console.log(`  ${sizes.bySize.map((s) => `n=${s.size}: ${s.meanStd.toFixed(3)} +- ${s.stdOfStd.toFixed(3)}`).join(', ')}`);
await closeEnsembleWorkers();
