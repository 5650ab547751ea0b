// What one benchmark runs: policies, design size, budget, replicates, seed and the options
// passed to the surrogates (by kind), the policies (by name) and the acquisition optimiser.
import { z } from 'zod';
import { optionsByNameSchema } from '../domain/registry.js';
import { surrogates } from '../models/surrogates/registry.js';
import { optimizerSettingsSchema } from '../planning/plannerState.js';
import { policies } from '../planning/index.js';
import { benchmarkPolicySchema } from './policies.js';

const count = (minimum: number) => z.number().int().min(minimum);

const surrogateOptionsSchema = optionsByNameSchema(surrogates, (descriptor) => descriptor.optionsSchema);
const policyOptionsSchema = optionsByNameSchema(policies, (descriptor) => descriptor.optionsSchema);

export const benchmarkSettingsSchema = z.strictObject({
  policies: z.array(benchmarkPolicySchema).min(1)
    .refine((list) => new Set(list).size === list.length, 'a policy is listed twice'),
  /** Size of the Latin-hypercube initial design, shared by all policies of a replicate. */
  init: count(1),
  /** Evaluations per job in total, the initial design included. */
  budget: count(1),
  replicates: count(1),
  seed: z.number().int().safe(),
  /** e.g. { enn: { members: 10 }, gp: { restarts: 4 } } */
  surrogateOptions: surrogateOptionsSchema.optional(),
  /** e.g. { ucb: { beta: 2 }, ei: { xi: 0.01 } } */
  policyOptions: policyOptionsSchema.optional(),
  optimizer: optimizerSettingsSchema.optional(),
  /** ES modules imported in every worker before it runs a job (they register policies or surrogates). */
  plugins: z.array(z.string().min(1)).optional(),
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
