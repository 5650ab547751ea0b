import { describe, expect, it } from 'vitest';
import { rigParameterSpace } from '../../src/domain/rig-space.js';
import { createPlanner, restorePlanner, type Planner, type NumericPlannerOptionsInput } from '../../src/planning/index.js';
import { toyGpTrainer } from './toy-surrogates.js';

const space = rigParameterSpace();
const centre = Object.fromEntries(space.parameters.map((p) => [p.name, p.lower + 0.6 * (p.upper - p.lower)]));
const objective = (point: Record<string, number>) =>
  -space.parameters.reduce((s, p) => s + ((point[p.name] - centre[p.name]) / (p.upper - p.lower)) ** 2, 0);
const environment = { trainerFactory: () => toyGpTrainer(0.4) };
const options: NumericPlannerOptionsInput = {
  space,
  objective: { name: 'plIntensity', direction: 'maximize' },
  policy: 'ei',
  policyOptions: { xi: 0.01 },
  surrogate: { kind: 'toy-gp' },
  initialDesign: { sampler: 'lhs', count: 6 },
  seed: 42,
  optimizer: { poolSize: 512, refineRounds: 6 },
};

/** Asks in batches, tells all but the last batch (left pending), one run failed. */
async function advance(planner: Planner<Record<string, number>>): Promise<void> {
  for (let round = 0; round < 3; round++) {
    const asked = await planner.ask(3);
    if (round === 2) break;
    planner.tell(asked.map((c, i) => ({ id: c.id, point: c.point, value: round === 1 && i === 0 ? null : objective(c.point) })));
  }
}

describe('planner state as JSON', () => {
  it('a restored planner asks exactly what the original asks next', async () => {
    const original = createPlanner(options, environment);
    await advance(original);
    const json = JSON.parse(JSON.stringify(original.toJSON()));
    const restored = restorePlanner<Record<string, number>>(json, environment);
    expect(restored.observations()).toEqual(original.observations());
    expect(restored.pending()).toEqual(original.pending());
    expect(restored.best()).toEqual(original.best());
    const fromOriginal = await original.ask(2);
    const fromRestored = await restored.ask(2);
    expect(fromRestored).toEqual(fromOriginal);
    expect(fromOriginal.every((c) => c.reason === 'policy')).toBe(true);
  });

  it('round-trips mid-design too, and serialising does not change what comes next', async () => {
    const plain = createPlanner(options, environment);
    const serialised = createPlanner(options, environment);
    await plain.ask(2);
    await serialised.ask(2);
    const restored = restorePlanner<Record<string, number>>(JSON.parse(JSON.stringify(serialised.toJSON())), environment);
    const expected = await plain.ask(6);
    expect(await serialised.ask(6)).toEqual(expected);
    expect(await restored.ask(6)).toEqual(expected);
    // 4 design points left, then 2 space-filling ones because nothing has been told yet.
    expect(expected.map((c) => c.reason)).toEqual(new Array(6).fill('initial-design'));
  });

  it('keeps the options, including the space and policy settings', () => {
    const state = createPlanner(options, environment).toJSON();
    const restored = restorePlanner<Record<string, number>>(JSON.parse(JSON.stringify(state)), environment);
    expect(restored.options.policyOptions).toEqual({ xi: 0.01 });
    expect(restored.options.space.constraints).toHaveLength(space.constraints.length);
    expect(restored.toJSON()).toEqual(state);
  });

  it('refuses malformed state with a message naming the field', () => {
    const state = JSON.parse(JSON.stringify(createPlanner(options, environment).toJSON()));
    expect(() => restorePlanner<Record<string, number>>({ ...state, format: 'something-else' }, environment)).toThrow(/invalid planner state[\s\S]*format/);
    expect(() => restorePlanner<Record<string, number>>({ ...state, randomState: 'abc' }, environment)).toThrow(/randomState/);
    const badObservation = { ...state, observations: [{ id: 'x', point: {}, unit: [0.5], value: 'high', failed: false }] };
    expect(() => restorePlanner<Record<string, number>>(badObservation, environment)).toThrow(/observations/);
    const wrongDimension = { ...state, design: [[0.5, 0.5]] };
    expect(() => restorePlanner<Record<string, number>>(wrongDimension, environment)).toThrow(/2 coordinates, the space has 7/);
  });
});
