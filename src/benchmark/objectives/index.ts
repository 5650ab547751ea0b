// The built-in objectives by name: fixed ones, scalable families in any dimension (`ackley-5`,
// `styblinski-tang-6`), and shifted or shifted-and-rotated variants of the families with a
// unique minimiser on all of R^d (`shifted-levy-8`, `rotated-ackley-6`).
import { ackleyObjective } from './ackley.js';
import { braninObjective } from './branin.js';
import { constrainedToyObjective } from './constrained-toy.js';
import { hartmann6Objective } from './hartmann6.js';
import { levyObjective } from './levy.js';
import { michalewiczObjective } from './michalewicz.js';
import { rosenbrockObjective } from './rosenbrock.js';
import { styblinskiTangObjective } from './styblinski-tang.js';
import { transformedObjective, type Transform } from './transformed.js';
import type { BenchmarkObjective } from './types.js';
import { virtualLabObjective } from './virtual-lab.js';

export type { BenchmarkObjective, Direction, Evaluation, ObjectiveOptimum, ObjectiveSession, SessionContext } from './types.js';
export { functionObjective, type FunctionObjectiveDefinition } from './function-objective.js';

const FIXED: Record<string, () => BenchmarkObjective | Promise<BenchmarkObjective>> = {
  hartmann6: () => hartmann6Objective,
  branin: () => braninObjective,
  'toy7-constrained': () => constrainedToyObjective,
  'virtual-lab': virtualLabObjective,
};
const BY_DIMENSION: Record<string, (dimension: number) => BenchmarkObjective> = {
  ackley: ackleyObjective,
  levy: levyObjective,
  rosenbrock: rosenbrockObjective,
  michalewicz: michalewiczObjective,
  'styblinski-tang': styblinskiTangObjective,
};
const MIN_DIMENSION: Record<string, number> = { rosenbrock: 2 };
/** Families whose shifted and rotated variants exist (Michalewicz's minimiser is not unique off its box). */
const TRANSFORMABLE = new Set(['ackley', 'levy', 'rosenbrock', 'styblinski-tang']);
const TRANSFORMS: readonly Transform[] = ['shifted', 'rotated'];
export const MAX_SCALABLE_DIMENSION = 50;

/** Names listed in help texts (the scalable families take any dimension from 1, Rosenbrock 2, to 50). */
export const BUILTIN_OBJECTIVE_EXAMPLES = [
  'hartmann6', 'branin', 'ackley-2', 'ackley-5', 'levy-2', 'levy-4', 'rosenbrock-4', 'michalewicz-5', 'styblinski-tang-6',
  'shifted-levy-8', 'rotated-ackley-6', 'toy7-constrained', 'virtual-lab',
] as const;

export function isBuiltinObjectiveName(name: string): boolean {
  return name in FIXED || parseScalable(name) !== undefined;
}

export async function builtinObjective(name: string): Promise<BenchmarkObjective> {
  const fixed = FIXED[name];
  if (fixed) return fixed();
  const scalable = parseScalable(name);
  if (scalable) {
    const base = BY_DIMENSION[scalable.family](scalable.dimension);
    return scalable.transform === undefined ? base : transformedObjective(scalable.transform, scalable.family, base);
  }
  throw new Error(`unknown built-in objective '${name}'; expected one of ${BUILTIN_OBJECTIVE_EXAMPLES.join(', ')} (${Object.keys(BY_DIMENSION).map((f) => `${f}-D`).join(', ')} for D up to ${MAX_SCALABLE_DIMENSION}; shifted- and rotated- of ${[...TRANSFORMABLE].join(', ')}) or a module path`);
}

function parseScalable(name: string): { family: string; dimension: number; transform?: Transform } | undefined {
  const match = /^(?:(shifted|rotated)-)?([a-z]+(?:-[a-z]+)*)-(\d+)$/.exec(name);
  if (!match || !(match[2] in BY_DIMENSION)) return undefined;
  const transform = match[1] as Transform | undefined;
  if (transform !== undefined && (!TRANSFORMS.includes(transform) || !TRANSFORMABLE.has(match[2]))) return undefined;
  const dimension = Number(match[3]);
  if (dimension < (MIN_DIMENSION[match[2]] ?? 1) || dimension > MAX_SCALABLE_DIMENSION) return undefined;
  return { family: match[2], dimension, ...(transform === undefined ? {} : { transform }) };
}
