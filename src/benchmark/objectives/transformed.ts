// Shifted and rotated variants of the scalable test functions, so the optimum is neither at
// the centre of the box nor on a diagonal, and (rotated) the coordinates interact. With base
// f, its known minimiser x*, a rotation R and a new optimum location c inside the box:
//   g(y) = f(x* + R (y - c)),
// so g has f's optimum value, at y = c. R (a random orthogonal matrix; the identity when only
// shifted) and c (uniform in the middle 60% of each coordinate's range) come from a fixed
// seed and the dimension, so a name always means the same function. The base functions are
// defined on all of R^d with a unique global minimum, so points mapped outside the base box
// are fine.
import { createRandom, deriveSeed } from '../../domain/random.js';
import { coordinates, functionObjective } from './function-objective.js';
import type { BenchmarkObjective } from './types.js';

export type Transform = 'shifted' | 'rotated';

const TRANSFORM_SEED = 20_240_917;

export interface TransformParameters {
  /** The new optimum location, physical units. */
  centre: number[];
  /** Row-major d x d orthogonal matrix. */
  rotation: number[][];
}

/** Centre and rotation of a transform in `dimension` dimensions over the given box. */
export function transformParameters(transform: Transform, family: string, dimension: number, lower: readonly number[], upper: readonly number[]): TransformParameters {
  let familySeed = 0;
  for (const ch of `${transform}-${family}`) familySeed = deriveSeed(familySeed, ch.charCodeAt(0));
  const random = createRandom(deriveSeed(deriveSeed(TRANSFORM_SEED, familySeed), dimension));
  const centre = Array.from({ length: dimension }, (_, i) => lower[i] + (0.2 + 0.6 * random.uniform()) * (upper[i] - lower[i]));
  const rotation = transform === 'rotated' ? randomOrthogonal(dimension, () => random.normal()) : identity(dimension);
  return { centre, rotation };
}

function identity(d: number): number[][] {
  return Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)));
}

/** Gram-Schmidt on rows of a Gaussian matrix (with a re-orthogonalisation pass). */
export function randomOrthogonal(d: number, normal: () => number): number[][] {
  const rows: number[][] = [];
  while (rows.length < d) {
    const v = Array.from({ length: d }, normal);
    for (let pass = 0; pass < 2; pass++) {
      for (const r of rows) {
        const dot = r.reduce((s, ri, k) => s + ri * v[k], 0);
        for (let k = 0; k < d; k++) v[k] -= dot * r[k];
      }
    }
    const norm = Math.hypot(...v);
    if (norm < 1e-8) continue;
    rows.push(v.map((x) => x / norm));
  }
  return rows;
}

/** `transform`ed copy of a base objective with a known optimum point; same box, same optimum value. */
export async function transformedObjective(transform: Transform, family: string, base: BenchmarkObjective): Promise<BenchmarkObjective> {
  const optimum = await base.optimum();
  const parameters = base.space.parameters;
  const d = parameters.length;
  if (!optimum?.point) throw new Error(`${transform} ${base.name}: the base objective's optimum point is unknown`);
  const basePoint = parameters.map((p) => optimum.point![p.name]);
  const { centre, rotation } = transformParameters(transform, family, d, parameters.map((p) => p.lower), parameters.map((p) => p.upper));
  const session = await base.open({ replicateSeed: 0 });
  const toBase = (y: readonly number[]) => rotation.map((row, i) => basePoint[i] + row.reduce((s, r, k) => s + r * (y[k] - centre[k]), 0));
  const name = `${transform}-${base.name}`;
  return functionObjective({
    name,
    description: `${base.description ?? base.name}, ${transform === 'rotated' ? 'shifted and rotated' : 'shifted'} (fixed seed): optimum moved inside the box`,
    space: base.space,
    direction: base.direction,
    optimum: { value: optimum.value, point: Object.fromEntries(parameters.map((p, i) => [p.name, centre[i]])) },
    evaluate: async (point) => {
      const x = toBase(coordinates(point, d));
      const evaluation = await session.evaluate(Object.fromEntries(parameters.map((p, i) => [p.name, x[i]])));
      if (evaluation.value === null) throw new Error(`${name}: base objective failed`);
      return evaluation.value;
    },
  });
}
