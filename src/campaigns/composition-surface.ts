// Paper Fig. 7B in the chemist's terms: the twin's prediction over the two most important
// inputs, drawn as droplet concentrations (mM, % v/v) or temperature and reaction time, with
// every other concentration, the temperature and the reaction time held at a measured
// experiment (a feasible point, so the slice passes through it). Good experiments often sit on
// the bounds, where a slice through them is a sliver (the best one may have the CuI flow at its
// maximum and the OA flow at its maximum, so no other CuI concentration can keep the OA
// concentration); the surface is held at the best experiment whose slice the rig can run over
// at least half the area of the widest one. The flows of each grid point follow from the
// composition (src/chemistry/composition.ts); the grid spans the part of the slice the rig can
// run, and points that break a bound or constraint are flagged, not predicted.
import { AXIS_OF_INPUT, compositionOf, conditionOfComposition, COMPOSITION_AXES, type Composition, type CompositionAxis } from '../chemistry/composition.js';
import { DEFAULT_RIG_GEOMETRY, type RigGeometry } from '../chemistry/rig-geometry.js';
import { conditionFromArray, conditionToArray, RIG_INPUT_NAMES, rigParameterSpace, type RigCondition, type RigInputName } from '../domain/rig-space.js';
import { toUnit, violations, type NumericSpace } from '../domain/space.js';
import type { Surrogate } from '../models/surrogate.js';

export interface CompositionSurfaceRow {
  /** Values on the two axes, in the axes' units. */
  x: number;
  y: number;
  /** NaN where the point is infeasible (the twin is not asked outside the rig's space). */
  mean: number;
  std: number;
  feasible: boolean;
  violated: string[];
  condition: RigCondition;
}

export interface CompositionSurface {
  /** The planner inputs the axes stand for (the top two of the ranking). */
  xInput: RigInputName;
  yInput: RigInputName;
  xAxis: CompositionAxis;
  yAxis: CompositionAxis;
  /** Where everything else is held (the anchor's composition, its x and y included). */
  anchor: Composition;
  anchorCondition: RigCondition;
  /** Which of the candidates it is (0: the first, i.e. the best experiment). */
  anchorIndex: number;
  /** Share of the box window where the slice is feasible, through the anchor and through the first candidate. */
  anchorFeasibleShare: number;
  firstFeasibleShare: number;
  xLevels: number;
  yLevels: number;
  /** x varying fastest: row j * xLevels + i is (x_i, y_j). */
  rows: CompositionSurfaceRow[];
}

export interface CompositionSurfaceOptions {
  /** The two inputs, most important first. */
  inputs: readonly [RigInputName, RigInputName];
  /** Feasible conditions to hold the others at, in order of preference (measured experiments, best first). */
  anchors: readonly RigCondition[];
  gridSize?: number;
  space?: NumericSpace;
  geometry?: RigGeometry;
}

/** Steps per axis of the scan that finds the feasible part of the slice. */
const SCAN_STEPS = 80;
/** Steps per axis of the coarser scan that compares the candidate anchors. */
const CHOICE_STEPS = 20;
/** The anchor's slice must be feasible over at least this share of the widest candidate's. */
const MIN_SHARE_OF_WIDEST = 0.5;

