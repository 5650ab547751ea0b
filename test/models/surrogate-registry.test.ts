import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/domain/random.js';
import { createEnnTrainer, type EnnTrainer } from '../../src/models/ensemble.js';
import { createGpTrainer } from '../../src/models/gaussian-process.js';
import { loadSurrogate, surrogateTrainerFromSpec } from '../../src/models/surrogates/registry.js';
import type { Surrogate } from '../../src/models/surrogate.js';

const random = createRandom(1);
const points = Array.from({ length: 15 }, () => [random.uniform(), random.uniform()]);
const targets = points.map((x) => 20 + 5 * Math.sin(4 * x[0]) - 3 * x[1]);
const probe = Array.from({ length: 25 }, (_, i) => [(i % 5) / 4, Math.floor(i / 5) / 4]);

function expectSamePredictions(a: Surrogate, b: Surrogate): void {
  const pa = a.predict(probe);
  const pb = b.predict(probe);
  expect(Array.from(pb.mean)).toEqual(Array.from(pa.mean));
  expect(Array.from(pb.std)).toEqual(Array.from(pa.std));
  expect(pb.members?.map((m) => Array.from(m))).toEqual(pa.members?.map((m) => Array.from(m)));
}

describe('save and load', () => {
  it('an ENN survives a JSON round trip with identical predictions', async () => {
    const model = await createEnnTrainer({ members: 3, hiddenLayers: [6, 5], epochs: 50, widthJitter: 0.4, activation: 'tanh', parallel: false })
      .fit(points, targets, createRandom(2));
    const text = JSON.stringify(model.toJSON());
    const loaded = loadSurrogate(JSON.parse(text));
    expect(loaded.kind).toBe('enn');
    expect(loaded.inputDimension).toBe(2);
    expectSamePredictions(model, loaded);
    expect(JSON.stringify(loaded.toJSON())).toBe(text);
    // JSON text is accepted as well.
    expectSamePredictions(model, loadSurrogate(text));
  });

  it('a GP survives a JSON round trip with identical predictions', async () => {
    const model = await createGpTrainer({ includeNoiseInStd: true }).fit(points, targets, createRandom(3));
    const text = JSON.stringify(model.toJSON());
    const loaded = loadSurrogate(JSON.parse(text));
    expect(loaded.kind).toBe('gp');
    expectSamePredictions(model, loaded);
    expect(JSON.stringify(loaded.toJSON())).toBe(text);
  });

  it('rejects malformed model JSON with a clear message', async () => {
    const model = await createEnnTrainer({ members: 2, hiddenLayers: [3], epochs: 5, parallel: false }).fit(points, targets, createRandom(2));
    const good = model.toJSON() as { members: { parameters: number[] }[] };
    const truncated = { ...good, members: [{ ...good.members[0], parameters: good.members[0].parameters.slice(1) }] };
    expect(() => loadSurrogate(truncated)).toThrow(/invalid surrogate JSON[\s\S]*layer sizes need 13/);
    expect(() => loadSurrogate({ kind: 'forest' })).toThrow(/invalid surrogate JSON/);
    expect(() => loadSurrogate('{not json')).toThrow(/does not parse/);
    const gp = (await createGpTrainer().fit(points, targets, createRandom(3))).toJSON() as Record<string, unknown>;
    expect(() => loadSurrogate({ ...gp, targets: [1, 2] })).toThrow(/2 targets for 15 points/);
  });
});

describe('trainers from a JSON spec', () => {
  it('builds an ENN trainer with the given options and defaults for the rest', () => {
    const trainer = surrogateTrainerFromSpec({ kind: 'enn', members: 7, hiddenLayers: [8] });
    expect(trainer.kind).toBe('enn');
    expect((trainer as EnnTrainer).options).toMatchObject({ members: 7, hiddenLayers: [8], epochs: 400, bootstrap: false, distanceSpread: { scale: 0.3, length: 0.1 } });
  });

  it('a spec-built trainer fits the same model as one built in code', async () => {
    const fromSpec = await surrogateTrainerFromSpec({ kind: 'gp', restarts: 2 }).fit(points, targets, createRandom(4));
    const direct = await createGpTrainer({ restarts: 2 }).fit(points, targets, createRandom(4));
    expectSamePredictions(direct, fromSpec);
  });

  it('rejects unknown kinds and unknown or invalid options', () => {
    expect(() => surrogateTrainerFromSpec({ kind: 'svm' })).toThrow(/invalid surrogate spec/);
    expect(() => surrogateTrainerFromSpec({ kind: 'enn', layers: [8] })).toThrow(/invalid surrogate spec[\s\S]*layers/);
    expect(() => surrogateTrainerFromSpec({ kind: 'gp', restarts: 0 })).toThrow(/invalid surrogate spec/);
  });
});
