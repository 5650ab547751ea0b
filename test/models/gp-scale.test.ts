// The GP at scale: warm starts, fits on a worker thread, hyperparameters on a subset, and the
// sparse model above maxExactPoints.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../src/domain/random.js';
import { tiltedBump } from '../../src/models/benchmark-functions.js';
import { createGpTrainer, type GaussianProcessSurrogate } from '../../src/models/gaussian-process.js';
import { planGpFit, runGpFit, SCREEN_POINTS, WARM_START_MIN_POINTS } from '../../src/models/gp-fit.js';
import { closeGpWorkers, runGpFitOnWorker } from '../../src/models/gp-pool.js';
import { loadSurrogate } from '../../src/models/surrogates/registry.js';
import { createPlanner } from '../../src/planning/index.js';
import { expectPredictionGradientsMatch } from './prediction-gradient-check.js';

afterAll(async () => {
  await closeGpWorkers();
});

function sample(count: number, dimension: number, seed: number, f: (x: number[]) => number) {
  const random = createRandom(seed);
  const points = Array.from({ length: count }, () => Array.from({ length: dimension }, () => random.uniform()));
  return { points, targets: points.map(f) };
}

const smooth3 = (x: number[]) => Math.sin(3 * x[0]) + x[1] * x[1] - 0.5 * x[2];
const probe = Array.from({ length: 40 }, (_, i) => [((i * 7) % 40) / 40, ((i * 13) % 40) / 40, ((i * 29) % 40) / 40]);

function expectIdentical(a: GaussianProcessSurrogate, b: GaussianProcessSurrogate, points: number[][] = probe): void {
  expect(JSON.stringify(b.toJSON())).toBe(JSON.stringify(a.toJSON()));
  const pa = a.predict(points);
  const pb = b.predict(points);
  expect(Array.from(pb.mean)).toEqual(Array.from(pa.mean));
  expect(Array.from(pb.std)).toEqual(Array.from(pa.std));
}

describe('warm start', () => {
  const { points, targets } = sample(WARM_START_MIN_POINTS + 20, 3, 1, smooth3);
  const trainer = createGpTrainer({ worker: false });

  it('starts from the previous hyperparameters: the same optimum in far fewer likelihood evaluations', async () => {
    const previous = await trainer.fit(points.slice(0, -1), targets.slice(0, -1), createRandom(2));
    const cold = await trainer.fit(points, targets, createRandom(3));
    const warm = await trainer.fit(points, targets, createRandom(3), { warmStart: previous.warmStart() });
    expect(warm.fitEvaluations!).toBeLessThan(cold.fitEvaluations! / 3);
    expect(warm.logMarginalLikelihood!).toBeCloseTo(cold.logMarginalLikelihood!, 3);
    warm.hyperparameters.lengthscales.forEach((l, k) => expect(Math.abs(Math.log(l / cold.hyperparameters.lengthscales[k]))).toBeLessThan(0.05));
  });

  it('is a pure function of data, warm start and seed; the warm start survives JSON', async () => {
    const previous = await trainer.fit(points.slice(0, -1), targets.slice(0, -1), createRandom(2));
    const a = await trainer.fit(points, targets, createRandom(5), { warmStart: previous.warmStart() });
    const b = await trainer.fit(points, targets, createRandom(5), { warmStart: JSON.parse(JSON.stringify(previous.warmStart())) });
    expectIdentical(a, b);
  });

  it('ignores a warm start it cannot use, below the minimum size, or when switched off', async () => {
    const cold = await trainer.fit(points, targets, createRandom(6));
    const previous = await trainer.fit(points, targets, createRandom(7));
    const wrongSize = { ...previous.warmStart(), lengthscales: [1, 1] };
    for (const warmStart of [wrongSize, { kind: 'enn' }, 'nonsense', undefined]) {
      expectIdentical(cold, await trainer.fit(points, targets, createRandom(6), { warmStart }));
    }
    expectIdentical(cold, await createGpTrainer({ worker: false, warmStart: false }).fit(points, targets, createRandom(6), { warmStart: previous.warmStart() }));
    // Few points: a cold multi-start costs little and is less likely to stay in a poor optimum.
    const few = points.slice(0, WARM_START_MIN_POINTS - 1);
    const fewTargets = targets.slice(0, WARM_START_MIN_POINTS - 1);
    expectIdentical(await trainer.fit(few, fewTargets, createRandom(8)), await trainer.fit(few, fewTargets, createRandom(8), { warmStart: previous.warmStart() }));
  });
});

