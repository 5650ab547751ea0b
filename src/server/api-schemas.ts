// Shapes of what the API accepts and returns. Request schemas check every body, path and
// query; response schemas document the answers (and the tests hold the answers to them).
import { z } from 'zod';
import { campaignSpecSchema } from '../campaigns/campaign-spec.js';
import { eventPayloadSchemas, spectrumJsonSchema, type CampaignEventType } from '../campaigns/events.js';
import { EXPORT_FORMATS } from '../campaigns/export.js';
import { storedFeaturesSchema } from '../store/experiments.js';
import { spectralFeaturesSchema } from '../analysis/features-schema.js';
import { checkPolicy, plannerOptionsShape, policyNameSchema, withPlannerDefaults } from '../planning/index.js';
import { observationInputSchema } from '../planning/observations.js';

const numberRecord = z.record(z.string(), z.number());
/** A planner's point: numbers, and value names of categorical parameters. */
const pointRecord = z.record(z.string(), z.union([z.number(), z.string()]));
const queryInteger = (min: number, max: number) => z.coerce.number({ error: 'expected an integer' }).int('expected an integer').min(min).max(max);

// --- path and query ---

export const campaignIdParams = z.strictObject({ id: z.string().min(1).max(200) });
export const experimentIdParams = z.strictObject({ id: z.string().regex(/^[1-9]\d{0,14}$/, 'expected a positive integer').transform(Number) });
export const plannerIdParams = z.strictObject({ id: z.string().min(1).max(200) });

export const eventsQuery = z.strictObject({
  /** Only events with a higher sequence number. */
  after: queryInteger(0, Number.MAX_SAFE_INTEGER).default(0),
  limit: queryInteger(1, 10_000).default(1000),
});

export const streamQuery = z.strictObject({
  /** Replay the log from here first; without it only new events come. */
  after: queryInteger(0, Number.MAX_SAFE_INTEGER).optional(),
  token: z.string().optional(),
});

export const exportQuery = z.strictObject({ format: z.enum(EXPORT_FORMATS).default('csv') });

// --- bodies ---

export const campaignSpecBody = campaignSpecSchema;

export const resumeBody = z.strictObject({
  /** The syringes were refilled to capacity before resuming. */
  refilled: z.boolean().default(false),
}).optional();

/** Planner options; policy, surrogate, initial design and seed have defaults (GET /api/policies, /api/surrogates). */
export const createPlannerBody = plannerOptionsShape.extend({
  policy: policyNameSchema.optional(),
  initialDesign: plannerOptionsShape.shape.initialDesign.optional(),
  seed: plannerOptionsShape.shape.seed.optional(),
}).superRefine((body, ctx) => checkPolicy(withPlannerDefaults(body), ctx));
export type CreatePlannerBody = z.output<typeof createPlannerBody>;

export const askBody = z.strictObject({ count: z.number().int().min(1).max(100).default(1) }).optional();

export const tellBody = z.strictObject({ observations: z.array(observationInputSchema).min(1).max(10_000) });

export const abandonBody = z.strictObject({ ids: z.array(z.string().min(1)).min(1).max(1000) });

// --- responses ---

export const errorSchema = z.object({
  error: z.string(),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

export const healthSchema = z.object({
  status: z.literal('ok'),
  version: z.string(),
  /** Path of the SQLite file. */
  database: z.string(),
  /** Campaigns this server process is running now. */
  campaignsRunning: z.number().int(),
});

export const campaignSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  policy: z.string().optional(),
  status: z.enum(['new', 'running', 'paused', 'aborted', 'completed']),
  statusReason: z.string().optional(),
  controlRequested: z.enum(['pause', 'abort']).optional(),
  createdAt: z.string(),
  planned: z.number().int().nullable(),
  measured: z.number().int(),
  failed: z.number().int(),
  queued: z.number().int(),
  best: z.object({ value: z.number(), iteration: z.number().int(), experimentId: z.number().int().optional(), condition: numberRecord }).nullable(),
  twin: z.object({
    observations: z.number().int(),
    testR2: z.number().nullable(),
    trainR2: z.number().nullable(),
    trainSize: z.number().int().nullable().optional(),
    testSize: z.number().int().nullable().optional(),
  }).nullable(),
  /** Whether this server process is running the campaign now. */
  active: z.boolean(),
  /** From the event log: when it started and ended, how long its experiments take (for elapsed time and an ETA). */
  timing: z.object({
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    endedAt: z.string().nullable(),
    lastEventAt: z.string(),
    timedExperiments: z.number().int(),
    meanExperimentS: z.number().nullable(),
    runningSince: z.string().nullable(),
  }),
});

export const proposalSchema = z.object({
  proposalId: z.string(),
  unit: z.array(z.number()),
  condition: numberRecord,
  reason: z.string(),
  predictedMean: z.number().optional(),
  predictedStd: z.number().optional(),
  status: z.enum(['queued', 'running', 'measured', 'failed']),
  attempts: z.number().int(),
  experimentId: z.number().int().optional(),
  value: z.number().optional(),
  error: z.string().optional(),
});

