// Independent uniform points in the feasible region, by rejection from the unit cube.
import type { Random } from '../../domain/random.js';
import { emptyRegionError, isFeasible, type UnitRegion } from '../region.js';

export interface RejectionOptions {
  /** Give up after this many cube draws (default 10 000 + 1000 per wanted point). */
  maxDraws?: number;
}

/** Draws with no feasible hit after which the region is declared empty. */
const EMPTY_AFTER_DRAWS = 10_000;

export function uniformRandom(region: UnitRegion, count: number, random: Random, options: RejectionOptions = {}): Float64Array[] {
  assertCount(count);
  const maxDraws = options.maxDraws ?? EMPTY_AFTER_DRAWS + 1000 * count;
  const points: Float64Array[] = [];
  let draws = 0;
  while (points.length < count) {
    if (draws >= maxDraws || (points.length === 0 && draws >= EMPTY_AFTER_DRAWS)) {
      throw emptyRegionError(region, count, points.length, draws, 'uniform random sampling');
    }
    const point = new Float64Array(region.dimension);
    for (let i = 0; i < region.dimension; i++) point[i] = random.uniform();
    draws++;
    if (isFeasible(region, point)) points.push(point);
  }
  return points;
}

/**
 * Several independent Monte Carlo sets (e.g. the paper's 1000-point test set for model
 * uncertainty). Each set comes from its own forked stream, so set k does not depend on
 * the size of the sets before it.
 */
export function monteCarloSets(region: UnitRegion, options: { size: number; sets: number }, random: Random): Float64Array[][] {
  assertCount(options.sets);
  const streams = Array.from({ length: options.sets }, () => random.fork());
  return streams.map((stream) => uniformRandom(region, options.size, stream));
}

export function assertCount(count: number): void {
  if (!Number.isInteger(count) || count < 0) throw new Error(`point count must be a non-negative integer, got ${count}`);
}
