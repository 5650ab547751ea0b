// The one list of surrogate models. Campaign specs, planner state, the HTTP API, benchmarks
// and saved models all take their surrogate names, option schemas and defaults from here.
// Adding a surrogate: a descriptor file beside enn.ts and one `register` line below.
import { z } from 'zod';
import { Registry } from '../../domain/registry.js';
import type { Surrogate, SurrogateTrainer } from '../surrogate.js';
import { ennSurrogate } from './enn.js';
import { gpSurrogate } from './gp.js';
import type { AnySurrogateDescriptor } from './types.js';

export const surrogates = new Registry<AnySurrogateDescriptor>('surrogate', (descriptor) => descriptor.kind);
surrogates.register(ennSurrogate);
surrogates.register(gpSurrogate);

/**
 * What a spec that names no surrogate gets: the GP, the model that wins on problems it was not
 * tuned on (docs/benchmark.md, planner suite). The paper's pipeline and exploration campaigns
 * (the digital twin) name the ENN themselves (DIGITAL_TWIN_ENN in src/campaigns/campaign-spec.ts).
 */
export const DEFAULT_SURROGATE_KIND = 'gp';


export function registerSurrogate(descriptor: AnySurrogateDescriptor): AnySurrogateDescriptor {
  return surrogates.register(descriptor);
}

/** A surrogate named in JSON, e.g. { kind: 'enn', members: 10 }: the kind and its options. */
export interface SurrogateSpec {
  kind: string;
  [option: string]: unknown;
}

function splitSpec(spec: SurrogateSpec): { kind: string; options: Record<string, unknown> } {
  const { kind, ...options } = spec;
  return { kind, options };
}

/**
 * Checks a spec against the named kind's strict options schema. The output is the spec as
 * given (defaults are applied when a trainer is made), so stored specs stay as written.
 */
export const surrogateSpecSchema = z.looseObject({ kind: z.string().min(1) }).superRefine((spec, ctx) => {
  const descriptor = surrogates.find(spec.kind);
  if (!descriptor) {
    ctx.addIssue({ code: 'custom', path: ['kind'], message: surrogates.unknownMessage(spec.kind) });
    return;
  }
  const parsed = descriptor.optionsSchema.safeParse(splitSpec(spec).options);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  }
}).meta({ description: 'a surrogate model: { kind, ...options }; GET /api/surrogates lists the kinds and their options' }) as z.ZodType<SurrogateSpec, SurrogateSpec>;

export function defaultSurrogateSpec(): SurrogateSpec {
  return { kind: DEFAULT_SURROGATE_KIND };
}

function parseSpec(spec: unknown): SurrogateSpec {
  const parsed = surrogateSpecSchema.safeParse(spec);
  if (!parsed.success) throw new Error(`invalid surrogate spec: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** The trainer a spec names; `overrides` replace options (e.g. single-threaded fits). */
export function surrogateTrainerFromSpec(spec: unknown, overrides: Record<string, unknown> = {}): SurrogateTrainer {
  const { kind, options } = splitSpec(parseSpec(spec));
  const descriptor = surrogates.get(kind);
  return descriptor.createTrainer(descriptor.optionsSchema.parse({ ...options, ...overrides }));
}

/** A trainer that fits on the calling thread, for work that is already spread over threads. */
export function singleThreadTrainerFromSpec(spec: unknown): SurrogateTrainer {
  const kind = parseSpec(spec).kind;
  return surrogateTrainerFromSpec(spec, surrogates.get(kind).singleThreadOptions);
}

/** Rebuilds a surrogate from `toJSON()` output (an object or its JSON text). */
export function loadSurrogate(json: unknown): Surrogate {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (error) {
      throw new Error(`surrogate JSON does not parse: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const kind = z.looseObject({ kind: z.string() }).safeParse(value);
  if (!kind.success) throw new Error('invalid surrogate JSON: expected an object with a string kind');
  const descriptor = surrogates.find(kind.data.kind);
  if (!descriptor) throw new Error(`invalid surrogate JSON: ${surrogates.unknownMessage(kind.data.kind)}`);
  const parsed = descriptor.serializedSchema.safeParse(value);
  if (!parsed.success) throw new Error(`invalid surrogate JSON: ${z.prettifyError(parsed.error)}`);
  return descriptor.load(parsed.data);
}