describe('fits on a worker thread', () => {
  it('give the model the main thread gives, bit for bit (exact, warm-started and sparse)', async () => {
    const { points, targets } = sample(90, 3, 11, smooth3);
    const onMain = await createGpTrainer({ worker: false }).fit(points, targets, createRandom(12));
    const onWorker = await createGpTrainer({ worker: true }).fit(points, targets, createRandom(12));
    expectIdentical(onMain, onWorker);

    const warmStart = onMain.warmStart();
    expectIdentical(
      await createGpTrainer({ worker: false }).fit(points, targets, createRandom(13), { warmStart }),
      await createGpTrainer({ worker: true }).fit(points, targets, createRandom(13), { warmStart }),
    );

    const sparseOptions = { maxExactPoints: 60, likelihoodPoints: 50, inducingPoints: 30 };
    const sparseMain = await createGpTrainer({ ...sparseOptions, worker: false }).fit(points, targets, createRandom(14));
    const sparseWorker = await createGpTrainer({ ...sparseOptions, worker: true }).fit(points, targets, createRandom(14));
    expect(sparseMain.sparse).toBeDefined();
    expectIdentical(sparseMain, sparseWorker);
  });

  it('keep the event loop turning while a large fit runs', async () => {
    const { points, targets } = sample(300, 7, 15, tiltedBump);
    let turns = 0;
    let spinning = true;
    const spin = () => {
      turns++;
      if (spinning) setImmediate(spin);
    };
    setImmediate(spin);
    const turnsAtStart = turns;
    const model = await createGpTrainer({ worker: true }).fit(points, targets, createRandom(16));
    spinning = false;
    // A fit on this thread would not let a single turn happen until it returned.
    expect(turns - turnsAtStart).toBeGreaterThan(3);
    expect(model.count).toBe(300);
  });

  it('report an error of the fit itself as the main thread would', async () => {
    const { points, targets } = sample(30, 2, 3, (x) => x[0]);
    const plan = planGpFit(points, targets, createRandom(1), createGpTrainer({ maxExactPoints: 20 }).options);
    const broken = { ...plan, inducingOrder: undefined };
    expect(() => runGpFit(broken)).toThrow(/needs an inducing order/);
    await expect(runGpFitOnWorker(broken)).rejects.toThrow(/^internal: a sparse GP fit needs an inducing order$/);
    // The pool keeps working afterwards.
    expect(JSON.stringify(await runGpFitOnWorker(plan))).toBe(JSON.stringify(runGpFit(plan)));
  });

  it('do not keep a process alive', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const fixture = fileURLToPath(new URL('./fixtures/gp-fit-in-child.ts', import.meta.url));
    const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const child = spawnSync(process.execPath, ['--import', tsxLoader, fixture], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(Object.keys(JSON.parse(child.stdout))).toEqual(['mean', 'std']);
  });
});

describe('hyperparameters on a subset', () => {
  it('a cold fit on many points screens its starts on a subset and still finds the full multi-start optimum here', () => {
    const { points, targets } = sample(SCREEN_POINTS + 72, 3, 21, smooth3);
    const plan = planGpFit(points, targets, createRandom(22), createGpTrainer().options);
    expect(plan.screenSubset).toHaveLength(SCREEN_POINTS);
    expect(plan.likelihoodSubset).toBeUndefined();
    const screened = runGpFit(plan);
    const full = runGpFit({ ...plan, screenSubset: undefined });
    expect(screened.logMarginalLikelihood).toBeCloseTo(full.logMarginalLikelihood, 2);
  });

  it('above likelihoodPoints the likelihood set is a nested random subset; the posterior stays exact up to maxExactPoints', async () => {
    const { points, targets } = sample(120, 3, 23, smooth3);
    const options = createGpTrainer({ likelihoodPoints: 80 }).options;
    const plan = planGpFit(points, targets, createRandom(24), options);
    expect(plan.likelihoodSubset).toHaveLength(80);
    expect(plan.screenSubset).toBeUndefined(); // 80 points are fewer than SCREEN_POINTS
    const model = await createGpTrainer({ likelihoodPoints: 80, worker: false }).fit(points, targets, createRandom(24));
    expect(model.sparse).toBeUndefined();
    expect(model.basisSize).toBe(120);
    // Still an exact posterior on all points: it interpolates every training point.
    const prediction = model.predict(points);
    points.forEach((_, i) => expect(Math.abs(prediction.mean[i] - targets[i])).toBeLessThan(1e-2));
  });
});

