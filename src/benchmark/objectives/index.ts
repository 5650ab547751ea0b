// The built-in objectives by name: fixed ones plus Ackley and Levy in any dimension (`ackley-5`).
import { ackleyObjective } from './ackley.js';
import { braninObjective } from './branin.js';
import { constrainedToyObjective } from './constrained-toy.js';
import { hartmann6Objective } from './hartmann6.js';
import { levyObjective } from './levy.js';
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
};
export const MAX_SCALABLE_DIMENSION = 50;

/** Names listed in help texts (Ackley and Levy take any dimension from 1 to 50). */
export const BUILTIN_OBJECTIVE_EXAMPLES = ['hartmann6', 'branin', 'ackley-2', 'ackley-5', 'levy-2', 'levy-4', 'toy7-constrained', 'virtual-lab'] as const;

export function isBuiltinObjectiveName(name: string): boolean {
  return name in FIXED || parseScalable(name) !== undefined;
}

export async function builtinObjective(name: string): Promise<BenchmarkObjective> {
  const fixed = FIXED[name];
  if (fixed) return fixed();
  const scalable = parseScalable(name);
  if (scalable) return BY_DIMENSION[scalable.family](scalable.dimension);
  throw new Error(`unknown built-in objective '${name}'; expected one of ${BUILTIN_OBJECTIVE_EXAMPLES.join(', ')} (ackley-D and levy-D for D in 1..${MAX_SCALABLE_DIMENSION}) or a module path`);
}

function parseScalable(name: string): { family: string; dimension: number } | undefined {
  const match = /^([a-z]+)-(\d+)$/.exec(name);
  if (!match || !(match[1] in BY_DIMENSION)) return undefined;
  const dimension = Number(match[2]);
  if (dimension < 1 || dimension > MAX_SCALABLE_DIMENSION) return undefined;
  return { family: match[1], dimension };
}
