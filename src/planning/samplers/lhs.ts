// Latin hypercube designs with maximin selection, on the feasible part of the unit cube.
import type { Random } from '../../domain/random.js';
import { permutation } from '../../domain/random.js';
import { emptyRegionError, isFeasible, minPairwiseDistance, type UnitRegion } from '../region.js';
import { selectMaximinSubset } from './spaceFilling.js';
import { assertCount } from './uniform.js';

/** One random LHS: in every dimension each of the `count` strata [k/n, (k+1)/n) holds exactly one point. */
export function latinHypercube(count: number, dimension: number, random: Random): Float64Array[] {
  assertCount(count);
  const points = Array.from({ length: count }, () => new Float64Array(dimension));
  for (let i = 0; i < dimension; i++) {
    const strata = permutation(count, random);
    for (let k = 0; k < count; k++) points[k][i] = (strata[k] + random.uniform()) / count;
  }
  return points;
}

/** LHS rows with no feasible one after which the region is declared empty. */
const EMPTY_AFTER_ROWS = 10_000;

export interface MaximinLhsOptions {
  /** Random LHS designs drawn; the one with the largest minimum pairwise distance wins (default 30). */
  designs?: number;
  /** Under constraints: feasible pool size as a multiple of `count` (default 20). */
  poolFactor?: number;
  /** Under constraints: give up after this many LHS rows without filling the pool (default 200 000). */
  maxRows?: number;
}

export interface LhsDesign {
  points: Float64Array[];
  /** 'exact': a true LHS (one point per stratum); 'pool': maximin subset of feasible LHS rows. */
  method: 'exact' | 'pool';
  minDistance: number;
}

/**
 * Maximin LHS. Without constraints (or when some of the `designs` draws are fully feasible)
 * the result is an exact LHS: the best of the draws by minimum pairwise distance. When
 * no draw is fully feasible, the feasible rows of many LHS draws form a pool and a greedy
 * maximin subset of it is returned; stratification then holds only approximately.
 */
export function maximinLatinHypercube(region: UnitRegion, count: number, random: Random, options: MaximinLhsOptions = {}): LhsDesign {
  assertCount(count);
  const designs = Math.max(1, options.designs ?? 30);
  let best: Float64Array[] | undefined;
  let bestDistance = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < designs; k++) {
    const design = latinHypercube(count, region.dimension, random);
    if (!design.every((p) => isFeasible(region, p))) continue;
    const distance = minPairwiseDistance(design);
    if (distance > bestDistance) {
      bestDistance = distance;
      best = design;
    }
  }
  if (best) return { points: best, method: 'exact', minDistance: bestDistance };

  const poolSize = Math.max(count, Math.ceil((options.poolFactor ?? 20) * count));
  const maxRows = options.maxRows ?? 200_000;
  const pool: Float64Array[] = [];
  let rows = 0;
  while (pool.length < poolSize) {
    if (rows >= maxRows || (pool.length === 0 && rows >= EMPTY_AFTER_ROWS)) {
      if (pool.length >= count) break;
      throw emptyRegionError(region, count, pool.length, rows, 'Latin hypercube sampling');
    }
    for (const p of latinHypercube(count, region.dimension, random)) if (isFeasible(region, p)) pool.push(p);
    rows += count;
  }
  const points = selectMaximinSubset(pool, count, random);
  return { points, method: 'pool', minDistance: minPairwiseDistance(points) };
}
