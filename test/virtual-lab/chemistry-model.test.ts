import { describe, expect, it } from 'vitest';
import { makeRecipe } from '../../src/chemistry/recipe.js';
import { withInputAtConstantReactionTime } from '../../src/chemistry/condition-variants.js';
import { createRandom } from '../../src/domain/random.js';
import { conditionFromArray, rigParameterSpace, RIG_INPUT_NAMES, type RigCondition } from '../../src/domain/rig-space.js';
import { isFeasibleUnit, toPhysical, unitConstraints } from '../../src/domain/space.js';
import { mixingEfficiency, opticalResponse } from '../../src/virtual-lab/chemistry-model.js';
import { dropletFromFlows } from '../../src/virtual-lab/droplet.js';
import { expectedFeatures, expectedPlIntensity, steadyStateResponse } from '../../src/virtual-lab/expected-features.js';
import { randomFeasibleUnitPoint } from '../../src/virtual-lab/feasible-sampling.js';
import { findTrueOptimum } from '../../src/virtual-lab/true-optimum.js';
import { BASELINE } from './helpers.js';

const space = rigParameterSpace();
const constraints = unitConstraints(space);
const physical = (unit: number[]) => conditionFromArray(toPhysical(space, unit));

function argmaxOver(values: number[], objective: (x: number) => number): number {
  let best = values[0];
  for (const x of values) if (objective(x) > objective(best)) best = x;
  return best;
}

describe('droplet composition', () => {
  it('matches the recipe for the programmed flows', () => {
    const recipe = makeRecipe(BASELINE);
    const { pfo: _pfo, ...precursors } = recipe.flowsUlPerMin;
    const droplet = dropletFromFlows(precursors);
    for (const key of Object.keys(recipe.droplet) as (keyof typeof droplet)[]) {
      expect(droplet[key]).toBeCloseTo(recipe.droplet[key], 10);
    }
  });

  it('holds nothing when no precursor flows', () => {
    const empty = dropletFromFlows({ cui: 0, csOleate: 0, oaOdeCs: 0, oaOdeCui: 0, oamOde: 0, odeCui: 0, odeCs: 0 });
    expect(empty.cuMillimolar).toBe(0);
    const response = opticalResponse({ droplet: empty, temperatureC: 140, reactionTimeS: 30, totalPrecursorFlowUlPerMin: 700 });
    expect(response.abs300).toBe(0);
    expect(response.plqy).toBe(0);
  });
});

