// A box-bounded search space with linear inequality constraints, in physical units,
// and its dimensionless form (each input scaled to [0, 1]). Planners work on the
// dimensionless form; the same linear constraints are mapped into it.
import { z } from 'zod';

const finiteNumber = z.number().finite();

/** A number between bounds; `scale: 'log'` spreads the search evenly over decades (bounds > 0). */
export interface ContinuousParameter {
  name: string;
  /** Left out, a parameter is continuous. */
  type?: 'continuous';
  lower: number;
  upper: number;
  scale?: 'linear' | 'log';
  unit?: string;
  description?: string;
}

/** A whole number between bounds (both included). */
export interface IntegerParameter {
  name: string;
  type: 'integer';
  lower: number;
  upper: number;
  unit?: string;
  description?: string;
}

/** One of a few named choices (a solvent, a ligand), with no order between them. */
export interface CategoricalParameter {
  name: string;
  type: 'categorical';
  values: string[];
  description?: string;
}

export type Parameter = ContinuousParameter | IntegerParameter | CategoricalParameter;
export type NumericParameter = ContinuousParameter | IntegerParameter;

const continuousParameterSchema = z.strictObject({
  name: z.string().min(1),
  type: z.literal('continuous').optional(),
  lower: finiteNumber,
  upper: finiteNumber,
  scale: z.enum(['linear', 'log']).optional(),
  unit: z.string().optional(),
  description: z.string().optional(),
}).refine((p) => p.upper > p.lower, { message: 'upper must be greater than lower', path: ['upper'] })
  .refine((p) => p.scale !== 'log' || p.lower > 0, { message: 'a log-scale parameter needs lower > 0', path: ['lower'] });

const integerParameterSchema = z.strictObject({
  name: z.string().min(1),
  type: z.literal('integer'),
  lower: z.number().int(),
  upper: z.number().int(),
  unit: z.string().optional(),
  description: z.string().optional(),
}).refine((p) => p.upper > p.lower, { message: 'upper must be greater than lower', path: ['upper'] });

const categoricalParameterSchema = z.strictObject({
  name: z.string().min(1),
  type: z.literal('categorical'),
  values: z.array(z.string().min(1)).min(2).refine((v) => new Set(v).size === v.length, 'values must differ'),
  description: z.string().optional(),
});

/** A parameter without a `type` is continuous. */
export const parameterSchema: z.ZodType<Parameter, Parameter> = z.discriminatedUnion('type', [continuousParameterSchema, integerParameterSchema, categoricalParameterSchema]);

export function isNumeric(parameter: Parameter): parameter is NumericParameter {
  return parameter.type !== 'categorical';
}

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

/** A space as written: constraints may be left out. */
export interface ParameterSpaceInput {
  parameters: Parameter[];
  constraints?: LinearConstraint[];
}

export const parameterSpaceSchema = z.strictObject({
  parameters: z.array(parameterSchema).min(1),
  constraints: z.array(linearConstraintSchema).default([]),
}).superRefine((space, ctx) => {
  const byName = new Map<string, Parameter>();
  for (const p of space.parameters) {
    if (byName.has(p.name)) ctx.addIssue({ code: 'custom', message: `duplicate parameter name '${p.name}'` });
    byName.set(p.name, p);
  }
  for (const c of space.constraints) {
    for (const key of Object.keys(c.coefficients)) {
      const p = byName.get(key);
      if (!p) ctx.addIssue({ code: 'custom', message: `constraint '${c.name}' names unknown parameter '${key}'` });
      else if (p.type === 'categorical') ctx.addIssue({ code: 'custom', message: `constraint '${c.name}' names the categorical parameter '${key}'; linear constraints take numeric parameters` });
      else if (p.type !== 'integer' && p.scale === 'log') ctx.addIssue({ code: 'custom', message: `constraint '${c.name}' names the log-scale parameter '${key}'; a linear constraint on it is not linear in the search space` });
    }
  }
}) satisfies z.ZodType<ParameterSpace, ParameterSpaceInput>;
export interface ParameterSpace {
  parameters: Parameter[];
  constraints: LinearConstraint[];
}
/** A space whose parameters are all numeric (the rig's, the benchmark functions'). */
export interface NumericSpace {
  parameters: NumericParameter[];
  constraints: LinearConstraint[];
}

