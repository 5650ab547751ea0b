// The partial grid search of the paper: vary one input over k levels while the others
// stay at a base point, one input after another.
import { pointToRecord, recordToPoint, toUnit, numericRecord, type NumericSpace } from '../../domain/space.js';
import { isFeasible, unitRegion, type UnitRegion } from '../region.js';

export interface GridPoint {
  /** Index of the input being varied. */
  dimension: number;
  /** Its level, dimensionless. */
  level: number;
  unit: Float64Array;
}

export interface OneFactorGrid {
  /** Feasible points in order: all levels of the first varied input, then the next input... */
  points: GridPoint[];
  /** Points that break a constraint; they are reported, not run. */
  infeasible: GridPoint[];
}

export interface OneFactorGridOptions {
  /** Base point, dimensionless; must be feasible. */
  base: ArrayLike<number>;
  /** k evenly spaced levels over [0, 1] (k >= 2), or explicit dimensionless levels per input. */
  levels: number | readonly (readonly number[])[];
  /** Inputs to vary (default: all, in order). */
  dimensions?: readonly number[];
  /** Keep points equal to the base point only once (default true). */
  dropRepeatedBase?: boolean;
}

export function oneFactorGrid(region: UnitRegion, options: OneFactorGridOptions): OneFactorGrid {
  const d = region.dimension;
  if (options.base.length !== d) throw new Error(`base point has ${options.base.length} inputs, the region has ${d}`);
  if (!isFeasible(region, options.base)) throw new Error('the base point of the one-factor grid is not feasible');
  const dimensions = options.dimensions ?? Array.from({ length: d }, (_, i) => i);
  const dropRepeatedBase = options.dropRepeatedBase ?? true;
  const grid: OneFactorGrid = { points: [], infeasible: [] };
  let baseSeen = false;
  for (const dimension of dimensions) {
    if (!Number.isInteger(dimension) || dimension < 0 || dimension >= d) throw new Error(`no input with index ${dimension}`);
    for (const level of levelsFor(options.levels, dimension)) {
      const unit = Float64Array.from(options.base);
      unit[dimension] = level;
      const isBase = Math.abs(level - options.base[dimension]) < 1e-12;
      if (isBase && dropRepeatedBase) {
        if (baseSeen) continue;
        baseSeen = true;
      }
      (isFeasible(region, unit) ? grid.points : grid.infeasible).push({ dimension, level, unit });
    }
  }
  return grid;
}

function levelsFor(levels: OneFactorGridOptions['levels'], dimension: number): readonly number[] {
  if (typeof levels === 'number') {
    if (!Number.isInteger(levels) || levels < 2) throw new Error(`a one-factor grid needs at least 2 levels, got ${levels}`);
    return Array.from({ length: levels }, (_, k) => k / (levels - 1));
  }
  const own = levels[dimension];
  if (!own || own.length === 0) throw new Error(`no levels given for input ${dimension}`);
  for (const level of own) if (!(level >= 0 && level <= 1)) throw new Error(`level ${level} of input ${dimension} is outside [0, 1]`);
  return own;
}

export interface PhysicalGridPoint {
  varied: string;
  point: Record<string, number>;
}

/**
 * The same grid in physical units: base point and levels given per parameter name
 * (a level count, or explicit values per varied parameter). Points keep the given
 * values exactly; only the varied input differs from the base.
 */
export function oneFactorGridForSpace(
  space: NumericSpace,
  options: { base: Record<string, number>; levels: number | Record<string, readonly number[]>; vary?: readonly string[] },
): { points: PhysicalGridPoint[]; infeasible: PhysicalGridPoint[] } {
  const names = space.parameters.map((p) => p.name);
  const indexOf = (name: string) => {
    const index = names.indexOf(name);
    if (index < 0) throw new Error(`unknown parameter '${name}'`);
    return index;
  };
  const explicit = typeof options.levels === 'number' ? undefined : options.levels;
  if (explicit) for (const name of Object.keys(explicit)) indexOf(name);
  const dimensions = (options.vary ?? (explicit ? Object.keys(explicit) : names)).map(indexOf);
  const physicalLevels: number[][] = space.parameters.map((p, i) => {
    if (!explicit) return [];
    const own = explicit[p.name] ?? [];
    if (own.length === 0 && dimensions.includes(i)) throw new Error(`no levels given for '${p.name}'`);
    return [...own];
  });
  const levels = explicit
    ? space.parameters.map((p, i) => (physicalLevels[i].length > 0 ? physicalLevels[i].map((v) => (v - p.lower) / (p.upper - p.lower)) : [0]))
    : (options.levels as number);
  const base = recordToPoint(space, options.base);
  const grid = oneFactorGrid(unitRegion(space), { base: toUnit(space, base), levels, dimensions });
  const toPhysicalPoint = (g: GridPoint): PhysicalGridPoint => {
    const p = space.parameters[g.dimension];
    const point = numericRecord(pointToRecord(space, base));
    const given = physicalLevels[g.dimension].find((v) => Math.abs((v - p.lower) / (p.upper - p.lower) - g.level) < 1e-12);
    point[p.name] = given ?? p.lower + g.level * (p.upper - p.lower);
    return { varied: p.name, point };
  };
  return { points: grid.points.map(toPhysicalPoint), infeasible: grid.infeasible.map(toPhysicalPoint) };
}