export function compositionSurface(twin: Surrogate, options: CompositionSurfaceOptions): CompositionSurface {
  const space = options.space ?? rigParameterSpace();
  const geometry = options.geometry ?? DEFAULT_RIG_GEOMETRY;
  const [xInput, yInput] = options.inputs;
  const xAxis = AXIS_OF_INPUT[xInput];
  const yAxis = AXIS_OF_INPUT[yInput];
  if (xAxis === yAxis) throw new Error(`the two inputs of a composition surface must differ (both are '${xInput}')`);
  if (options.anchors.length === 0) throw new Error('a composition surface needs a condition to hold the other inputs at');
  const feasible = (condition: RigCondition) => violations(space, conditionToArray(condition));
  // The axes' ranges over the planner's box (a concentration is a ratio of flows, extreme at a corner).
  const wide = boxRanges(space, geometry);
  const xWide = wide[xAxis];
  const yWide = wide[yAxis];
  const sliceAt = (held: Composition) => (x: number, y: number): RigCondition => conditionOfComposition({ ...held, [xAxis]: x, [yAxis]: y }, geometry);
  const feasibleShare = (held: Composition, steps: number) => {
    const at = sliceAt(held);
    let inside = 0;
    for (let j = 0; j <= steps; j++) {
      for (let i = 0; i <= steps; i++) {
        if (feasible(at(xWide[0] + ((xWide[1] - xWide[0]) * i) / steps, yWide[0] + ((yWide[1] - yWide[0]) * j) / steps)).length === 0) inside++;
      }
    }
    return inside / (steps + 1) ** 2;
  };
  const compositions = options.anchors.map((condition) => compositionOf(condition, geometry));
  const shares = compositions.map((held) => feasibleShare(held, CHOICE_STEPS));
  const widest = Math.max(...shares);
  const anchorIndex = Math.max(0, shares.findIndex((share) => share >= MIN_SHARE_OF_WIDEST * widest && share > 0));
  const anchor = compositions[anchorIndex];
  const at = sliceAt(anchor);

  // The part of the box window where the slice through the anchor is feasible.
  let xRange: [number, number] = [Infinity, -Infinity];
  let yRange: [number, number] = [Infinity, -Infinity];
  for (let j = 0; j <= SCAN_STEPS; j++) {
    const y = yWide[0] + ((yWide[1] - yWide[0]) * j) / SCAN_STEPS;
    for (let i = 0; i <= SCAN_STEPS; i++) {
      const x = xWide[0] + ((xWide[1] - xWide[0]) * i) / SCAN_STEPS;
      if (feasible(at(x, y)).length > 0) continue;
      xRange = [Math.min(xRange[0], x), Math.max(xRange[1], x)];
      yRange = [Math.min(yRange[0], y), Math.max(yRange[1], y)];
    }
  }
  if (xRange[0] > xRange[1]) {
    // A slice thinner than the scan's step: show the whole window, nearly all grey, rather than a zoom onto a sliver.
    xRange = [...xWide];
    yRange = [...yWide];
  } else {
    // The anchor is feasible; the scan may have stepped past it.
    xRange = widen([Math.min(xRange[0], anchor[xAxis]), Math.max(xRange[1], anchor[xAxis])], xWide, SCAN_STEPS);
    yRange = widen([Math.min(yRange[0], anchor[yAxis]), Math.max(yRange[1], anchor[yAxis])], yWide, SCAN_STEPS);
  }

  const levels = options.gridSize ?? 25;
  if (!Number.isInteger(levels) || levels < 2) throw new Error(`grid levels must be an integer >= 2, got ${levels}`);
  const xs = spread(xRange, levels);
  const ys = spread(yRange, levels);
  const rows: CompositionSurfaceRow[] = [];
  for (const y of ys) {
    for (const x of xs) {
      const condition = at(x, y);
      const violated = feasible(condition).map((v) => v.constraint);
      rows.push({ x, y, mean: Number.NaN, std: Number.NaN, feasible: violated.length === 0, violated, condition });
    }
  }
  const inside = rows.filter((r) => r.feasible);
  if (inside.length > 0) {
    const prediction = twin.predict(inside.map((r) => toUnit(space, conditionToArray(r.condition))));
    inside.forEach((row, k) => {
      row.mean = prediction.mean[k];
      row.std = prediction.std[k];
    });
  }
  return {
    xInput, yInput, xAxis, yAxis, anchor, anchorCondition: { ...options.anchors[anchorIndex] }, anchorIndex,
    anchorFeasibleShare: shares[anchorIndex], firstFeasibleShare: shares[0], xLevels: levels, yLevels: levels, rows,
  };
}

/** Lowest and highest value of each axis over the corners of the planner's box. */
export function boxRanges(space: NumericSpace, geometry: RigGeometry): Record<CompositionAxis, [number, number]> {
  const ranges = Object.fromEntries(COMPOSITION_AXES.map((axis) => [axis, [Infinity, -Infinity]])) as Record<CompositionAxis, [number, number]>;
  const d = space.parameters.length;
  for (let corner = 0; corner < 2 ** d; corner++) {
    const physical = space.parameters.map((p, i) => ((corner >> i) & 1 ? p.upper : p.lower));
    const condition = conditionFromArray(physical);
    // A corner without any CuI-stream flow has no droplet.
    if (RIG_INPUT_NAMES.filter((n) => n !== 'temperatureC' && n !== 'csOleateFlowUlPerMin' && n !== 'oaOdeCsFlowUlPerMin').every((n) => condition[n] === 0)) continue;
    const composition = compositionOf(condition, geometry);
    for (const axis of COMPOSITION_AXES) {
      const value = composition[axis];
      if (!Number.isFinite(value)) continue;
      ranges[axis] = [Math.min(ranges[axis][0], value), Math.max(ranges[axis][1], value)];
    }
  }
  return ranges;
}

/** Half a scan step more on each side (within the box's window), and never a zero-width range. */
function widen(range: [number, number], window: [number, number], steps: number): [number, number] {
  const step = (window[1] - window[0]) / steps;
  let low = Math.max(window[0], range[0] - step / 2);
  let high = Math.min(window[1], range[1] + step / 2);
  if (!(high > low)) {
    low = range[0] - Math.max(step, 1e-9);
    high = range[0] + Math.max(step, 1e-9);
  }
  return [low, high];
}

function spread([low, high]: [number, number], count: number): number[] {
  return Array.from({ length: count }, (_, k) => (k === count - 1 ? high : low + ((high - low) * k) / (count - 1)));
}