/** A point keyed by parameter name: numbers, and the chosen value's name for a categorical parameter. */
export type PointRecord = Record<string, number | string>;

export function isNumericSpace(space: ParameterSpace): space is NumericSpace {
  return space.parameters.every(isNumeric);
}

/** The space's points as plain numbers; throws for a space with categorical parameters. */
export function requireNumericSpace(space: ParameterSpace): NumericSpace {
  if (!isNumericSpace(space)) throw new Error(`this needs numeric parameters only; '${space.parameters.find((p) => !isNumeric(p))?.name}' is categorical`);
  return space;
}

/** A record whose values are all numbers (points of a numeric space). */
export function numericRecord(record: PointRecord): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [name, value] of Object.entries(record)) {
    if (typeof value !== 'number') throw new Error(`parameter '${name}' is '${value}', a number was expected`);
    result[name] = value;
  }
  return result;
}

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

/*
 * The dimensionless form the planner searches. Each numeric parameter is one coordinate in
 * [0, 1] (linear, or linear in log x for a log-scale parameter; an integer k of lower..upper
 * sits at the centre of its cell, (k - lower + 0.5) / (upper - lower + 1)); a categorical
 * parameter with m values is m coordinates, one-hot, read back by the largest. Physical
 * points are arrays of numbers in parameter order, a categorical value by its index.
 */

/** Coordinates of each parameter in the unit form: [offset, width]. */
export function encodedLayout(space: ParameterSpace): { offset: number; width: number }[] {
  let offset = 0;
  return space.parameters.map((p) => {
    const width = p.type === 'categorical' ? p.values.length : 1;
    const slot = { offset, width };
    offset += width;
    return slot;
  });
}

export function encodedDimension(space: ParameterSpace): number {
  return space.parameters.reduce((n, p) => n + (p.type === 'categorical' ? p.values.length : 1), 0);
}

/** Whether some coordinates must be rounded (integer or categorical parameters). */
export function hasDiscreteParameters(space: ParameterSpace): boolean {
  return space.parameters.some((p) => p.type === 'integer' || p.type === 'categorical');
}

export function toPhysical(space: ParameterSpace, unit: ArrayLike<number>): number[] {
  const layout = encodedLayout(space);
  return space.parameters.map((p, i) => {
    const { offset } = layout[i];
    if (p.type === 'categorical') {
      let best = 0;
      for (let k = 1; k < p.values.length; k++) if (unit[offset + k] > unit[offset + best]) best = k;
      return best;
    }
    const u = unit[offset];
    if (p.type === 'integer') {
      const cells = p.upper - p.lower + 1;
      return p.lower + Math.min(cells - 1, Math.max(0, Math.floor(u * cells)));
    }
    if (p.scale === 'log') return Math.exp(Math.log(p.lower) + u * (Math.log(p.upper) - Math.log(p.lower)));
    return p.lower + u * (p.upper - p.lower);
  });
}

export function toUnit(space: ParameterSpace, physical: ArrayLike<number>): number[] {
  const unit: number[] = [];
  space.parameters.forEach((p, i) => {
    const x = physical[i];
    if (p.type === 'categorical') for (let k = 0; k < p.values.length; k++) unit.push(k === x ? 1 : 0);
    else if (p.type === 'integer') unit.push((x - p.lower + 0.5) / (p.upper - p.lower + 1));
    else if (p.scale === 'log') unit.push((Math.log(x) - Math.log(p.lower)) / (Math.log(p.upper) - Math.log(p.lower)));
    else unit.push((x - p.lower) / (p.upper - p.lower));
  });
  return unit;
}

