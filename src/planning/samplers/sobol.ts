// Randomly shifted Sobol points on the feasible part of the unit cube.
import { SobolSequenceGenerator } from 'sobol';
import type { Random } from '../../domain/random.js';
import { emptyRegionError, isFeasible, type UnitRegion } from '../region.js';
import { assertCount } from './uniform.js';

// The package computes with 32-bit integer operations, so only the first 2^20 points are valid.
const MAX_SEQUENCE_LENGTH = 1 << 20;

// The base (unshifted) sequence per dimension, grown on demand. The generator reads its
// direction numbers once per dimension; after that the sequence is a pure lookup.
const sequences = new Map<number, { generator: SobolSequenceGenerator; points: Float64Array[] }>();

function baseSequence(dimension: number, length: number): Float64Array[] {
  let entry = sequences.get(dimension);
  if (!entry) {
    entry = { generator: new SobolSequenceGenerator(dimension), points: [] };
    sequences.set(dimension, entry);
  }
  while (entry.points.length < length) entry.points.push(Float64Array.from(entry.generator.nextVector()));
  return entry.points;
}

export interface SobolOptions {
  /** Sequence index to start from (default 0). */
  skip?: number;
}

/**
 * `count` feasible points of the Sobol sequence after a random shift (Cranley-Patterson
 * rotation u -> frac(u + shift), one shift drawn per call). The shift keeps the low
 * discrepancy and makes different seeds give different sets. Infeasible points are
 * skipped, so under constraints the set is the feasible part of a longer sequence.
 */
export function sobolPoints(region: UnitRegion, count: number, random: Random, options: SobolOptions = {}): Float64Array[] {
  assertCount(count);
  const d = region.dimension;
  const shift = Array.from({ length: d }, () => random.uniform());
  const points: Float64Array[] = [];
  let index = options.skip ?? 0;
  let chunk = Math.max(64, count);
  while (points.length < count) {
    const end = Math.min(MAX_SEQUENCE_LENGTH, index + chunk);
    if (index >= end || (points.length === 0 && index - (options.skip ?? 0) >= 10_000)) {
      throw emptyRegionError(region, count, points.length, index - (options.skip ?? 0), 'Sobol sampling');
    }
    const base = baseSequence(d, end);
    for (; index < end && points.length < count; index++) {
      const point = new Float64Array(d);
      for (let i = 0; i < d; i++) {
        const shifted = base[index][i] + shift[i];
        point[i] = shifted >= 1 ? shifted - 1 : shifted;
      }
      if (isFeasible(region, point)) points.push(point);
    }
    chunk *= 2;
  }
  return points;
}
