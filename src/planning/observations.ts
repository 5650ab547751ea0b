// Results told to a planner: parsed, checked against the space, and turned into records.
import { z } from 'zod';
import { describeViolation, recordToPoint, toUnit, violations, type ParameterSpace, type PointRecord } from '../domain/space.js';

export const observationInputSchema = z.strictObject({
  id: z.string().min(1).optional(),
  /** May be left out when `id` names a pending proposal: its point is used. */
  point: z.record(z.string(), z.unknown()).optional(),
  value: z.unknown().optional(),
  failed: z.boolean().optional(),
});

/** What a caller tells a planner: a measured value, or a failed run (`failed: true` or no value). */
export interface ObservationInput {
  id?: string;
  point?: PointRecord;
  value?: number | null;
  failed?: boolean;
}

/** An observation as the planner keeps it. `value` is null exactly when the run failed. */
export interface Observation<P extends PointRecord = PointRecord> {
  id: string;
  point: P;
  value: number | null;
  failed: boolean;
}

export interface ObservationRecord extends Observation {
  unit: number[];
}

/** Parses and validates one observation; throws an Error that names the observation and the problem. */
export function parseObservation(space: ParameterSpace, input: unknown, label: string): Omit<ObservationRecord, 'id'> & { id?: string } {
  const parsed = observationInputSchema.safeParse(input);
  if (!parsed.success) throw new Error(`${label}: ${z.prettifyError(parsed.error)}`);
  const { id, value, failed } = parsed.data;
  const where = id ? `${label} (id '${id}')` : label;
  const point = parsed.data.point;
  if (point === undefined) throw new Error(`${where}: point is required (it can be left out only for the id of a pending proposal)`);

  const names = new Set(space.parameters.map((p) => p.name));
  for (const key of Object.keys(point)) if (!names.has(key)) throw new Error(`${where}: unknown parameter '${key}'`);
  const checked: PointRecord = {};
  for (const p of space.parameters) {
    const v = point[p.name];
    if (v === undefined) throw new Error(`${where}: missing parameter '${p.name}'`);
    if (p.type === 'categorical') {
      if (typeof v !== 'string' || !p.values.includes(v)) throw new Error(`${where}: parameter '${p.name}' must be one of ${p.values.map((x) => `'${x}'`).join(', ')}, got ${JSON.stringify(v)}`);
    } else if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new Error(`${where}: parameter '${p.name}' must be a finite number, got ${String(v)}`);
    }
    checked[p.name] = v as number | string;
  }
  const physical = recordToPoint(space, checked);
  const broken = violations(space, physical);
  if (broken.length > 0) {
    const list = broken.map(describeViolation).join('; ');
    throw new Error(`${where}: point is outside the parameter space: ${list}`);
  }

  const hasValue = value !== undefined && value !== null;
  if (hasValue && (typeof value !== 'number' || !Number.isFinite(value))) {
    throw new Error(`${where}: value must be a finite number, got ${String(value)}; report a run without a result as failed: true`);
  }
  if (hasValue && failed === true) throw new Error(`${where}: a failed run cannot carry a value; drop the value or set failed: false`);
  if (!hasValue && failed === false) throw new Error(`${where}: a run that did not fail needs a finite value`);
  const isFailed = !hasValue;
  return { id, point: checked, unit: toUnit(space, physical), value: isFailed ? null : (value as number), failed: isFailed };
}
