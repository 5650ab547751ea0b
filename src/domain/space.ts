// A box-bounded search space with linear inequality constraints, in physical units,
// and its dimensionless form (each input scaled to [0, 1]). Planners work on the
// dimensionless form; the same linear constraints are mapped into it.
import { z } from 'zod';

export const parameterSchema = z.object({
  name: z.string().min(1),
  lower: z.number().finite(),
  upper: z.number().finite(),
  unit: z.string().optional(),
  description: z.string().optional(),
}).refine((p) => p.upper > p.lower, { message: 'upper must be greater than lower' });
export type Parameter = z.infer<typeof parameterSchema>;

/** sum_i coefficients[name_i] * value_i <= bound, in physical units. */
export const linearConstraintSchema = z.object({
  name: z.string().min(1),
  coefficients: z.record(z.string(), z.number().finite()),
  bound: z.number().finite(),
  description: z.string().optional(),
});
export type LinearConstraint = z.infer<typeof linearConstraintSchema>;

export const parameterSpaceSchema = z.object({
  parameters: z.array(parameterSchema).min(1),
  constraints: z.array(linearConstraintSchema).default([]),
}).superRefine((space, ctx) => {
  const names = new Set<string>();
  for (const p of space.parameters) {
    if (names.has(p.name)) ctx.addIssue({ code: 'custom', message: `duplicate parameter name '${p.name}'` });
    names.add(p.name);
  }
  for (const c of space.constraints) {
    for (const key of Object.keys(c.coefficients)) {
      if (!names.has(key)) ctx.addIssue({ code: 'custom', message: `constraint '${c.name}' names unknown parameter '${key}'` });
    }
  }
});
export type ParameterSpace = z.infer<typeof parameterSpaceSchema>;

/** How far a point is from satisfying one constraint (positive = violated by that much). */
export interface ConstraintViolation {
  constraint: string;
  description?: string;
  /** lhs - bound in physical units; > 0 means violated. */
  excess: number;
}

export function toPhysical(space: ParameterSpace, unit: ArrayLike<number>): number[] {
  return space.parameters.map((p, i) => p.lower + unit[i] * (p.upper - p.lower));
}

export function toUnit(space: ParameterSpace, physical: ArrayLike<number>): number[] {
  return space.parameters.map((p, i) => (physical[i] - p.lower) / (p.upper - p.lower));
}

export function pointToRecord(space: ParameterSpace, physical: ArrayLike<number>): Record<string, number> {
  return Object.fromEntries(space.parameters.map((p, i) => [p.name, physical[i]]));
}

export function recordToPoint(space: ParameterSpace, record: Record<string, number>): number[] {
  return space.parameters.map((p) => {
    const value = record[p.name];
    if (value === undefined) throw new Error(`missing parameter '${p.name}'`);
    return value;
  });
}

/**
 * Constraints of the space in the dimensionless form: a.u <= b with u in [0,1]^d.
 * x_i = lower_i + u_i * range_i, so a_i = c_i * range_i and b = bound - sum c_i * lower_i.
 */
export interface UnitConstraint {
  name: string;
  weights: Float64Array;
  bound: number;
}

export function unitConstraints(space: ParameterSpace): UnitConstraint[] {
  return space.constraints.map((c) => {
    const weights = new Float64Array(space.parameters.length);
    let bound = c.bound;
    space.parameters.forEach((p, i) => {
      const coefficient = c.coefficients[p.name] ?? 0;
      weights[i] = coefficient * (p.upper - p.lower);
      bound -= coefficient * p.lower;
    });
    return { name: c.name, weights, bound };
  });
}

/** Violations of bounds and constraints at a physical point; empty when feasible. */
export function violations(space: ParameterSpace, physical: ArrayLike<number>, tolerance = 1e-9): ConstraintViolation[] {
  const found: ConstraintViolation[] = [];
  space.parameters.forEach((p, i) => {
    const value = physical[i];
    if (!Number.isFinite(value)) found.push({ constraint: `${p.name} finite`, excess: Number.POSITIVE_INFINITY });
    else if (value < p.lower - tolerance * (p.upper - p.lower)) found.push({ constraint: `${p.name} >= ${p.lower}`, excess: p.lower - value });
    else if (value > p.upper + tolerance * (p.upper - p.lower)) found.push({ constraint: `${p.name} <= ${p.upper}`, excess: value - p.upper });
  });
  for (const c of space.constraints) {
    let lhs = 0;
    space.parameters.forEach((p, i) => { lhs += (c.coefficients[p.name] ?? 0) * physical[i]; });
    const scale = Math.max(1, Math.abs(c.bound));
    if (lhs - c.bound > tolerance * scale) found.push({ constraint: c.name, description: c.description, excess: lhs - c.bound });
  }
  return found;
}

export function isFeasibleUnit(constraints: readonly UnitConstraint[], unit: ArrayLike<number>, tolerance = 1e-9): boolean {
  for (let i = 0; i < unit.length; i++) if (!(unit[i] >= -tolerance && unit[i] <= 1 + tolerance)) return false;
  for (const c of constraints) {
    let lhs = 0;
    for (let i = 0; i < unit.length; i++) lhs += c.weights[i] * unit[i];
    if (lhs > c.bound + tolerance * Math.max(1, Math.abs(c.bound))) return false;
  }
  return true;
}