describe('chemistry model', () => {
  it('mixing plateaus above 600 uL/min and falls below it', () => {
    expect(mixingEfficiency(600)).toBeGreaterThan(0.99);
    expect(mixingEfficiency(1000)).toBeGreaterThan(0.999);
    expect(mixingEfficiency(400)).toBeLessThan(0.85);
    expect(mixingEfficiency(200)).toBeLessThan(0.25);
  });

  it('ranks CuI first and temperature second for PL (elementary effects over random feasible bases)', () => {
    const random = createRandom(11);
    const effects = RIG_INPUT_NAMES.map(() => 0);
    let bases = 0;
    while (bases < 30) {
      const base = randomFeasibleUnitPoint(random, 7, constraints);
      const pairs = RIG_INPUT_NAMES.map((_, i) => {
        const low = base.slice();
        const high = base.slice();
        low[i] = 0.2;
        high[i] = 0.8;
        return [low, high];
      });
      if (!pairs.every(([low, high]) => isFeasibleUnit(constraints, low) && isFeasibleUnit(constraints, high))) continue;
      pairs.forEach(([low, high], i) => {
        effects[i] += Math.abs(Math.log(expectedPlIntensity(physical(high)) / expectedPlIntensity(physical(low))));
      });
      bases++;
    }
    const order = RIG_INPUT_NAMES.map((name, i) => ({ name, effect: effects[i] })).sort((a, b) => b.effect - a.effect);
    expect(order[0].name).toBe('cuiFlowUlPerMin');
    expect(order[1].name).toBe('temperatureC');
    expect(order[1].effect).toBeGreaterThan(1.2 * order[2].effect);
  });

  it('puts the best OA of the CuI stream higher when there is more CuI', () => {
    const base: RigCondition = { ...BASELINE, oamOdeFlowUlPerMin: 0, odeCuiFlowUlPerMin: 350 - 150 - 50 };
    const oaGrid = Array.from({ length: 41 }, (_, i) => 2.5 * i);
    const bestOaAt = (cui: number) => argmaxOver(oaGrid, (oa) => {
      const condition = withInputAtConstantReactionTime(withInputAtConstantReactionTime(base, 'cuiFlowUlPerMin', cui), 'oaOdeCuiFlowUlPerMin', oa);
      return expectedPlIntensity(condition, { allowOutsidePlannerBounds: true });
    });
    expect(bestOaAt(100)).toBeGreaterThan(10);
    expect(bestOaAt(230)).toBeGreaterThan(bestOaAt(100) + 15);
  });

  it('puts the best OA of the Cs stream lower at higher temperature', () => {
    const oaGrid = Array.from({ length: 31 }, (_, i) => 5 * i);
    const bestOaAt = (temperatureC: number) => argmaxOver(oaGrid, (oa) => expectedPlIntensity({ ...BASELINE, temperatureC, oaOdeCsFlowUlPerMin: oa }));
    expect(bestOaAt(150)).toBeGreaterThan(0);
    expect(bestOaAt(120)).toBeGreaterThan(bestOaAt(150) + 30);
    expect(bestOaAt(120)).toBeLessThan(150);
  });

  it('keeps the steady-state features physical over the feasible space', () => {
    const random = createRandom(3);
    for (let i = 0; i < 200; i++) {
      const f = expectedFeatures(physical(randomFeasibleUnitPoint(random, 7, constraints)));
      expect(f.abs300).toBeGreaterThan(0.05);
      expect(f.abs300).toBeLessThan(1.5);
      expect(f.plqy).toBeGreaterThan(0);
      expect(f.plqy).toBeLessThan(0.2);
      expect(Math.abs(f.plPeakNm - 450)).toBeLessThan(1);
      expect(f.plFwhmNm).toBeGreaterThan(80);
      expect(f.plFwhmNm).toBeLessThan(105);
    }
  });

  it('gives PL linear in PLQY (times the absorbed fraction)', () => {
    const random = createRandom(4);
    const ratios: number[] = [];
    for (let i = 0; i < 50; i++) {
      const condition = physical(randomFeasibleUnitPoint(random, 7, constraints));
      const response = steadyStateResponse(makeRecipe(condition));
      ratios.push(expectedPlIntensity(condition) / (response.plqy * response.absorbedFraction / response.plFwhmNm));
    }
    const mean = ratios.reduce((a, b) => a + b) / ratios.length;
    for (const r of ratios) expect(Math.abs(r / mean - 1)).toBeLessThan(0.01);
  });
});

describe('true optimum', () => {
  const optimum = findTrueOptimum(createRandom(1));

  it('beats 10 000 random feasible points', () => {
    const random = createRandom(2);
    let bestRandom = 0;
    for (let i = 0; i < 10_000; i++) bestRandom = Math.max(bestRandom, expectedPlIntensity(physical(randomFeasibleUnitPoint(random, 7, constraints))));
    expect(optimum.value).toBeGreaterThanOrEqual(bestRandom);
    expect(isFeasibleUnit(constraints, optimum.unitPoint)).toBe(true);
  });

  it('has a best PLQY of about 17 %', () => {
    expect(expectedFeatures(optimum.condition).plqy).toBeGreaterThan(0.16);
    expect(expectedFeatures(optimum.condition).plqy).toBeLessThan(0.18);
  });

  it('sits inside the box in the OA inputs, not at a corner in every input', () => {
    const interior = optimum.unitPoint.filter((u) => u > 0.02 && u < 0.98);
    expect(interior.length).toBeGreaterThanOrEqual(2);
    const index = (name: string) => RIG_INPUT_NAMES.indexOf(name as (typeof RIG_INPUT_NAMES)[number]);
    expect(optimum.unitPoint[index('oaOdeCuiFlowUlPerMin')]).toBeGreaterThan(0.05);
    expect(optimum.unitPoint[index('oaOdeCuiFlowUlPerMin')]).toBeLessThan(0.95);
    expect(optimum.unitPoint[index('cuiFlowUlPerMin')]).toBeGreaterThan(0.9);
  });

  it('is found again from another seed', () => {
    const again = findTrueOptimum(createRandom(7), { candidates: 1000 });
    expect(again.value).toBeGreaterThan(0.999 * optimum.value);
  });
});
