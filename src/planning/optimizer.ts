// Maximises an acquisition over the feasible region: one batched score of a large
// space-filling pool, then local refinement of the best few. Batches are chosen greedily
// with a multiplicative local penalty around points already chosen or pending.
import type { Random } from '../domain/random.js';
import { FeasibleRegionError, isFeasible, projectToFeasible, pullBackToFeasible, squaredDistance, unitCube, type UnitRegion } from './region.js';
import { sobolPoints } from './samplers/sobol.js';
import type { UnitBox } from './trust-region.js';

/** Scores a batch of dimensionless points in one call; higher is better. */
export type BatchScore = (points: readonly Float64Array[]) => Float64Array;

export interface OptimizerOptions {
  /** Feasible Sobol points scored in the first pass (default 4096). */
  poolSize?: number;
  /** Points (e.g. the best observations) whose neighbourhoods are added to the pool. */
  anchors?: readonly ArrayLike<number>[];
  /** Gaussian neighbours per anchor (default 64) and their per-coordinate std (default 0.05). */
  anchorSamples?: number;
  anchorRadius?: number;
  /** Pool points refined locally per batch point (default 5). */
  refineStarts?: number;
  /** Refinement rounds (default 12) and Gaussian trial points per start per round (default 16). */
  refineRounds?: number;
  refineSamples?: number;
  /** Initial per-coordinate step of the refinement (default 0.1); halves after a round without gain. */
  refineRadius?: number;
  /** Points never to propose again or come closer to than `minDistance`: observed, failed, pending. */
  exclude?: readonly ArrayLike<number>[];
  /** Points the batch should spread away from (pending experiments); batch-mates are added. */
  penalize?: readonly ArrayLike<number>[];
  /** Unit-space exclusion radius (default 0.01 sqrt(d)). */
  minDistance?: number;
  /** Length scale of the local penalty (default 0.1 sqrt(d)). */
  penaltyRadius?: number;
  /** The scores are already logarithms of a positive utility (log EI). */
  logScale?: boolean;
  /**
   * How a Gaussian trial point (refinement, anchor neighbours) that leaves [0, 1] is brought
   * back: 'reflect' at the face (default), so trial points do not pile up on the bounds and
   * refinement does not stick to them, or 'clamp' to the face (docs/benchmark.md, planner suite).
   */
  boundary?: 'clamp' | 'reflect';
  /**
   * Search only this box (a trust region, see trust-region.ts): the pool is drawn in it and
   * trial points are clamped or reflected at its faces instead of the cube's. If no point of
   * the box keeps `minDistance` from the excluded points, the whole region is searched.
   */
  box?: UnitBox;
}

export interface OptimizedPoint {
  unit: Float64Array;
  /** Raw score of the objective at the point (not penalised). */
  score: number;
}

interface Candidate {
  unit: Float64Array;
  raw: number;
}

/**
 * Greedy batch maximisation. Each pick maximises log u(x) + sum_c log(1 - exp(-|x - c|^2 / (2 r^2)))
 * over c in pending and already chosen points, with u the score scaled to [0, 1] by the pool's
 * range (or exp(score) when `logScale`). The first pick with nothing pending is the plain argmax.
 */
