// Surrogates to and from JSON, and trainers named in JSON (campaign files, CLI flags).
import { z } from 'zod';
import { createEnnTrainer, ennFromSerialized, ennOptionsSchema, serializedEnnSchema, type EnnTrainer } from './ensemble.js';
import { createGpTrainer, gpFromSerialized, gpOptionsSchema, serializedGpSchema, type GpTrainer } from './gaussian-process.js';
import type { Surrogate } from './surrogate.js';

export const serializedSurrogateSchema = z.discriminatedUnion('kind', [serializedEnnSchema, serializedGpSchema]);

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
  const parsed = serializedSurrogateSchema.safeParse(value);
  if (!parsed.success) throw new Error(`invalid surrogate JSON: ${z.prettifyError(parsed.error)}`);
  return parsed.data.kind === 'enn' ? ennFromSerialized(parsed.data) : gpFromSerialized(parsed.data);
}

/** A model named in JSON: { kind: 'enn', members: 10, ... } or { kind: 'gp', restarts: 4, ... }. */
export const surrogateSpecSchema = z.discriminatedUnion('kind', [
  ennOptionsSchema.extend({ kind: z.literal('enn') }),
  gpOptionsSchema.extend({ kind: z.literal('gp') }),
]);
export type SurrogateSpec = z.input<typeof surrogateSpecSchema>;

export function surrogateTrainerFromSpec(spec: unknown): EnnTrainer | GpTrainer {
  const parsed = surrogateSpecSchema.safeParse(spec);
  if (!parsed.success) throw new Error(`invalid surrogate spec: ${z.prettifyError(parsed.error)}`);
  if (parsed.data.kind === 'enn') {
    const { kind: _kind, ...options } = parsed.data;
    return createEnnTrainer(options);
  }
  const { kind: _kind, ...options } = parsed.data;
  return createGpTrainer(options);
}
