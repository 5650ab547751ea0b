// Planner options and the plain-JSON planner state, with the zod schemas that check them.
import { z } from 'zod';
import { parameterSpaceSchema } from '../domain/space.js';
import { surrogateSpecSchema } from '../models/surrogates/registry.js';
import { observationInputSchema } from './observations.js';
import { policies, policyNameSchema, policySurrogateProblem } from './policies/registry.js';
import { DESIGN_SAMPLERS } from './samplers/index.js';
import { trustRegionSettingsSchema } from './trust-region.js';

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

export const objectiveSchema = z.object({
  name: z.string().min(1),
  direction: z.enum(['maximize', 'minimize']),
});

export type { SurrogateSpec } from '../models/surrogates/registry.js';

/** The named policy's options as given; checked against that policy's strict schema below. */
export const policyOptionsSchema = z.record(z.string(), z.unknown());

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
  /** Trial points leaving the box: reflected at the face (default) or clamped to it. */
  boundary: z.enum(['clamp', 'reflect']).optional(),
  /**
   * Search a TuRBO-style box around the best observation, sized by the history (trust-region.ts);
   * false: the whole region. Left out: an ENN with a policy that seeks the optimum searches one
   * with a local model, anything else the whole region (search-defaults.ts).
   */
  trustRegion: z.union([trustRegionSettingsSchema, z.literal(false)]).optional(),
});
export type OptimizerSettings = z.infer<typeof optimizerSettingsSchema>;

export const plannerOptionsShape = z.strictObject({
  space: parameterSpaceSchema,
  objective: objectiveSchema,
  policy: policyNameSchema,
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

/** Policy options fit the policy, and the policy can run on the surrogate. */
export function checkPolicy(options: { policy: string; policyOptions?: Record<string, unknown>; surrogate?: { kind: string } }, ctx: z.RefinementCtx): void {
  const policy = policies.find(options.policy);
  if (!policy) return; // policyNameSchema has said why
  const parsed = policy.optionsSchema.safeParse(options.policyOptions ?? {});
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: ['policyOptions', ...issue.path], message: `${issue.message} (policy '${options.policy}')` });
  }
  const problem = policySurrogateProblem(options.policy, options.surrogate?.kind);
  if (problem) ctx.addIssue({ code: 'custom', path: [options.surrogate ? 'surrogate' : 'policy'], message: problem });
}

export const plannerOptionsSchema = plannerOptionsShape.superRefine(checkPolicy);
export type PlannerOptionsInput = z.input<typeof plannerOptionsSchema>;
export type PlannerOptions = z.output<typeof plannerOptionsSchema>;

const unitPointSchema = z.array(finite);
/** A point by parameter name: numbers, and a categorical parameter's value name. */
const recordSchema = z.record(z.string(), z.union([finite, z.string()]));

export const PLANNER_STATE_FORMAT = 'sdfl-planner-state';

/**
 * The surrogate warm start of the last policy ask: at data version `dataVersion` the model
 * started from `used` (absent: a cold fit) and ended with `fitted` (`Surrogate.warmStart()`).
 */
export const warmStartStateSchema = z.strictObject({
  dataVersion: z.number().int().min(0),
  used: z.json().optional(),
  fitted: z.json(),
});
export type WarmStartState = z.infer<typeof warmStartStateSchema>;

export const plannerStateSchema = z.strictObject({
  format: z.literal(PLANNER_STATE_FORMAT),
  version: z.literal(1),
  options: plannerOptionsShape.omit({ prior: true }).superRefine(checkPolicy),
  randomState: z.array(z.number().int()),
  design: z.array(unitPointSchema),
  designIssued: z.number().int().min(0),
  /** Whether the first ask found data already told (then the initial design is skipped). */
  informed: z.boolean(),
  asked: z.boolean(),
  /** Observations that precede the first policy point (the trust region's baseline); older states lack it. */
  baseline: z.number().int().min(0).optional(),
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
  /** Ids of proposals dropped with abandon(); never handed out again. */
  abandoned: z.array(z.string().min(1)).optional(),
  nextId: z.number().int().min(1),
  dataVersion: z.number().int().min(0),
  /** Absent until a policy ask used a surrogate that offers a warm start (the GP). */
  warmStart: warmStartStateSchema.optional(),
});
export type PlannerState = z.infer<typeof plannerStateSchema>;
