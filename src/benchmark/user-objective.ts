// A user objective is an ES module (TypeScript or JavaScript) whose default export is
//   { name, description?, parameters: [{ name, lower, upper, unit? }], direction, optimum?, constraints?, evaluate(point), context? }.
// The export is checked with zod; every problem is named in one line.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { z } from 'zod';
import { linearConstraintSchema, parameterSpaceSchema, requireNumericSpace } from '../domain/space.js';
import { functionObjective } from './objectives/function-objective.js';
import type { BenchmarkObjective } from './objectives/types.js';

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

export const userObjectiveSchema = z.strictObject({
  name: z.string().min(1, 'must be a non-empty string'),
  description: z.string().optional(),
  parameters: z.array(z.strictObject({ name: z.string().min(1), lower: finite, upper: finite, unit: z.string().optional() })
    .refine((p) => p.upper > p.lower, { message: 'upper must be greater than lower', path: ['upper'] }))
    .min(1, 'needs at least one parameter'),
  direction: z.enum(['maximize', 'minimize']),
  /** The best attainable value, or { value, point }. */
  optimum: z.union([finite, z.strictObject({ value: finite, point: z.record(z.string(), finite).optional() })]).optional(),
  constraints: z.array(linearConstraintSchema).optional(),
  evaluate: z.custom<(point: Record<string, number>) => unknown>((v) => typeof v === 'function', 'must be a function (point) => number'),
  /** Anything evaluate keeps on the export (read through this.context); every other unknown key is an error. */
  context: z.unknown().optional(),
});
export type UserObjective = z.infer<typeof userObjectiveSchema>;

/** A module that cannot be loaded or whose export is malformed. */
export class ObjectiveModuleError extends Error {
  constructor(readonly modulePath: string, problem: string) {
    super(`objective module ${modulePath}: ${problem}`);
    this.name = 'ObjectiveModuleError';
  }
}

/** Checks an exported value and turns it into a benchmark objective. */
export function objectiveFromExport(exported: unknown, modulePath: string): BenchmarkObjective {
  const parsed = userObjectiveSchema.safeParse(exported);
  if (!parsed.success) throw new ObjectiveModuleError(modulePath, describeIssues(parsed.error.issues));
  const definition = parsed.data;
  const space = parameterSpaceSchema.safeParse({
    parameters: definition.parameters.map(({ name, lower, upper }) => ({ name, lower, upper })),
    constraints: definition.constraints ?? [],
  });
  if (!space.success) throw new ObjectiveModuleError(modulePath, describeIssues(space.error.issues));
  const optimum = typeof definition.optimum === 'number' ? { value: definition.optimum } : definition.optimum;
  if (optimum?.point) {
    const names = new Set(definition.parameters.map((p) => p.name));
    const unknown = Object.keys(optimum.point).filter((k) => !names.has(k));
    if (unknown.length > 0) throw new ObjectiveModuleError(modulePath, `optimum.point: unknown parameter(s) ${unknown.join(', ')}`);
  }
  // Call evaluate on the export itself, so a method that uses `this` still works.
  const target = exported as UserObjective;
  return functionObjective({
    name: definition.name,
    space: requireNumericSpace(space.data),
    direction: definition.direction,
    optimum,
    evaluate: (point) => target.evaluate(point) as number | Promise<number>,
  });
}

export async function loadObjectiveModule(modulePath: string): Promise<BenchmarkObjective> {
  const absolute = resolve(modulePath);
  if (!existsSync(absolute)) throw new ObjectiveModuleError(modulePath, 'file not found');
  let module: Record<string, unknown>;
  try {
    // tsImport compiles TypeScript whatever the package type around the file; a plain
    // import() would hand a .ts file outside an ESM package to Node's CommonJS loader as is.
    module = await tsImport(pathToFileURL(absolute).href, import.meta.url);
  } catch (error) {
    throw new ObjectiveModuleError(modulePath, `could not be loaded: ${firstLine((error as Error).message)}`);
  }
  const exported = defaultExport(module);
  if (exported === undefined) {
    throw new ObjectiveModuleError(modulePath, 'no default export; expected export default { name, parameters, direction, evaluate }');
  }
  return objectiveFromExport(exported, modulePath);
}

/**
 * An ES module compiled to CommonJS (a .ts file outside an ESM package) arrives as
 * { default: module.exports } with the __esModule marker; its own default export is one level down.
 */
function defaultExport(module: Record<string, unknown>): unknown {
  const outer = module.default;
  if (outer !== null && typeof outer === 'object' && (outer as { __esModule?: unknown }).__esModule === true) return (outer as { default?: unknown }).default;
  return outer;
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(export)'}: ${issue.message}`).join('; ');
}

function firstLine(text: string): string {
  return text.split('\n')[0];
}
