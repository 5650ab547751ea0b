// The JSON a benchmark writes: objective, settings, every job's evaluations and curves, and
// the per-policy summary. The schema documents the format and checks files read back.
import { z } from 'zod';
import { linearConstraintSchema } from '../domain/space.js';
import { benchmarkSettingsSchema } from './settings.js';

export const BENCHMARK_REPORT_FORMAT = 'sdfl-benchmark';

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const pointSchema = z.record(z.string(), finite);
const spreadSchema = z.strictObject({ median: finite, q25: finite, q75: finite, count: z.number().int().min(1) });

export const jobResultSchema = z.strictObject({
  policy: z.string().min(1),
  replicate: z.number().int().min(1),
  seed: z.number().int(),
  values: z.array(finite.nullable()),
  bestSoFar: z.array(finite.nullable()),
  trueValues: z.array(finite).optional(),
  /** optimum - best (maximise) or best - optimum (minimise); from trueValues for noisy objectives. null when the optimum is unknown. */
  regret: z.array(finite.nullable()).nullable(),
  points: z.array(pointSchema),
  reasons: z.array(z.enum(['initial-design', 'policy'])),
  iterationMs: z.array(z.number().min(0)),
  evaluationMs: z.array(z.number().min(0)),
});
export type BenchmarkJobResult = z.infer<typeof jobResultSchema>;

export const policySummarySchema = z.strictObject({
  policy: z.string(),
  replicates: z.number().int().min(0),
  checkpoints: z.array(z.strictObject({
    evaluations: z.number().int().min(1),
    bestSoFar: spreadSchema.nullable(),
    regret: spreadSchema.nullable(),
  })),
  medianIterationMs: z.number().min(0).nullable(),
});

export const benchmarkReportSchema = z.strictObject({
  format: z.literal(BENCHMARK_REPORT_FORMAT),
  version: z.literal(2),
  objective: z.strictObject({
    name: z.string(),
    description: z.string().optional(),
    direction: z.enum(['maximize', 'minimize']),
    optimum: finite.nullable(),
    optimumPoint: pointSchema.nullable(),
    noisy: z.boolean(),
    parameters: z.array(z.strictObject({ name: z.string(), lower: finite, upper: finite })),
    constraints: z.array(linearConstraintSchema),
  }),
  settings: benchmarkSettingsSchema,
  workers: z.number().int().min(0),
  startedAt: z.string(),
  wallMs: z.number().min(0),
  checkpoints: z.array(z.number().int().min(1)),
  summary: z.array(policySummarySchema),
  results: z.array(jobResultSchema),
});
export type BenchmarkReport = z.infer<typeof benchmarkReportSchema>;
