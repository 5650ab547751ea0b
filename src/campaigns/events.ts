// The events of a campaign log and the schemas that read them back.
import { z } from 'zod';

const finite = z.number().refine(Number.isFinite, 'must be finite');
const levels = z.record(z.string(), finite);

export const spectrumJsonSchema = z.object({
  wavelengthsNm: z.array(finite),
  counts: z.array(finite),
  integrationTimeMs: finite,
  saturationCounts: finite,
});

export const eventPayloadSchemas = {
  created: z.object({ spec: z.unknown() }),
  /** spectrum null: the rig has no absorbance channel, so there is no blank to take. */
  'reference-measured': z.object({ spectrum: spectrumJsonSchema.nullable(), syringeLevelsUl: levels }),
  proposed: z.object({
    proposalId: z.string(),
    unit: z.array(finite),
    condition: z.record(z.string(), finite),
    reason: z.string(),
    predictedMean: finite.optional(),
    predictedStd: finite.optional(),
    plannerState: z.unknown(),
  }),
  started: z.object({ proposalId: z.string() }),
  measured: z.object({ proposalId: z.string(), experimentId: z.number().int(), value: finite, syringeLevelsUl: levels }),
  failed: z.object({ proposalId: z.string(), error: z.string(), experimentId: z.number().int().optional(), syringeLevelsUl: levels }),
  interrupted: z.object({ proposalId: z.string() }),
  /** Split sizes are absent in logs written before they were recorded. */
  'model-fitted': z.object({
    observations: z.number().int(),
    testR2: finite.nullable(),
    trainR2: finite.nullable(),
    trainSize: z.number().int().nullable().optional(),
    testSize: z.number().int().nullable().optional(),
  }),
  paused: z.object({ reason: z.string() }),
  resumed: z.object({}),
  aborted: z.object({ reason: z.string() }),
  completed: z.object({ reason: z.string() }),
  refilled: z.object({ syringeLevelsUl: levels }),
  'study-started': z.object({}),
  'study-result': z.object({ study: z.string(), columns: z.array(z.string()), rows: z.array(z.record(z.string(), z.union([z.number(), z.string(), z.null()]))), summary: z.unknown() }),
} as const;

export type CampaignEventType = keyof typeof eventPayloadSchemas;
export type EventPayload<T extends CampaignEventType> = z.infer<(typeof eventPayloadSchemas)[T]>;

export type CampaignEvent = { [T in CampaignEventType]: { seq: number; at: string; type: T; payload: EventPayload<T> } }[CampaignEventType];

export function parseEvent(raw: { seq: number; at: string; type: string; payload: unknown }): CampaignEvent {
  const schema = eventPayloadSchemas[raw.type as CampaignEventType];
  if (!schema) throw new Error(`campaign log: unknown event type '${raw.type}' at seq ${raw.seq}`);
  const parsed = schema.safeParse(raw.payload);
  if (!parsed.success) throw new Error(`campaign log: event ${raw.seq} (${raw.type}) is malformed: ${parsed.error.issues[0].message}`);
  return { seq: raw.seq, at: raw.at, type: raw.type, payload: parsed.data } as CampaignEvent;
}
