// A box-bounded search space with linear inequality constraints, in physical units,
// and its dimensionless form (each input scaled to [0, 1]). Planners work on the
// dimensionless form; the same linear constraints are mapped into it.
import { z } from 'zod';

export const parameterSchema = z.strictObject({
  name: z.string().min(1),
  lower: z.number().finite(),
  upper: z.number().finite(),
  unit: z.string().optional(),
  description: z.string().optional(),
}).refine((p) => p.upper > p.lower, { message: 'upper must be greater than lower' });
export type Parameter = z.infer<typeof parameterSchema>;

/**
 * The quantity a constraint limits, so a violation can be told in its own units: the value is
 * scale * lhs ('linear') or scale / lhs ('reciprocal', e.g. a time from a flow), and `limit` is
 * the bound in those units.
 */
export const constraintQuantitySchema = z.strictObject({
  name: z.string().min(1),
  unit: z.string(),
  transform: z.enum(['linear', 'reciprocal']),
  scale: z.number().finite().refine((v) => v !== 0, 'must not be 0'),
  limit: z.number().finite(),
  kind: z.enum(['max', 'min']),
});
export type ConstraintQuantity = z.infer<typeof constraintQuantitySchema>;

/** sum_i coefficients[name_i] * value_i <= bound, in physical units. */
export const linearConstraintSchema = z.strictObject({
  name: z.string().min(1),
  coefficients: z.record(z.string(), z.number().finite()),
  bound: z.number().finite(),
  description: z.string().optional(),
  quantity: constraintQuantitySchema.optional(),
});
export type LinearConstraint = z.infer<typeof linearConstraintSchema>;

export const parameterSpaceSchema = z.strictObject({
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
  /** The limited quantity's value at the point, when the constraint names it. */
  quantity?: { name: string; unit: string; value: number; limit: number; kind: 'max' | 'min' };
}

/** `reaction time 43.4 s is above 42 s (by 1.4 s)`, or the excess of the linear form when the constraint names no quantity. */
export function describeViolation(violation: ConstraintViolation): string {
  const q = violation.quantity;
  const round = (v: number) => String(Number(v.toPrecision(4)));
  if (!q) return `${violation.constraint} (off by ${Number.isFinite(violation.excess) ? round(violation.excess) : 'a non-finite value'})`;
  const unit = q.unit ? ` ${q.unit}` : '';
  const side = q.kind === 'max' ? 'above' : 'below';
  return `${q.name} ${round(q.value)}${unit} is ${side} ${round(q.limit)}${unit} (by ${round(Math.abs(q.value - q.limit))}${unit})`;
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
    else if (value < p.lower - tolerance * (p.upper - p.lower)) found.push({ constraint: `${p.name} >= ${p.lower}`, excess: p.lower - value, quantity: { name: p.name, unit: p.unit ?? '', value, limit: p.lower, kind: 'min' } });
    else if (value > p.upper + tolerance * (p.upper - p.lower)) found.push({ constraint: `${p.name} <= ${p.upper}`, excess: value - p.upper, quantity: { name: p.name, unit: p.unit ?? '', value, limit: p.upper, kind: 'max' } });
  });
  for (const c of space.constraints) {
    let lhs = 0;
    space.parameters.forEach((p, i) => { lhs += (c.coefficients[p.name] ?? 0) * physical[i]; });
    const scale = Math.max(1, Math.abs(c.bound));
    if (lhs - c.bound <= tolerance * scale) continue;
    const q = c.quantity;
    const quantity = q && { name: q.name, unit: q.unit, limit: q.limit, kind: q.kind, value: q.transform === 'linear' ? q.scale * lhs : q.scale / lhs };
    found.push({ constraint: c.name, description: c.description, excess: lhs - c.bound, ...(quantity ? { quantity } : {}) });
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
