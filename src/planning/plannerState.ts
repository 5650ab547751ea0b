// Planner options and the plain-JSON planner state, with the zod schemas that check them.
import { z } from 'zod';
import { parameterSpaceSchema } from '../domain/space.js';
import { ACQUISITION_POLICIES } from './acquisition.js';
import { observationInputSchema } from './observations.js';
import { DESIGN_SAMPLERS } from './samplers/index.js';

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

export const objectiveSchema = z.object({
  name: z.string().min(1),
  direction: z.enum(['maximize', 'minimize']),
});

/** The surrogate to fit, e.g. { kind: 'enn', members: 10 } or { kind: 'gp' }; the models layer reads the rest. */
export const surrogateSpecSchema = z.looseObject({ kind: z.string().min(1) });
export type SurrogateSpec = z.infer<typeof surrogateSpecSchema>;

export const policyOptionsSchema = z.strictObject({
  xi: finite.refine((v) => v >= 0, 'xi must be >= 0').optional(),
  beta: finite.refine((v) => v >= 0, 'beta must be >= 0').optional(),
});

export const optimizerSettingsSchema = z.strictObject({
  poolSize: z.number().int().min(16).optional(),
  anchors: z.number().int().min(0).optional(),
  anchorSamples: z.number().int().min(0).optional(),
  anchorRadius: finite.refine((v) => v > 0).optional(),
  refineStarts: z.number().int().min(1).optional(),
  refineRounds: z.number().int().min(0).optional(),
  refineSamples: z.number().int().min(1).optional(),
  refineRadius: finite.refine((v) => v > 0).optional(),
  minDistance: finite.refine((v) => v >= 0).optional(),
  penaltyRadius: finite.refine((v) => v > 0).optional(),
});
export type OptimizerSettings = z.infer<typeof optimizerSettingsSchema>;

export const plannerOptionsSchema = z.strictObject({
  space: parameterSpaceSchema,
  objective: objectiveSchema,
  policy: z.enum(ACQUISITION_POLICIES),
  policyOptions: policyOptionsSchema.optional(),
  surrogate: surrogateSpecSchema.optional(),
  initialDesign: z.strictObject({
    sampler: z.enum(DESIGN_SAMPLERS),
    count: z.number().int().min(0),
  }),
  seed: z.number().int(),
  optimizer: optimizerSettingsSchema.optional(),
  /** Earlier data (e.g. the digital-twin campaign) that informs the surrogate; skips the initial design. */
  prior: z.array(observationInputSchema).optional(),
});
export type PlannerOptionsInput = z.input<typeof plannerOptionsSchema>;
export type PlannerOptions = z.output<typeof plannerOptionsSchema>;

const unitPointSchema = z.array(finite);
const recordSchema = z.record(z.string(), finite);

export const PLANNER_STATE_FORMAT = 'sdfl-planner-state';

export const plannerStateSchema = z.strictObject({
  format: z.literal(PLANNER_STATE_FORMAT),
  version: z.literal(1),
  options: plannerOptionsSchema.omit({ prior: true }),
  randomState: z.array(z.number().int()),
  design: z.array(unitPointSchema),
  designIssued: z.number().int().min(0),
  /** Whether the first ask found data already told (then the initial design is skipped). */
  informed: z.boolean(),
  asked: z.boolean(),
  observations: z.array(z.strictObject({
    id: z.string().min(1),
    point: recordSchema,
    unit: unitPointSchema,
    value: finite.nullable(),
    failed: z.boolean(),
  })),
  pending: z.array(z.strictObject({
    id: z.string().min(1),
    point: recordSchema,
    unit: unitPointSchema,
    reason: z.enum(['initial-design', 'policy']),
    predictedMean: finite.optional(),
    predictedStd: finite.optional(),
    acquisition: finite.optional(),
  })),
  nextId: z.number().int().min(1),
  dataVersion: z.number().int().min(0),
});
export type PlannerState = z.infer<typeof plannerStateSchema>;