describe('sparse GP above maxExactPoints', () => {
  // 1500 points of a smooth 7-D function: the defaults give a sparse model.
  const { points, targets } = sample(1500, 7, 31, tiltedBump);
  const heldOut = sample(500, 7, 32, tiltedBump);
  let model: GaussianProcessSurrogate;

  it('predicts held-out points well, with stds that cover the errors', async () => {
    model = await createGpTrainer().fit(points, targets, createRandom(33));
    expect(model.sparse).toBeDefined();
    expect(model.basisSize).toBeLessThanOrEqual(256);
    const prediction = model.predict(heldOut.points);
    const mean = heldOut.targets.reduce((a, b) => a + b, 0) / heldOut.targets.length;
    let squaredError = 0;
    let total = 0;
    let within = 0;
    heldOut.targets.forEach((y, i) => {
      const error = prediction.mean[i] - y;
      squaredError += error * error;
      total += (y - mean) ** 2;
      if (Math.abs(error) <= 2 * prediction.std[i]) within++;
    });
    const rSquared = 1 - squaredError / total;
    expect(rSquared).toBeGreaterThan(0.97);
    expect(within / heldOut.targets.length).toBeGreaterThan(0.9);
    // Not covered by stds that are merely huge: the typical std is small next to the spread of the function.
    const sortedStd = Array.from(prediction.std).sort((a, b) => a - b);
    expect(sortedStd[sortedStd.length >> 1]).toBeLessThan(0.3 * Math.sqrt(total / heldOut.targets.length));
  });

  it('saves as version 2 and loads to the same model; its gradients are right', () => {
    const json = JSON.parse(JSON.stringify(model.toJSON()));
    expect(json.version).toBe(2);
    expect(json.sparse.inducing).toHaveLength(model.basisSize);
    const loaded = loadSurrogate(json) as GaussianProcessSurrogate;
    expectIdentical(model, loaded, heldOut.points.slice(0, 50));
    expectPredictionGradientsMatch(model, [0.3, 0.6, 0.5, 0.7, 0.2, 0.55, 0.4], 4);
    expect(() => loadSurrogate({ ...json, version: 1 })).toThrow(/needs version 2[\s\S]*sparse/);
    expect(() => loadSurrogate({ ...json, sparse: { ...json.sparse, inducing: [0, 0] } })).toThrow(/inducing/);
    expect(() => loadSurrogate({ ...json, sparse: { ...json.sparse, inducing: [1500] } })).toThrow(/inducing/);
  });

  it('Bayesian optimisation on it still improves', async () => {
    const space = { parameters: Array.from({ length: 7 }, (_, i) => ({ name: `x${i}`, lower: 0, upper: 1 })), constraints: [] };
    const prior = points.map((p, i) => ({ point: Object.fromEntries(p.map((v, k) => [`x${k}`, v])), value: targets[i] }));
    const planner = createPlanner({
      space, objective: { name: 'y', direction: 'maximize' }, policy: 'ei', surrogate: { kind: 'gp' },
      initialDesign: { sampler: 'lhs', count: 9 }, seed: 3, prior,
    });
    const priorBest = Math.max(...targets);
    for (let step = 0; step < 5; step++) {
      const [condition] = await planner.ask(1);
      planner.tell({ id: condition.id, point: condition.point, value: tiltedBump(condition.unit) });
    }
    expect((await planner.model() as GaussianProcessSurrogate).sparse).toBeDefined();
    expect(planner.best()!.value!).toBeGreaterThan(priorBest);
  });
});

describe('saved GPs', () => {
  it('version-1 JSON (before sparse models) still loads to the same exact model', async () => {
    const { points, targets } = sample(25, 3, 41, smooth3);
    const model = await createGpTrainer().fit(points, targets, createRandom(42));
    const json = JSON.parse(JSON.stringify(model.toJSON()));
    expect(json.version).toBe(2);
    expect(json.sparse).toBeUndefined();
    const loaded = loadSurrogate({ ...json, version: 1 }) as GaussianProcessSurrogate;
    const a = model.predict(probe);
    const b = loaded.predict(probe);
    expect(Array.from(b.mean)).toEqual(Array.from(a.mean));
    expect(Array.from(b.std)).toEqual(Array.from(a.std));
  });
});