export function optimizeAcquisition(region: UnitRegion, score: BatchScore, count: number, random: Random, options: OptimizerOptions = {}): OptimizedPoint[] {
  const d = region.dimension;
  const minDistance = options.minDistance ?? 0.01 * Math.sqrt(d);
  const penaltyRadius = options.penaltyRadius ?? 0.1 * Math.sqrt(d);
  const exclude = [...(options.exclude ?? [])];
  const penalize = [...(options.penalize ?? [])];
  const minSquared = minDistance * minDistance;
  const allowed = (x: ArrayLike<number>) => exclude.every((e) => squaredDistance(x, e) >= minSquared);

  let poolPoints = buildPool(region, random, options).filter(allowed);
  if (poolPoints.length === 0 && options.box) {
    // A box too small to hold a point away from the known ones gives way to the whole region.
    options = { ...options, box: undefined };
    poolPoints = buildPool(region, random, options).filter(allowed);
  }
  if (poolPoints.length === 0) {
    throw new FeasibleRegionError(`no feasible candidate lies farther than ${minDistance} (unit distance) from the known points`);
  }
  const poolScores = score(poolPoints);
  const pool: Candidate[] = poolPoints.map((unit, i) => ({ unit, raw: poolScores[i] }));
  const utility = utilityScale(poolScores, options.logScale ?? false);

  const chosen: OptimizedPoint[] = [];
  for (let pick = 0; pick < count; pick++) {
    const penaltyOf = (x: ArrayLike<number>) => logPenalty(x, penalize, penaltyRadius);
    const total = (c: Candidate) => utility(c.raw) + penaltyOf(c.unit);
    const ranked = pool
      .filter((c) => allowed(c.unit))
      .map((c) => ({ c, value: total(c), tie: penaltyOf(c.unit) }))
      .sort((a, b) => compare(b.value, b.tie, a.value, a.tie));
    if (ranked.length === 0) {
      throw new FeasibleRegionError(`only ${pick} of ${count} points found farther than ${minDistance} (unit distance) from known points`);
    }
    const starts = ranked.slice(0, Math.max(1, options.refineStarts ?? 5)).map((r) => r.c);
    const best = refine(region, score, starts, total, penaltyOf, allowed, random, options);
    chosen.push({ unit: best.unit, score: best.raw });
    exclude.push(best.unit);
    penalize.push(best.unit);
  }
  return chosen;
}

function buildPool(region: UnitRegion, random: Random, options: OptimizerOptions): Float64Array[] {
  const poolSize = options.poolSize ?? 4096;
  const pool = options.box ? boxPool(region, options.box, poolSize, random) : sobolPoints(region, poolSize, random);
  const perAnchor = options.anchorSamples ?? 64;
  const radius = options.anchorRadius ?? 0.05;
  for (const anchor of options.anchors ?? []) {
    if (!isFeasible(region, anchor) || !inBox(anchor, options.box)) continue;
    for (let k = 0; k < perAnchor; k++) pool.push(moveTo(region, anchor, trialStep(anchor, radius, random, options), options.box));
  }
  return pool;
}

/** Sobol points of the box that satisfy the region's constraints (may be few under constraints; anchors add more). */
function boxPool(region: UnitRegion, box: UnitBox, count: number, random: Random): Float64Array[] {
  return sobolPoints(unitCube(region.dimension), count, random)
    .map((u) => u.map((v, i) => box.lower[i] + v * (box.upper[i] - box.lower[i])))
    .filter((p) => isFeasible(region, p));
}

function inBox(x: ArrayLike<number>, box: UnitBox | undefined): boolean {
  if (!box) return true;
  for (let i = 0; i < x.length; i++) if (x[i] < box.lower[i] || x[i] > box.upper[i]) return false;
  return true;
}

/**
 * A trial point made feasible. In a box, the projection onto the constraints is clipped to
 * the box and, if that broke a constraint, pulled back towards the (feasible, in-box) start:
 * the segment between two points of a convex box stays in it.
 */
function moveTo(region: UnitRegion, from: ArrayLike<number>, trial: Float64Array, box: UnitBox | undefined): Float64Array {
  const projected = projectToFeasible(region, from, trial);
  if (!box) return projected;
  for (let i = 0; i < projected.length; i++) projected[i] = Math.min(box.upper[i], Math.max(box.lower[i], projected[i]));
  return isFeasible(region, projected) ? projected : pullBackToFeasible(region, from, projected);
}

