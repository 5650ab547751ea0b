// Shapes of the HTTP API as the dashboard reads them. Replies are parsed, so a server that
// changed underneath shows a clear error instead of a blank panel. Objects are loose: fields
// the dashboard does not use may come and go.
import { z } from 'zod';

const num = z.number();
const condition = z.record(z.string(), num);

export const campaignStatusSchema = z.enum(['new', 'running', 'paused', 'aborted', 'completed']);
export type CampaignStatus = z.infer<typeof campaignStatusSchema>;

export const campaignSummarySchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  policy: z.string().optional().nullable(),
  status: campaignStatusSchema,
  statusReason: z.string().optional().nullable(),
  controlRequested: z.string().optional().nullable(),
  createdAt: z.string().optional(),
  planned: num.nullable(),
  measured: num,
  failed: num,
  queued: num.optional(),
  best: z.looseObject({ value: num, iteration: num, experimentId: num.optional().nullable(), condition }).nullable(),
  /** As the campaign's runner last judged its twin: R^2 on its 80/20 split (null below 10 points), with the split sizes. */
  twin: z.looseObject({ observations: num.optional(), testR2: num.nullable(), trainR2: num.nullable().optional(), trainSize: num.nullable().optional(), testSize: num.nullable().optional() }).nullable(),
  /** This server runs it now. */
  active: z.boolean().optional(),
  /** When it started and ended, how long its experiments take (for elapsed time and the ETA). */
  timing: z.looseObject({
    startedAt: z.string().nullable(),
    endedAt: z.string().nullable(),
    meanExperimentS: num.nullable(),
    runningSince: z.string().nullable(),
    timedExperiments: num.optional(),
  }).nullable().optional(),
});
export type CampaignSummary = z.infer<typeof campaignSummarySchema>;

export const proposalSchema = z.looseObject({
  proposalId: z.string(),
  condition,
  reason: z.string(),
  predictedMean: num.optional().nullable(),
  predictedStd: num.optional().nullable(),
  status: z.enum(['queued', 'running', 'measured', 'failed']),
  experimentId: num.optional().nullable(),
  value: num.optional().nullable(),
  error: z.string().optional().nullable(),
});
export type Proposal = z.infer<typeof proposalSchema>;

export const campaignEventSchema = z.looseObject({
  seq: num,
  at: z.string(),
  type: z.string(),
  payload: z.record(z.string(), z.unknown()),
});
export type CampaignEventMessage = z.infer<typeof campaignEventSchema>;

const featuresSchema = z.looseObject({
  abs300: num.nullable(),
  plIntensity: num.nullable(),
  plArea: num.nullable(),
  plUnit: z.string().optional(),
});

export const experimentSchema = z.looseObject({
  id: num,
  status: z.enum(['measured', 'failed']),
  createdAt: z.string().optional(),
  condition,
  features: featuresSchema.nullable(),
  error: z.string().nullable().optional(),
});
export type Experiment = z.infer<typeof experimentSchema>;

const pumpSchema = z.looseObject({
  state: z.string(),
  programmedRateUlPerMin: num,
  deliveredRateUlPerMin: num.optional(),
  syringeLevelUl: num,
  syringeCapacityUl: num,
});

export const rigStateSchema = z.looseObject({
  timeS: num.optional(),
  heater: z.looseObject({ mode: z.string(), setpointC: num, temperatureC: num, outputPercent: num.optional() }),
  pumps: z.record(z.string(), pumpSchema),
  pressureKpa: num,
  lights: z.record(z.string(), z.boolean()),
  lostLinks: z.array(z.string()).optional(),
  faults: z.looseObject({}).optional(),
});
export type RigState = z.infer<typeof rigStateSchema>;

export const liveMessageSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('event'), event: campaignEventSchema }),
  /** `at`: when the server read it; `final`: the last reading of a run, after the rig was made safe. */
  z.looseObject({ type: z.literal('rig'), state: rigStateSchema, at: z.string().optional(), final: z.boolean().optional() }),
  z.looseObject({ type: z.literal('run'), active: z.boolean(), error: z.string().optional() }),
]);
export type LiveMessage = z.infer<typeof liveMessageSchema>;
export type RigReadingMessage = Extract<LiveMessage, { type: 'rig' }>;

export const campaignDetailSchema = z.looseObject({
  summary: campaignSummarySchema,
  spec: z.looseObject({
    kind: z.string(),
    objective: z.looseObject({ feature: z.string(), direction: z.enum(['maximize', 'minimize']) }).optional(),
  }),
  state: z.looseObject({ status: campaignStatusSchema, proposals: z.array(proposalSchema), lastSeq: num }),
});
export type CampaignDetail = z.infer<typeof campaignDetailSchema>;

export const eventListSchema = z.array(campaignEventSchema);
export const experimentListSchema = z.array(experimentSchema);

export const experimentSpectraSchema = z.looseObject({
  experimentId: num,
  processed: z.looseObject({
    absorbance: z.looseObject({ wavelengthsNm: z.array(num), absorbance: z.array(num.nullable()) }),
    pl: z.looseObject({ wavelengthsNm: z.array(num), signal: z.array(num), smoothed: z.array(num) }),
  }).nullable(),
  features: featuresSchema.nullable(),
});
export type ExperimentSpectra = z.infer<typeof experimentSpectraSchema>;

/** Pause and abort answer with the status at the time of the request; resume with the summary. */
export const controlReplySchema = z.looseObject({
  id: z.string(),
  requested: z.string().optional(),
  status: campaignStatusSchema.optional(),
  summary: campaignSummarySchema.optional(),
});
export type ControlReply = z.infer<typeof controlReplySchema>;
