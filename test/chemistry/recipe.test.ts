import { describe, expect, it } from 'vitest';
import { InfeasibleConditionError, makeRecipe } from '../../src/chemistry/recipe.js';
import { reagentShortfalls, reagentUseUl } from '../../src/chemistry/reagents.js';
import { atReactionTime, withInputAtConstantReactionTime } from '../../src/chemistry/condition-variants.js';
import { CS_OLEATE_STOCK, CUI_STOCK } from '../../src/chemistry/stocks.js';
import { DEFAULT_RIG_GEOMETRY, PUMP_IDS } from '../../src/chemistry/rig-geometry.js';
import { conditionFromArray, rigParameterSpace, type RigCondition } from '../../src/domain/rig-space.js';
import { toPhysical } from '../../src/domain/space.js';

const centre: RigCondition = conditionFromArray(toPhysical(rigParameterSpace(), [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]));

describe('stocks', () => {
  it('follow the paper\'s section 2.3 recipes', () => {
    expect(CS_OLEATE_STOCK.csMolar * 1000).toBeCloseTo(30.2, 1);
    expect(CUI_STOCK.cuMolar * 1000).toBeCloseTo(7.5, 6);
  });
});

describe('recipe', () => {
  const recipe = makeRecipe(centre);

  it('injects the two streams 1:1 by deriving the Cs-stream ODE', () => {
    const f = recipe.flowsUlPerMin;
    const cuiStream = f.cui + f.oaOdeCui + f.oamOde + f.odeCui;
    const csStream = f.csOleate + f.oaOdeCs + f.odeCs;
    expect(csStream).toBeCloseTo(cuiStream, 9);
    expect(f.odeCs).toBeCloseTo(cuiStream - centre.csOleateFlowUlPerMin - centre.oaOdeCsFlowUlPerMin, 9);
  });

  it('runs the PFO carrier at the total precursor flow', () => {
    expect(recipe.flowsUlPerMin.pfo).toBeCloseTo(recipe.totalPrecursorFlowUlPerMin, 9);
    const precursor = PUMP_IDS.filter((id) => id !== 'pfo').reduce((sum, id) => sum + recipe.flowsUlPerMin[id], 0);
    expect(precursor).toBeCloseTo(recipe.totalPrecursorFlowUlPerMin, 9);
  });

  it('computes reaction, residence and equilibration times from the geometry', () => {
    const g = DEFAULT_RIG_GEOMETRY;
    expect(recipe.reactionTimeS).toBeCloseTo((60 * g.reactorVolumeUl) / (2 * recipe.totalPrecursorFlowUlPerMin), 9);
    expect(recipe.residenceTimeS).toBeGreaterThan(recipe.reactionTimeS);
    expect(recipe.equilibrationTimeS).toBeCloseTo(1.2 * recipe.residenceTimeS, 9);
    expect(recipe.reactionTimeS).toBeGreaterThanOrEqual(25);
    expect(recipe.reactionTimeS).toBeLessThanOrEqual(42);
  });

  it('dilutes the stocks into the droplet by flow share', () => {
    expect(recipe.droplet.cuMillimolar).toBeCloseTo(7.5 * centre.cuiFlowUlPerMin / recipe.totalPrecursorFlowUlPerMin, 9);
    const moreCui = makeRecipe(withInputAtConstantReactionTime(centre, 'cuiFlowUlPerMin', centre.cuiFlowUlPerMin + 50));
    expect(moreCui.droplet.cuMillimolar).toBeGreaterThan(recipe.droplet.cuMillimolar);
    expect(moreCui.reactionTimeS).toBeCloseTo(recipe.reactionTimeS, 9);
  });

  it('refuses a negative derived ODE flow, naming the constraint and the excess', () => {
    const tooMuchCs = { ...centre, csOleateFlowUlPerMin: 250, oaOdeCsFlowUlPerMin: 150, oaOdeCuiFlowUlPerMin: 0 };
    const error = (() => { try { makeRecipe(tooMuchCs); } catch (e) { return e; } })();
    expect(error).toBeInstanceOf(InfeasibleConditionError);
    const stream = tooMuchCs.cuiFlowUlPerMin + tooMuchCs.oamOdeFlowUlPerMin + tooMuchCs.odeCuiFlowUlPerMin;
    expect((error as Error).message).toContain(`derived Cs-stream ODE flow ${stream - 400} uL/min is below 0 uL/min (by ${400 - stream} uL/min)`);
  });

  it('refuses reaction times outside 25-42 s and flows outside the window, saying by how much in seconds and uL/min', () => {
    expect(() => makeRecipe(atReactionTime(centre, 50))).toThrow(/reaction time 50 s is above 42 s \(by 8 s\)/);
    expect(() => makeRecipe(atReactionTime(centre, 43.4))).toThrow(/reaction time 43\.4 s is above 42 s \(by 1\.4 s\)/);
    expect(() => makeRecipe(atReactionTime(centre, 20))).toThrow(/reaction time 20 s is below 25 s \(by 5 s\)/);
    expect(() => makeRecipe({ ...centre, temperatureC: 170 })).toThrow(/temperatureC 170 C is above 150 C \(by 20 C\)/);
    // Total precursor flow 580 uL/min: the CuI stream carries 290 uL/min.
    const slow = { ...centre, cuiFlowUlPerMin: 150, oaOdeCuiFlowUlPerMin: 40, oamOdeFlowUlPerMin: 50, odeCuiFlowUlPerMin: 50, csOleateFlowUlPerMin: 100, oaOdeCsFlowUlPerMin: 50 };
    expect(() => makeRecipe(slow)).toThrow(/total precursor flow 580 uL\/min is below 600 uL\/min \(by 20 uL\/min\)/);
  });

  it('lets studies leave the planner bounds but never pump backwards', () => {
    expect(makeRecipe({ ...centre, temperatureC: 170 }, { allowOutsidePlannerBounds: true }).temperatureC).toBe(170);
    expect(() => makeRecipe({ ...centre, oamOdeFlowUlPerMin: -5 }, { allowOutsidePlannerBounds: true })).toThrow(/oamOdeFlowUlPerMin -5 uL\/min is below 0 uL\/min \(by 5 uL\/min\)/);
    expect(() => makeRecipe({ ...centre, csOleateFlowUlPerMin: 400 }, { allowOutsidePlannerBounds: true })).toThrow(/derived Cs-stream ODE/);
  });

  it('refuses a non-finite input', () => {
    expect(() => makeRecipe({ ...centre, cuiFlowUlPerMin: Number.NaN })).toThrow(InfeasibleConditionError);
  });
});

describe('reagent budget', () => {
  const recipe = makeRecipe(centre);

  it('uses flow times duration from every syringe', () => {
    const use = reagentUseUl(recipe, 90);
    expect(use.cui).toBeCloseTo(centre.cuiFlowUlPerMin * 1.5, 9);
    expect(use.pfo).toBeCloseTo(recipe.totalPrecursorFlowUlPerMin * 1.5, 9);
  });

  it('names each syringe that cannot finish the run', () => {
    const levels = Object.fromEntries(PUMP_IDS.map((id) => [id, 50_000])) as Record<(typeof PUMP_IDS)[number], number>;
    expect(reagentShortfalls(levels, recipe, 100)).toEqual([]);
    levels.cui = 10;
    const shortfalls = reagentShortfalls(levels, recipe, 100);
    expect(shortfalls.map((s) => s.pump)).toEqual(['cui']);
    expect(shortfalls[0].neededUl).toBeCloseTo((centre.cuiFlowUlPerMin * 100) / 60, 9);
  });
});