function refine(
  region: UnitRegion,
  score: BatchScore,
  starts: Candidate[],
  total: (c: Candidate) => number,
  penaltyOf: (x: ArrayLike<number>) => number,
  allowed: (x: ArrayLike<number>) => boolean,
  random: Random,
  options: OptimizerOptions,
): Candidate {
  const rounds = options.refineRounds ?? 12;
  const samples = options.refineSamples ?? 16;
  const state = starts.map((c) => ({ best: c, value: total(c), tie: penaltyOf(c.unit), radius: options.refineRadius ?? 0.1 }));
  for (let round = 0; round < rounds; round++) {
    const active = state.filter((s) => s.radius >= 1e-4);
    if (active.length === 0) break;
    const trials: { owner: (typeof state)[number]; unit: Float64Array }[] = [];
    for (const s of active) {
      for (let k = 0; k < samples; k++) {
        const unit = moveTo(region, s.best.unit, trialStep(s.best.unit, s.radius, random, options), options.box);
        if (allowed(unit)) trials.push({ owner: s, unit });
      }
    }
    const improved = new Set<(typeof state)[number]>();
    if (trials.length > 0) {
      const scores = score(trials.map((t) => t.unit));
      trials.forEach((t, i) => {
        const candidate = { unit: t.unit, raw: scores[i] };
        const value = total(candidate);
        const tie = penaltyOf(t.unit);
        if (compare(value, tie, t.owner.value, t.owner.tie) > 0) {
          Object.assign(t.owner, { best: candidate, value, tie });
          improved.add(t.owner);
        }
      });
    }
    for (const s of active) if (!improved.has(s)) s.radius *= 0.5;
  }
  state.sort((a, b) => compare(b.value, b.tie, a.value, a.tie));
  return state[0].best;
}

/** Maps raw scores to log-utility: the pool's range to [0, 1] (log), or as-is for log scores. */
function utilityScale(poolScores: Float64Array, logScale: boolean): (raw: number) => number {
  if (logScale) return (raw) => (Number.isNaN(raw) ? Number.NEGATIVE_INFINITY : raw);
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of poolScores) {
    if (!Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (!(hi > lo)) return (raw) => (Number.isNaN(raw) ? Number.NEGATIVE_INFINITY : 0);
  return (raw) => (Number.isNaN(raw) ? Number.NEGATIVE_INFINITY : Math.log(Math.max(0, (raw - lo) / (hi - lo))));
}

function logPenalty(x: ArrayLike<number>, centres: readonly ArrayLike<number>[], radius: number): number {
  let sum = 0;
  const scale = 2 * radius * radius;
  for (const c of centres) sum += Math.log1p(-Math.exp(-squaredDistance(x, c) / scale));
  return sum;
}

/** Lexicographic: value first, then the penalty (farther from others wins ties, e.g. all -Infinity). */
function compare(valueA: number, tieA: number, valueB: number, tieB: number): number {
  if (valueA !== valueB) return valueA > valueB ? 1 : -1;
  if (tieA !== tieB) return tieA > tieB ? 1 : -1;
  return 0;
}

function trialStep(centre: ArrayLike<number>, radius: number, random: Random, options: Pick<OptimizerOptions, 'boundary' | 'box'>): Float64Array {
  const out = new Float64Array(centre.length);
  for (let i = 0; i < centre.length; i++) out[i] = centre[i] + radius * random.normal();
  if (options.boundary === 'clamp') return out;
  const box = options.box;
  for (let i = 0; i < out.length; i++) {
    const lower = box ? box.lower[i] : 0;
    const width = box ? box.upper[i] - box.lower[i] : 1;
    out[i] = width > 0 ? lower + width * reflectIntoUnit((out[i] - lower) / width) : lower;
  }
  return out;
}

/** x folded into [0, 1] by reflection at 0 and 1 (period 2). */
export function reflectIntoUnit(x: number): number {
  const folded = ((x % 2) + 2) % 2;
  return folded > 1 ? 2 - folded : folded;
}

/** Uniform feasible points at least `minDistance` from `exclude` and from each other. */
export function randomFeasibleAway(region: UnitRegion, count: number, random: Random, exclude: readonly ArrayLike<number>[], minDistance: number): Float64Array[] {
  const taken = [...exclude];
  const points: Float64Array[] = [];
  const minSquared = minDistance * minDistance;
  const maxDraws = 10_000 + 1000 * count;
  for (let draws = 0; points.length < count; draws++) {
    if (draws >= maxDraws) {
      throw new FeasibleRegionError(`random policy: only ${points.length} of ${count} feasible points away from known points after ${draws} draws`);
    }
    const point = new Float64Array(region.dimension);
    for (let i = 0; i < region.dimension; i++) point[i] = random.uniform();
    if (!isFeasible(region, point) || !taken.every((t) => squaredDistance(point, t) >= minSquared)) continue;
    points.push(point);
    taken.push(point);
  }
  return points;
}