export const campaignDetailSchema = z.object({
  summary: campaignSummarySchema,
  spec: campaignSpecSchema,
  state: z.object({
    status: campaignSummarySchema.shape.status,
    statusReason: z.string().optional(),
    proposals: z.array(proposalSchema),
    syringeLevelsUl: numberRecord.optional(),
    lastModel: eventPayloadSchemas['model-fitted'].optional(),
    studyResult: eventPayloadSchemas['study-result'].optional(),
    lastSeq: z.number().int(),
  }),
});

const eventVariants = (Object.keys(eventPayloadSchemas) as CampaignEventType[]).map((type) => z.object({
  seq: z.number().int(),
  at: z.string(),
  type: z.literal(type),
  // The planner snapshot inside each proposal is internal and large; the API leaves it out.
  payload: type === 'proposed' ? eventPayloadSchemas.proposed.omit({ plannerState: true }) : eventPayloadSchemas[type],
}));
export const campaignEventSchema = z.discriminatedUnion('type', eventVariants as unknown as [typeof eventVariants[number], ...typeof eventVariants]);

export const controlResultSchema = z.object({
  id: z.string(),
  requested: z.enum(['pause', 'abort']),
  status: campaignSummarySchema.shape.status,
});

export const recipeSchema = z.looseObject({
  condition: numberRecord,
  temperatureC: z.number(),
  flowsUlPerMin: numberRecord,
  dropletFlowUlPerMin: z.number(),
  reactionTimeS: z.number(),
  residenceTimeS: z.number(),
  equilibrationTimeS: z.number(),
  droplet: numberRecord,
});

export const experimentSchema = z.object({
  id: z.number().int(),
  campaignId: z.string().nullable(),
  status: z.enum(['measured', 'failed']),
  createdAt: z.string(),
  rigKind: z.string(),
  condition: numberRecord,
  recipe: recipeSchema,
  features: storedFeaturesSchema.nullable(),
  rigState: z.record(z.string(), z.unknown()).nullable(),
  startedAtS: z.number().nullable(),
  flowsStartedAtS: z.number().nullable(),
  measuredAtS: z.number().nullable(),
  reagentUsedUl: numberRecord.nullable(),
  error: z.string().nullable(),
});

export const experimentSpectraSchema = z.object({
  experimentId: z.number().int(),
  /** Raw readings by role: absorbance-dark, absorbance-reference, absorbance-sample, pl-dark, pl-sample. */
  raw: z.record(z.string(), spectrumJsonSchema),
  /** Absorbance (null where a pixel was excluded) and dark-corrected PL, recomputed from the raw readings. */
  processed: spectralFeaturesSchema.shape.spectra.nullable(),
  features: spectralFeaturesSchema.omit({ spectra: true }).nullable(),
});

export const liveMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('event'), event: campaignEventSchema }),
  z.object({ type: z.literal('rig'), state: z.record(z.string(), z.unknown()), at: z.string().optional(), final: z.boolean().optional() }),
  z.object({ type: z.literal('run'), active: z.boolean(), error: z.string().optional() }),
]);
export type LiveMessage = z.infer<typeof liveMessageSchema>;

export const rigStateSchema = z.object({
  active: z.boolean(),
  /** The rig now while this server runs the campaign, else its last reading here (null if none). */
  state: z.record(z.string(), z.unknown()).nullable(),
  /** When `state` was read (ISO 8601, wall clock), null without a reading. */
  at: z.string().nullable(),
  /** The reading was taken after the run put the rig in the safe state, the last before it closed. */
  final: z.boolean(),
});

const conditionSchema = z.object({
  id: z.string(),
  point: pointRecord,
  unit: z.array(z.number()),
  predictedMean: z.number().optional(),
  predictedStd: z.number().optional(),
  acquisition: z.number().optional(),
  reason: z.enum(['initial-design', 'policy']),
});

const observationSchema = z.object({ id: z.string(), point: pointRecord, value: z.number().nullable(), failed: z.boolean() });

export const plannerCreatedSchema = z.object({ id: z.string(), options: plannerOptionsShape.omit({ prior: true }) });
export const askResultSchema = z.object({ conditions: z.array(conditionSchema) });
export const abandonResultSchema = z.object({ abandoned: z.array(conditionSchema), pending: z.array(conditionSchema) });
export const tellResultSchema = z.object({ told: z.number().int(), observations: z.number().int(), best: observationSchema.nullable() });
export const plannerDetailSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  options: plannerOptionsShape.omit({ prior: true }),
  observations: z.array(observationSchema),
  pending: z.array(conditionSchema),
  best: observationSchema.nullable(),
});
export const plannerListSchema = z.array(z.object({
  id: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  policy: z.string(),
  objective: z.object({ name: z.string(), direction: z.enum(['maximize', 'minimize']) }),
  observations: z.number().int(),
}));
