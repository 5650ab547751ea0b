// The noise-free best PL intensity inside the planner's feasible space: random feasible
// candidates, then compass searches from the best of them, spread apart so that the starts do
// not all climb the same hill, each taking only feasible steps. The directions include
// exchanges between two inputs at equal physical flow, which slide along the stream-total and
// reaction-time constraints instead of stopping at them.
import { DEFAULT_RIG_GEOMETRY, type RigGeometry } from '../chemistry/rig-geometry.js';
import type { Random } from '../domain/random.js';
import { conditionFromArray, rigParameterSpace, type RigCondition } from '../domain/rig-space.js';
import { isFeasibleUnit, toPhysical, unitConstraints } from '../domain/space.js';
import { expectedPlIntensity } from './expected-features.js';
import { randomFeasibleUnitPoint } from './feasible-sampling.js';

export interface TrueOptimumOptions {
  geometry?: RigGeometry;
  /** Random feasible points scored first. Default 2000. */
  candidates?: number;
  /** Local searches, started from the best candidates. Default 8. */
  starts?: number;
  /** Search stops when the step (unit space) falls below this. Default 1e-6. */
  minStep?: number;
  /** What to maximise; default the noise-free PL intensity (counts/s). */
  objective?: (condition: RigCondition) => number;
  /** Inputs held fixed, by index, at a dimensionless value (e.g. { 3: 1 }: OA-ODE of the Cs stream at its upper bound). */
  fixed?: Readonly<Record<number, number>>;
  /** Starts lie at least this far apart (unit space, Euclidean). Default 0.15. */
  minStartDistance?: number;
}

export interface TrueOptimum {
  condition: RigCondition;
  /** The condition in the planner's dimensionless coordinates. */
  unitPoint: number[];
  value: number;
  evaluations: number;
}

function searchDirections(ranges: readonly number[], free: readonly number[]): number[][] {
  const d = ranges.length;
  const directions: number[][] = [];
  for (const i of free) {
    const e = new Array<number>(d).fill(0);
    e[i] = 1;
    directions.push(e, e.map((x) => -x));
  }
  for (const i of free) {
    for (const j of free) {
      if (j <= i) continue;
      const e = new Array<number>(d).fill(0);
      e[i] = 1 / ranges[i];
      e[j] = -1 / ranges[j];
      const norm = Math.hypot(...e);
      const unit = e.map((x) => x / norm);
      directions.push(unit, unit.map((x) => -x));
    }
  }
  return directions;
}

export function findTrueOptimum(random: Random, options: TrueOptimumOptions = {}): TrueOptimum {
  const geometry = options.geometry ?? DEFAULT_RIG_GEOMETRY;
  const space = rigParameterSpace(geometry.reactorVolumeUl);
  const constraints = unitConstraints(space);
  const dimension = space.parameters.length;
  const objective = options.objective ?? ((condition: RigCondition) => expectedPlIntensity(condition, { geometry }));
  let evaluations = 0;
  const score = (unit: number[]) => {
    evaluations++;
    return objective(conditionFromArray(toPhysical(space, unit)));
  };

  const fixed = Object.entries(options.fixed ?? {}).map(([index, value]) => [Number(index), value] as const);
  const pin = (unit: number[]) => {
    for (const [index, value] of fixed) unit[index] = value;
    return unit;
  };
  const free = Array.from({ length: dimension }, (_, i) => i).filter((i) => !fixed.some(([index]) => index === i));
  const draw = () => {
    for (let attempt = 0; attempt < 10_000; attempt++) {
      const unit = pin(randomFeasibleUnitPoint(random, dimension, fixed.length > 0 ? [] : constraints));
      if (isFeasibleUnit(constraints, unit)) return unit;
    }
    throw new Error('no feasible point with these inputs fixed');
  };
  const candidates = Array.from({ length: options.candidates ?? 2000 }, () => {
    const unit = draw();
    return { unit, value: score(unit) };
  });
  candidates.sort((a, b) => b.value - a.value);
  const directions = searchDirections(space.parameters.map((p) => p.upper - p.lower), free);
  const minStep = options.minStep ?? 1e-6;

  // The best candidates, each at least minStartDistance from the starts already chosen.
  const wanted = options.starts ?? 8;
  const separation = options.minStartDistance ?? 0.15;
  const starts: typeof candidates = [];
  for (const candidate of candidates) {
    if (starts.length >= wanted) break;
    if (starts.every((s) => Math.hypot(...s.unit.map((x, k) => x - candidate.unit[k])) >= separation)) starts.push(candidate);
  }

  let best = candidates[0];
  for (const start of starts) {
    let point = start.unit;
    let value = start.value;
    let step = 0.1;
    while (step >= minStep) {
      let moved = false;
      for (const direction of directions) {
        const trial = point.map((x, k) => x + step * direction[k]);
        if (!isFeasibleUnit(constraints, trial)) continue;
        const trialValue = score(trial);
        if (trialValue > value) {
          point = trial;
          value = trialValue;
          moved = true;
        }
      }
      if (!moved) step /= 2;
    }
    if (value > best.value) best = { unit: point, value };
  }
  // Feasibility tolerance may leave a coordinate a hair outside [0, 1]; clip for the record.
  const unitPoint = best.unit.map((x) => Math.min(1, Math.max(0, x)));
  return { condition: conditionFromArray(toPhysical(space, unitPoint)), unitPoint, value: objective(conditionFromArray(toPhysical(space, unitPoint))), evaluations };
}