/**
 * The unit point of the physical point a unit point stands for: integer and categorical
 * coordinates rounded to their cells, continuous ones untouched (bit for bit).
 */
export function snapUnit(space: ParameterSpace, unit: ArrayLike<number>): number[] {
  const snapped = Array.from(unit);
  if (!hasDiscreteParameters(space)) return snapped;
  const physical = toPhysical(space, unit);
  const encoded = toUnit(space, physical);
  encodedLayout(space).forEach(({ offset, width }, i) => {
    const type = space.parameters[i].type;
    if (type !== 'integer' && type !== 'categorical') return;
    for (let k = 0; k < width; k++) snapped[offset + k] = encoded[offset + k];
  });
  return snapped;
}

export function pointToRecord(space: ParameterSpace, physical: ArrayLike<number>): PointRecord {
  return Object.fromEntries(space.parameters.map((p, i) => [p.name, p.type === 'categorical' ? p.values[physical[i]] : physical[i]]));
}

export function recordToPoint(space: ParameterSpace, record: PointRecord): number[] {
  return space.parameters.map((p) => {
    const value = record[p.name];
    if (value === undefined) throw new Error(`missing parameter '${p.name}'`);
    if (p.type === 'categorical') {
      const index = typeof value === 'string' ? p.values.indexOf(value) : -1;
      if (index < 0) throw new Error(`parameter '${p.name}' must be one of ${p.values.map((v) => `'${v}'`).join(', ')}, got ${JSON.stringify(value)}`);
      return index;
    }
    if (typeof value !== 'number') throw new Error(`parameter '${p.name}' must be a number, got ${JSON.stringify(value)}`);
    return value;
  });
}

/**
 * Constraints of the space in the dimensionless form: a.u <= b with u in [0,1]^D. For a linear
 * parameter x_i = lower_i + u_i * range_i, so a_i = c_i * range_i and b = bound - sum c_i * lower_i;
 * an integer parameter uses its continuous relaxation x = lower - 0.5 + u * (cells), so a rounded
 * point is checked again in physical units.
 */
export interface UnitConstraint {
  name: string;
  weights: Float64Array;
  bound: number;
}

export function unitConstraints(space: ParameterSpace): UnitConstraint[] {
  const layout = encodedLayout(space);
  const dimension = encodedDimension(space);
  return space.constraints.map((c) => {
    const weights = new Float64Array(dimension);
    let bound = c.bound;
    space.parameters.forEach((p, i) => {
      const coefficient = c.coefficients[p.name] ?? 0;
      if (coefficient === 0 || p.type === 'categorical') return;
      const { offset } = layout[i];
      if (p.type === 'integer') {
        weights[offset] = coefficient * (p.upper - p.lower + 1);
        bound -= coefficient * (p.lower - 0.5);
      } else {
        weights[offset] = coefficient * (p.upper - p.lower);
        bound -= coefficient * p.lower;
      }
    });
    return { name: c.name, weights, bound };
  });
}

/** Violations of bounds and constraints at a physical point; empty when feasible. */
export function violations(space: ParameterSpace, physical: ArrayLike<number>, tolerance = 1e-9): ConstraintViolation[] {
  const found: ConstraintViolation[] = [];
  space.parameters.forEach((p, i) => {
    const value = physical[i];
    if (p.type === 'categorical') {
      if (!Number.isInteger(value) || value < 0 || value >= p.values.length) found.push({ constraint: `${p.name} is one of ${p.values.join(', ')}`, excess: Number.POSITIVE_INFINITY });
      return;
    }
    if (!Number.isFinite(value)) found.push({ constraint: `${p.name} finite`, excess: Number.POSITIVE_INFINITY });
    else if (p.type === 'integer' && !Number.isInteger(value)) found.push({ constraint: `${p.name} is a whole number`, excess: Math.abs(value - Math.round(value)) });
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
