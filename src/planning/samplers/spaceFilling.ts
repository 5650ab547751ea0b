// Picking a well-spread subset of a candidate pool (greedy farthest-point / maximin).
import type { Random } from '../../domain/random.js';
import { minPairwiseDistance, squaredDistance } from '../region.js';

export interface SubsetOptions {
  /** Points already placed (e.g. earlier experiments) that the subset should keep away from. */
  existing?: readonly ArrayLike<number>[];
  /** Greedy runs from different random first points; the best maximin run wins (default 5). */
  restarts?: number;
}

/**
 * Greedy maximin selection: each step adds the pool point farthest from everything chosen
 * so far (and from `existing`). Returns `count` distinct pool rows.
 */
export function selectMaximinSubset(pool: readonly Float64Array[], count: number, random: Random, options: SubsetOptions = {}): Float64Array[] {
  if (count > pool.length) throw new Error(`cannot pick ${count} points from a pool of ${pool.length}`);
  if (count === 0) return [];
  const existing = options.existing ?? [];
  const restarts = Math.max(1, options.restarts ?? 5);
  let best: Float64Array[] = [];
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let r = 0; r < restarts; r++) {
    const chosen = greedyRun(pool, count, existing, random.int(pool.length));
    const score = Math.min(minPairwiseDistance(chosen), minDistanceToSet(chosen, existing));
    if (score > bestScore) {
      bestScore = score;
      best = chosen;
    }
  }
  return best;
}

function greedyRun(pool: readonly Float64Array[], count: number, existing: readonly ArrayLike<number>[], first: number): Float64Array[] {
  // nearest[j]: squared distance from pool[j] to the nearest chosen or existing point.
  const nearest = new Float64Array(pool.length).fill(Number.POSITIVE_INFINITY);
  for (const e of existing) for (let j = 0; j < pool.length; j++) nearest[j] = Math.min(nearest[j], squaredDistance(pool[j], e));
  const chosen: Float64Array[] = [];
  // With existing points the first pick is the farthest from them, otherwise the random start.
  let next = existing.length > 0 ? argmax(nearest) : first;
  while (chosen.length < count) {
    const point = pool[next];
    chosen.push(point);
    nearest[next] = -1;
    for (let j = 0; j < pool.length; j++) if (nearest[j] >= 0) nearest[j] = Math.min(nearest[j], squaredDistance(pool[j], point));
    next = argmax(nearest);
  }
  return chosen;
}

function argmax(values: Float64Array): number {
  let index = 0;
  for (let j = 1; j < values.length; j++) if (values[j] > values[index]) index = j;
  return index;
}

function minDistanceToSet(points: readonly ArrayLike<number>[], others: readonly ArrayLike<number>[]): number {
  let best = Number.POSITIVE_INFINITY;
  for (const p of points) for (const o of others) best = Math.min(best, squaredDistance(p, o));
  return Math.sqrt(best);
}
