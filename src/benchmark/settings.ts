// What one benchmark runs: policies, design size, budget, replicates, seed and the options
// passed to the surrogates, the acquisition and its optimiser.
import { z } from 'zod';
import { ennOptionsSchema } from '../models/ensemble.js';
import { gpOptionsSchema } from '../models/gaussian-process.js';
import { optimizerSettingsSchema, policyOptionsSchema } from '../planning/plannerState.js';
import { BENCHMARK_POLICIES } from './policies.js';

const count = (minimum: number) => z.number().int().min(minimum);

/** ENN options (models layer `ennOptionsSchema`); threading is the harness's choice. */
export const ennSettingsSchema = ennOptionsSchema.omit({ parallel: true }).partial();
/**
 * ENN used by benchmarks when no `enn` options are given: every member on all points (no
 * bootstrap), 32-32 relu, weight decay 1e-4. With the models layer's defaults (bootstrap,
 * 16-16, 1e-3; chosen for the digital twin's uncertainty) EI chased the box edges of
 * Hartmann-6, where bootstrapped relu members disagree most (docs/benchmark.md).
 * Pass `enn: {}` for the models layer's defaults.
 */
export const BENCHMARK_ENN_PRESET = { bootstrap: false, hiddenLayers: [32, 32], weightDecay: 1e-4 };

/** GP options (models layer `gpOptionsSchema`). */
export const gpSettingsSchema = gpOptionsSchema.partial();

export const benchmarkSettingsSchema = z.strictObject({
  policies: z.array(z.enum(BENCHMARK_POLICIES)).min(1)
    .refine((list) => new Set(list).size === list.length, 'a policy is listed twice'),
  /** Size of the Latin-hypercube initial design, shared by all policies of a replicate. */
  init: count(1),
  /** Evaluations per job in total, the initial design included. */
  budget: count(1),
  replicates: count(1),
  seed: z.number().int().safe(),
  enn: ennSettingsSchema.optional(),
  gp: gpSettingsSchema.optional(),
  policyOptions: policyOptionsSchema.optional(),
  optimizer: optimizerSettingsSchema.optional(),
}).refine((s) => s.budget >= s.init, { message: 'budget must be at least init (the budget counts the initial design)', path: ['budget'] });

export type BenchmarkSettingsInput = z.input<typeof benchmarkSettingsSchema>;
export type BenchmarkSettings = z.output<typeof benchmarkSettingsSchema>;

export function parseBenchmarkSettings(input: unknown): BenchmarkSettings {
  const parsed = benchmarkSettingsSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(settings)'}: ${i.message}`).join('; ');
    throw new Error(`invalid benchmark settings: ${issues}`);
  }
  return parsed.data;
}
