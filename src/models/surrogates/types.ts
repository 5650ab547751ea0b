// What the registry knows about a surrogate model: its name, its options (a strict schema with
// defaults), what its predictions offer a policy, how to train it and how to load a fitted one.
import type { z } from 'zod';
import type { Surrogate, SurrogateTrainer } from '../surrogate.js';

export interface SurrogateCapabilities {
  /** Predictions carry per-member values (ensembles), as policies such as 'ei-members' need. */
  members: boolean;
  /** The fitted model offers input gradients of mean and std. */
  gradient: boolean;
}

export interface SurrogateDescriptor<Options = unknown, Serialized = unknown> {
  /** The `kind` of specs, fitted models and their JSON. */
  readonly kind: string;
  readonly description: string;
  /** Strict: an unknown key is an error. Defaults fill what a spec leaves out. */
  readonly optionsSchema: z.ZodType<Options>;
  readonly provides: SurrogateCapabilities;
  createTrainer(options: Options): SurrogateTrainer;
  /** Checks a fitted model's JSON (`Surrogate.toJSON()`). */
  readonly serializedSchema: z.ZodType<Serialized>;
  load(serialized: Serialized): Surrogate;
  /** Option overrides for a fit that must stay on its own thread (a benchmark job already runs in parallel). */
  readonly singleThreadOptions?: Record<string, unknown>;
}

/** A descriptor with its types erased, as the registry holds it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySurrogateDescriptor = SurrogateDescriptor<any, any>;
