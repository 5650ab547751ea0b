// Fig. 7B in concentrations: the map between flows and droplet composition, and the response
// surface drawn over two composition axes with the others held at a feasible point.
import { describe, expect, it } from 'vitest';
import { AXIS_OF_INPUT, COMPOSITION_AXES, compositionOf, conditionOfComposition } from '../../src/chemistry/composition.js';
import { makeRecipe } from '../../src/chemistry/recipe.js';
import { compositionSurface } from '../../src/campaigns/composition-surface.js';
import { createRandom } from '../../src/domain/random.js';
import { conditionFromArray, conditionToArray, RIG_INPUT_NAMES, rigParameterSpace } from '../../src/domain/rig-space.js';
import { toPhysical, violations } from '../../src/domain/space.js';
import { unitRegion } from '../../src/planning/region.js';
import { uniformRandom } from '../../src/planning/samplers/uniform.js';
import { surfaceAxisTrend } from '../../src/reports/surface-trend.js';
import { functionSurrogate } from '../insights/closed-form.js';

const space = rigParameterSpace();
const feasible = uniformRandom(unitRegion(space), 40, createRandom(4)).map((u) => conditionFromArray(toPhysical(space, u)));

describe('droplet composition', () => {
  it('is the recipe\'s, and gives back the flows it came from', () => {
    for (const condition of feasible) {
      const composition = compositionOf(condition);
      const recipe = makeRecipe(condition);
      expect(composition.reactionTimeS).toBeCloseTo(recipe.reactionTimeS, 9);
      expect(composition.cuMillimolar).toBeCloseTo(recipe.droplet.cuMillimolar, 9);
      expect(composition.oamPercent).toBeCloseTo(recipe.droplet.oamPercent, 9);
      const back = conditionOfComposition(composition);
      for (const name of RIG_INPUT_NAMES) expect(back[name]).toBeCloseTo(condition[name], 6);
    }
  });

  it('has one axis per input', () => {
    expect(new Set(Object.values(AXIS_OF_INPUT))).toEqual(new Set(COMPOSITION_AXES));
  });
});

describe('response surface in concentrations', () => {
  // A twin that rises with the CuI flow and with temperature (unit coordinates 1 and 0).
  const twin = functionSurrogate((u) => 1000 * u[1] + 500 * u[0], 7, () => 10);
  const anchor = feasible[0];

  it('spans the feasible part of the slice through a feasible point, holding every other concentration and the reaction time', () => {
    const surface = compositionSurface(twin, { inputs: ['cuiFlowUlPerMin', 'temperatureC'], anchors: [anchor], gridSize: 9 });
    expect([surface.xAxis, surface.yAxis]).toEqual(['cuMillimolar', 'temperatureC']);
    expect(surface.rows).toHaveLength(81);
    const held = compositionOf(anchor);
    const inside = surface.rows.filter((r) => r.feasible);
    // Most of the grid is runnable: it is laid over the feasible part only.
    expect(inside.length).toBeGreaterThan(40);
    for (const row of surface.rows) {
      const composition = compositionOf(row.condition);
      expect(composition.cuMillimolar).toBeCloseTo(row.x, 9);
      expect(composition.temperatureC).toBeCloseTo(row.y, 9);
      for (const axis of COMPOSITION_AXES.filter((a) => a !== 'cuMillimolar' && a !== 'temperatureC')) expect(composition[axis]).toBeCloseTo(held[axis], 9);
      expect(row.feasible).toBe(violations(space, conditionToArray(row.condition)).length === 0);
      // Predictions only where the rig can run.
      expect(Number.isFinite(row.mean)).toBe(row.feasible);
    }
    // The temperature axis is the planner's range; the CuI axis reaches beyond the anchor on both sides.
    expect(Math.min(...surface.rows.map((r) => r.y))).toBeCloseTo(120, 6);
    expect(Math.max(...surface.rows.map((r) => r.y))).toBeCloseTo(150, 6);
    const xs = inside.map((r) => r.x);
    expect(Math.min(...xs)).toBeLessThan(held.cuMillimolar);
    expect(Math.max(...xs)).toBeGreaterThan(held.cuMillimolar);
    // More CuI at fixed total flow means more CuI flow: the twin's rise shows along x, and along temperature.
    expect(surfaceAxisTrend(surface, 'x').risingShare).toBe(1);
    expect(surfaceAxisTrend(surface, 'y').risingShare).toBe(1);
  });

  it('holds the others at the best candidate whose slice the rig can run, not at a corner where it is a sliver', () => {
    // The best experiment of the default pipeline: CuI and the CuI-stream OA at their maxima, no OAm, no ODE.
    const corner = { temperatureC: 150, cuiFlowUlPerMin: 250, csOleateFlowUlPerMin: 250, oaOdeCsFlowUlPerMin: 0, oaOdeCuiFlowUlPerMin: 100, oamOdeFlowUlPerMin: 0, odeCuiFlowUlPerMin: 0 };
    expect(violations(space, conditionToArray(corner))).toEqual([]);
    const surface = compositionSurface(twin, { inputs: ['cuiFlowUlPerMin', 'temperatureC'], anchors: [corner, anchor], gridSize: 9 });
    // Through the corner no other CuI concentration keeps the OA and OAm concentrations: a line, not an area.
    expect(surface.firstFeasibleShare).toBeLessThan(0.1);
    expect(surface.anchorIndex).toBe(1);
    expect(surface.anchorFeasibleShare).toBeGreaterThan(surface.firstFeasibleShare);
    expect(surface.anchorCondition).toEqual(anchor);
    // Alone, the corner still gives a surface: the whole window, nearly all of it grey.
    const alone = compositionSurface(twin, { inputs: ['cuiFlowUlPerMin', 'temperatureC'], anchors: [corner], gridSize: 9 });
    expect(alone.anchorIndex).toBe(0);
    expect(Math.max(...alone.rows.map((r) => r.y)) - Math.min(...alone.rows.map((r) => r.y))).toBeCloseTo(30, 6);
  });

  it('draws the CuI-stream ODE as the reaction time it sets at fixed concentrations', () => {
    const surface = compositionSurface(twin, { inputs: ['odeCuiFlowUlPerMin', 'oamOdeFlowUlPerMin'], anchors: [anchor], gridSize: 6 });
    expect([surface.xAxis, surface.yAxis]).toEqual(['reactionTimeS', 'oamPercent']);
    const times = surface.rows.filter((r) => r.feasible).map((r) => r.x);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(25 - 1e-6);
    expect(Math.max(...times)).toBeLessThanOrEqual(42 + 1e-6);
  });
});
