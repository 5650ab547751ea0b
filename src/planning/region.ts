// The dimensionless search region every sampler and optimiser works in: the unit cube
// [0, 1]^d cut by the space's linear constraints (a.u <= b). It is convex, which the
// pull-back below relies on.
import { encodedDimension, isFeasibleUnit, unitConstraints, type ParameterSpace, type UnitConstraint } from '../domain/space.js';

export interface UnitRegion {
  readonly dimension: number;
  readonly constraints: readonly UnitConstraint[];
}

export function unitRegion(space: ParameterSpace): UnitRegion {
  return { dimension: encodedDimension(space), constraints: unitConstraints(space) };
}

/** The whole unit cube, for samplers used without a ParameterSpace. */
export function unitCube(dimension: number): UnitRegion {
  if (!Number.isInteger(dimension) || dimension < 1) throw new Error(`dimension must be a positive integer, got ${dimension}`);
  return { dimension, constraints: [] };
}

export function isFeasible(region: UnitRegion, unit: ArrayLike<number>): boolean {
  return unit.length === region.dimension && isFeasibleUnit(region.constraints, unit);
}

/** Raised when rejection sampling finds (almost) no feasible point. */
export class FeasibleRegionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeasibleRegionError';
  }
}

export function emptyRegionError(region: UnitRegion, wanted: number, found: number, draws: number, what: string): FeasibleRegionError {
  const names = region.constraints.map((c) => `'${c.name}'`).join(', ') || '(none)';
  return new FeasibleRegionError(
    `${what}: only ${found} of ${wanted} feasible points after ${draws} draws; the feasible region seems empty or too small ` +
      `(constraints: ${names}). Check the bounds and constraints of the parameter space.`,
  );
}

export function squaredDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const diff = a[i] - b[i];
    sum += diff * diff;
  }
  return sum;
}

/** Smallest Euclidean distance between any two rows (the maximin criterion); Infinity for < 2 rows. */
export function minPairwiseDistance(points: readonly ArrayLike<number>[]): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) best = Math.min(best, squaredDistance(points[i], points[j]));
  }
  return Math.sqrt(best);
}

/** Distance from a point to the nearest of `others`; Infinity when there are none. */
export function nearestDistance(point: ArrayLike<number>, others: readonly ArrayLike<number>[]): number {
  let best = Number.POSITIVE_INFINITY;
  for (const other of others) best = Math.min(best, squaredDistance(point, other));
  return Math.sqrt(best);
}

/**
 * A feasible point on the segment from `anchor` (feasible) towards `target`: the target is
 * clipped to the cube, then moved back along the segment until every constraint holds.
 * Because the region is convex this is the farthest feasible point on that segment.
 */
export function pullBackToFeasible(region: UnitRegion, anchor: ArrayLike<number>, target: ArrayLike<number>): Float64Array {
  const d = region.dimension;
  const clipped = new Float64Array(d);
  for (let i = 0; i < d; i++) clipped[i] = Math.min(1, Math.max(0, target[i]));
  let step = 1;
  for (const c of region.constraints) {
    let atAnchor = 0;
    let slope = 0;
    for (let i = 0; i < d; i++) {
      atAnchor += c.weights[i] * anchor[i];
      slope += c.weights[i] * (clipped[i] - anchor[i]);
    }
    if (slope > 0) step = Math.min(step, Math.max(0, (c.bound - atAnchor) / slope));
  }
  if (step >= 1) return clipped;
  // Land a hair inside the boundary so round-off cannot leave the point outside it.
  step *= 1 - 1e-9;
  const moved = new Float64Array(d);
  for (let i = 0; i < d; i++) moved[i] = Math.min(1, Math.max(0, anchor[i] + step * (clipped[i] - anchor[i])));
  return moved;
}

/**
 * Moves `target` into the region: a few rounds of clipping to the cube and Euclidean
 * projection onto each violated half-space (so a step along a boundary keeps its
 * tangential part), then a pull-back towards the feasible `anchor` for whatever is left.
 */
export function projectToFeasible(region: UnitRegion, anchor: ArrayLike<number>, target: ArrayLike<number>, rounds = 4): Float64Array {
  const d = region.dimension;
  const x = Float64Array.from(target);
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < d; i++) x[i] = Math.min(1, Math.max(0, x[i]));
    let violated = false;
    for (const c of region.constraints) {
      let lhs = 0;
      let norm = 0;
      for (let i = 0; i < d; i++) {
        lhs += c.weights[i] * x[i];
        norm += c.weights[i] * c.weights[i];
      }
      if (lhs <= c.bound || norm === 0) continue;
      violated = true;
      const shift = (lhs - c.bound) / norm;
      for (let i = 0; i < d; i++) x[i] -= shift * c.weights[i];
    }
    if (!violated) break;
  }
  return pullBackToFeasible(region, anchor, x);
}
