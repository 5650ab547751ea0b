// Campaign specifications (YAML or JSON files, HTTP bodies), checked by one schema so that a
// bad spec is refused whole, with every problem named, before anything starts.
import { z } from 'zod';

const SURROGATE_KINDS = ['enn', 'gp'] as const;
const FEATURES = ['plIntensity', 'plArea', 'abs300'] as const;
const STUDIES = ['stability', 'perturbation', 'residence-time', 'flowrate', 'reaction-time', 'grid'] as const;

const seed = z.number().int().safe();

export const labSpecSchema = z.strictObject({
  kind: z.literal('virtual'),
  seed: seed.optional(),
  clock: z.enum(['simulated', 'realtime']).optional(),
  speedFactor: z.number().positive().max(10_000).optional(),
});

export const surrogateSpecSchema = z.looseObject({
  kind: z.enum(SURROGATE_KINDS),
  members: z.number().int().min(2).max(200).optional(),
  hiddenLayers: z.array(z.number().int().min(1).max(512)).min(1).max(6).optional(),
  epochs: z.number().int().min(1).max(100_000).optional(),
});

const objectiveSpecSchema = z.strictObject({
  feature: z.enum(FEATURES).default('plIntensity'),
  direction: z.enum(['maximize', 'minimize']).default('maximize'),
});

const common = {
  name: z.string().min(1).max(200),
  seed: seed.default(1),
  lab: labSpecSchema.optional(),
  objective: objectiveSpecSchema.default({ feature: 'plIntensity', direction: 'maximize' }),
  surrogate: surrogateSpecSchema.default({ kind: 'enn' }),
  /** Syringe volume (uL) below which the campaign pauses and asks for a refill. */
  lowStockUl: z.number().nonnegative().default(2000),
  /** Plan the next condition while the current one runs (it cannot use the running one's result). */
  overlapPlanning: z.boolean().default(true),
};

export const explorationSpecSchema = z.strictObject({
  ...common,
  kind: z.literal('exploration'),
  initialDesign: z.strictObject({ sampler: z.enum(['lhs', 'sobol', 'random']).default('lhs'), count: z.number().int().min(2).max(1000) }).default({ sampler: 'lhs', count: 9 }),
  policy: z.enum(['mv', 'ucb', 'ei', 'eplt', 'random']).default('mv'),
  /** Experiments after the initial design. */
  budget: z.number().int().min(0).max(10_000).default(51),
  /** Stop early once the twin's test R^2 (80/20 split) reaches this. */
  stopAtTestR2: z.number().gt(0).max(1).optional(),
});

export const optimisationSpecSchema = z.strictObject({
  ...common,
  kind: z.literal('optimisation'),
  policy: z.enum(['ei', 'ucb', 'eplt', 'random', 'mv']),
  budget: z.number().int().min(1).max(10_000).default(10),
  /** Campaign ids whose measurements inform the surrogate from the start. */
  informedBy: z.array(z.string().min(1)).default([]),
  /** Without prior data: initial design size. */
  initialDesign: z.strictObject({ sampler: z.enum(['lhs', 'sobol', 'random']).default('lhs'), count: z.number().int().min(0).max(1000) }).default({ sampler: 'lhs', count: 9 }),
  ucbBeta: z.number().nonnegative().optional(),
});

export const studySpecSchema = z.strictObject({
  name: common.name,
  seed: common.seed,
  lab: common.lab,
  kind: z.literal('study'),
  study: z.enum(STUDIES),
  /** Base condition as seven dimensionless inputs. */
  base: z.array(z.number().min(0).max(1)).length(7).optional(),
});

export const campaignSpecSchema = z.discriminatedUnion('kind', [explorationSpecSchema, optimisationSpecSchema, studySpecSchema]);
export type CampaignSpec = z.output<typeof campaignSpecSchema>;
export type CampaignSpecInput = z.input<typeof campaignSpecSchema>;
export type ExplorationSpec = z.output<typeof explorationSpecSchema>;
export type OptimisationSpec = z.output<typeof optimisationSpecSchema>;

export class CampaignSpecError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid campaign spec:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'CampaignSpecError';
  }
}

/** Every problem at once, each as `path: what was expected`. */
export function parseCampaignSpec(raw: unknown): CampaignSpec {
  const parsed = campaignSpecSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new CampaignSpecError(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(spec)'}: ${issue.message}`));
}
