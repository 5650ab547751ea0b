// Uniform random points of the feasible part of a parameter space (rejection from the unit box).
import type { Random } from '../domain/random.js';
import { isFeasibleUnit, type UnitConstraint } from '../domain/space.js';

export function randomFeasibleUnitPoint(random: Random, dimension: number, constraints: readonly UnitConstraint[], maxTries = 100_000): number[] {
  for (let attempt = 0; attempt < maxTries; attempt++) {
    const point = Array.from({ length: dimension }, () => random.uniform());
    if (isFeasibleUnit(constraints, point)) return point;
  }
  throw new Error(`no feasible point found in ${maxTries} random draws: are the constraints satisfiable?`);
}
