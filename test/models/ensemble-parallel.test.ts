import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../src/domain/random.js';
import { createEnnTrainer, planMembers, resolveEnnOptions } from '../../src/models/ensemble.js';
import type { MemberTrainingJob } from '../../src/models/ensemble-members.js';
import { closeEnsembleWorkers, estimatedMultiplyAdds, PARALLEL_MIN_MULTIPLY_ADDS, trainMembers, trainMembersSerial } from '../../src/models/ensemble-pool.js';

afterAll(async () => {
  await closeEnsembleWorkers();
});

function trainingSet(count: number, seed: number) {
  const random = createRandom(seed);
  const points = Array.from({ length: count }, () => [random.uniform(), random.uniform(), random.uniform()]);
  return { points, targets: points.map((x) => x[0] + Math.sin(3 * x[1]) - x[2] * x[2]) };
}

function job(members: number, epochs: number, seed: number): MemberTrainingJob {
  const { points, targets } = trainingSet(30, seed);
  const options = resolveEnnOptions({ members, hiddenLayers: [8, 8], epochs, widthJitter: 0.3 });
  return {
    inputs: Float64Array.from(points.flat()),
    targets: Float64Array.from(targets),
    count: points.length,
    activation: 'tanh',
    epochs,
    learningRate: 0.01,
    weightDecay: 1e-3,
    bootstrap: true,
    members: planMembers(3, options, createRandom(seed + 1)),
  };
}

describe('parallel ensemble training', () => {
  it('worker threads produce bit-identical members to the main thread', async () => {
    const work = job(6, 80, 1);
    const serial = trainMembersSerial(work);
    // Workers only, so every member really comes from a worker thread.
    const onWorkers = await trainMembers(work, { parallel: true, useMainThread: false });
    expect(onWorkers.trainedOnWorker.every(Boolean)).toBe(true);
    expect(onWorkers.parameters.map((p) => Array.from(p))).toEqual(serial.parameters.map((p) => Array.from(p)));
    // Mixed: main thread and workers share the members.
    const mixed = await trainMembers(work, { parallel: true });
    expect(mixed.parameters.map((p) => Array.from(p))).toEqual(serial.parameters.map((p) => Array.from(p)));
  });

  it('a parallel ENN fit equals the serial fit for the same seed', async () => {
    const { points, targets } = trainingSet(40, 3);
    const options = { members: 6, hiddenLayers: [8, 8], epochs: 100 };
    const serial = await createEnnTrainer({ ...options, parallel: false }).fit(points, targets, createRandom(4));
    const parallel = await createEnnTrainer({ ...options, parallel: true }).fit(points, targets, createRandom(4));
    expect(JSON.stringify(parallel.toJSON())).toBe(JSON.stringify(serial.toJSON()));
  });

  it('mainThread: false trains every member on workers and gives the same model', async () => {
    const { points, targets } = trainingSet(30, 8);
    const options = { members: 4, hiddenLayers: [6], epochs: 60 };
    const serial = await createEnnTrainer({ ...options, parallel: false }).fit(points, targets, createRandom(9));
    const offMain = await createEnnTrainer({ ...options, mainThread: false }).fit(points, targets, createRandom(9));
    expect(JSON.stringify(offMain.toJSON())).toBe(JSON.stringify(serial.toJSON()));
    expect(() => createEnnTrainer({ mainThread: false, parallel: false })).toThrow(/mainThread: false needs worker threads/);
  });

  it('runs concurrent fits through the same pool without mixing them up', async () => {
    const jobs = [job(4, 60, 10), job(5, 60, 20), job(3, 60, 30)];
    const results = await Promise.all(jobs.map((j) => trainMembers(j, { parallel: true, useMainThread: false })));
    results.forEach((result, k) => {
      expect(result.parameters.map((p) => Array.from(p))).toEqual(trainMembersSerial(jobs[k]).parameters.map((p) => Array.from(p)));
    });
  });

  it('auto mode trains tiny jobs on the main thread only', async () => {
    const tiny = job(3, 5, 2);
    expect(estimatedMultiplyAdds(tiny)).toBeLessThan(PARALLEL_MIN_MULTIPLY_ADDS);
    const result = await trainMembers(tiny, { parallel: 'auto' });
    expect(result.trainedOnWorker.some(Boolean)).toBe(false);
  });

  it('reports a member that fails in a worker as an error', async () => {
    const broken = { ...job(2, 10, 5), learningRate: -1 };
    await expect(trainMembers(broken, { parallel: true, useMainThread: false })).rejects.toThrow(/learningRate must be positive/);
    // The pool survives and keeps working.
    const work = job(2, 10, 6);
    const again = await trainMembers(work, { parallel: true, useMainThread: false });
    expect(again.parameters.map((p) => Array.from(p))).toEqual(trainMembersSerial(work).parameters.map((p) => Array.from(p)));
  });
});

describe('worker threads and process exit', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const fixture = fileURLToPath(new URL('./fixtures/fit-in-child.ts', import.meta.url));
  const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const run = (args: string[]) => spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', timeout: 30_000 });

  it('a process started like `npx tsx script.ts` exits on its own after a parallel fit', async () => {
    const child = run(['--import', tsxLoader, fixture]);
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    const { points, targets } = trainingSet(40, 11);
    const serial = await createEnnTrainer({ members: 6, hiddenLayers: [8, 8], epochs: 150, parallel: false }).fit(
      // The fixture draws the same points from seed 11 in the same order.
      points, targets, createRandom(12),
    );
    const expected = serial.predict([[0.2, 0.5, 0.8]]);
    expect(JSON.parse(child.stdout)).toEqual({ mean: expected.mean[0], std: expected.std[0] });
  });

  it('a process using the tsx register API (as bin/sdfl.js does) exits on its own too', () => {
    const child = run([fileURLToPath(new URL('./fixtures/register-and-fit.mjs', import.meta.url))]);
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(Object.keys(JSON.parse(child.stdout))).toEqual(['mean', 'std']);
  });
});
