// What crosses Redis between the coordinator and the rig workers, each parsed at the edge by
// a strict schema: an experiment job (one proposal of one campaign), the worker's result for
// it, and the rig announcements the coordinator counts idle rigs by. Nothing received is used
// unparsed; an unknown key is an error.
import { z } from 'zod';
import { spectralFeaturesSchema } from '../analysis/features-schema.js';
import { PUMP_IDS } from '../chemistry/rig-geometry.js';
import { OBJECTIVE_FEATURES } from '../domain/objectives.js';
import { RIG_INPUT_NAMES } from '../domain/rig-space.js';

const finite = z.number().refine(Number.isFinite, 'must be finite');
const perPumpNumbers = z.strictObject(Object.fromEntries(PUMP_IDS.map((id) => [id, finite])) as Record<(typeof PUMP_IDS)[number], typeof finite>);
const conditionSchema = z.strictObject(Object.fromEntries(RIG_INPUT_NAMES.map((name) => [name, finite])) as Record<(typeof RIG_INPUT_NAMES)[number], typeof finite>);

export const EXPERIMENT_JOB_FORMAT = 'sdfl-fleet-experiment';
export const EXPERIMENT_RESULT_FORMAT = 'sdfl-fleet-result';

export const experimentJobSchema = z.strictObject({
  format: z.literal(EXPERIMENT_JOB_FORMAT),
  version: z.literal(1),
  campaignId: z.string().min(1).max(200),
  proposalId: z.string().min(1).max(100),
  /** The campaign's seed; a virtual rig derives its own from it and its rig number. */
  campaignSeed: z.number().int().safe(),
  /** The condition in physical units, keyed by the rig's input names. */
  condition: conditionSchema,
  /** The feature the campaign optimises: the rig must have its measurement channel. */
  objectiveFeature: z.enum(OBJECTIVE_FEATURES),
  /** Syringe reserve (uL) the rig keeps: a run that would dip into it is refused, not started. */
  lowStockUl: z.number().nonnegative(),
});
export type ExperimentJob = z.output<typeof experimentJobSchema>;

export const spectrumPayloadSchema = z.strictObject({
  wavelengthsNm: z.array(finite),
  counts: z.array(finite),
  integrationTimeMs: finite,
  saturationCounts: finite,
});

export const recipePayloadSchema = z.strictObject({
  condition: conditionSchema,
  temperatureC: finite,
  flowsUlPerMin: perPumpNumbers,
  cuiStreamFlowUlPerMin: finite,
  csStreamFlowUlPerMin: finite,
  totalPrecursorFlowUlPerMin: finite,
  dropletFlowUlPerMin: finite,
  reactionTimeS: finite,
  residenceTimeS: finite,
  equilibrationTimeS: finite,
  droplet: z.strictObject({ cuMillimolar: finite, iodideMillimolar: finite, csMillimolar: finite, oaCsPercent: finite, oaCuiPercent: finite, oamPercent: finite }),
});

/** The stored features (the processed spectra follow from the raw ones and do not travel). */
export const featuresPayloadSchema = z.strictObject({
  ...spectralFeaturesSchema.omit({ spectra: true }).shape,
  saturated: z.strictObject(spectralFeaturesSchema.shape.saturated.shape),
});

export const experimentPayloadSchema = z.strictObject({
  recipe: recipePayloadSchema,
  startedAtS: finite,
  flowsStartedAtS: finite,
  measuredAtS: finite,
  temperatureAtMeasurementC: finite,
  spectra: z.strictObject({
    absorbance: z.strictObject({ dark: spectrumPayloadSchema, reference: spectrumPayloadSchema, sample: spectrumPayloadSchema }).optional(),
    pl: z.strictObject({ dark: spectrumPayloadSchema, sample: spectrumPayloadSchema }).optional(),
  }),
  features: featuresPayloadSchema,
  reagentUsedUl: perPumpNumbers,
});
export type ExperimentPayload = z.output<typeof experimentPayloadSchema>;

export const rigIdentitySchema = z.strictObject({
  /** rig-<index>: one worker per rig. */
  id: z.string().min(1).max(100),
  index: z.number().int().min(1),
  label: z.string().max(200),
  kind: z.string().min(1).max(40),
  host: z.string().max(255),
  pid: z.number().int().nonnegative(),
  /** The virtual rig's seed for this campaign (null on hardware). */
  seed: z.number().int().nullable(),
});
export type RigIdentity = z.output<typeof rigIdentitySchema>;

const outcomeSchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('measured'), experiment: experimentPayloadSchema, syringeLevelsUl: perPumpNumbers }),
  /** The run started and did not finish (fault, abort); `fault`: a hardware fault, the rig stopped taking jobs. */
  z.strictObject({ status: z.literal('failed'), recipe: recipePayloadSchema, error: z.string(), fault: z.boolean(), syringeLevelsUl: perPumpNumbers }),
  /** Nothing moved (stocks too low, the rig lacks a device): the proposal goes to another rig. */
  z.strictObject({ status: z.literal('refused'), reason: z.string() }),
]);

export const experimentResultSchema = z.strictObject({
  format: z.literal(EXPERIMENT_RESULT_FORMAT),
  version: z.literal(1),
  campaignId: z.string().min(1),
  proposalId: z.string().min(1),
  rig: rigIdentitySchema,
  /** The rig's clock (simulated or wall, s) when it took the job and when it gave it back. */
  rigStartS: finite,
  rigEndS: finite,
  outcome: outcomeSchema,
});
export type ExperimentResultMessage = z.output<typeof experimentResultSchema>;

/** A rig worker's announcement, kept alive with a TTL: the coordinator counts rigs by these. */
export const rigAnnouncementSchema = z.strictObject({
  rig: rigIdentitySchema.omit({ seed: true }),
  state: z.enum(['idle', 'busy']),
  since: z.string(),
});
export type RigAnnouncement = z.output<typeof rigAnnouncementSchema>;

/** Parses with the schema; a failure names the fields, prefixed by what was being read. */
export function parseAtEdge<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
  throw new Error(`malformed ${what}: ${issues}`);
}
