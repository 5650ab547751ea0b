// What the registry knows about a decision policy: its name, its options (a strict schema with
// defaults), what it needs from the surrogate, and how it scores predictions (or, for a policy
// that needs no model, how it proposes points itself).
import type { z } from 'zod';
import type { Random } from '../../domain/random.js';
import type { Prediction } from '../../models/surrogate.js';
import type { UnitRegion } from '../region.js';

export interface PolicyScoringContext<Options> {
  options: Options;
  /** Best objective value observed so far, in the maximised orientation. */
  best: number;
}

interface PolicyBase<Options> {
  readonly name: string;
  readonly description: string;
  /** Strict: an unknown key is an error. Defaults fill what a spec leaves out. */
  readonly optionsSchema: z.ZodType<Options>;
}

/** A policy that scores surrogate predictions; the planner's optimiser maximises the score. */
export interface AcquisitionPolicyDescriptor<Options = unknown> extends PolicyBase<Options> {
  readonly usesModel: true;
  /** Needs per-member predictions (an ensemble surrogate). */
  readonly needsMembers: boolean;
  /** Maps the space (mv) rather than seeking the optimum: no default trust region (search-defaults.ts). */
  readonly explores?: boolean;
  /** Acquisition value of each predicted point (maximised), reported with a proposal. */
  score(prediction: Prediction, context: PolicyScoringContext<Options>): Float64Array;
  /**
   * What the optimiser maximises when it is not `score` itself (same argmax), e.g. log EI,
   * which keeps a slope where EI underflows. `logScale` tells the optimiser not to rescale it.
   */
  readonly ranking?: {
    readonly logScale: boolean;
    score(prediction: Prediction, context: PolicyScoringContext<Options>): Float64Array;
  };
}

export interface ProposalRequest<Options> {
  region: UnitRegion;
  count: number;
  random: Random;
  /** Points measured or in flight, in unit coordinates; proposals keep `minDistance` from them. */
  known: readonly ArrayLike<number>[];
  minDistance: number;
  options: Options;
}

/** A policy that proposes points without a surrogate (e.g. random search). */
export interface SamplingPolicyDescriptor<Options = unknown> extends PolicyBase<Options> {
  readonly usesModel: false;
  propose(request: ProposalRequest<Options>): ArrayLike<number>[];
}

export type PolicyDescriptor<Options = unknown> = AcquisitionPolicyDescriptor<Options> | SamplingPolicyDescriptor<Options>;
/** A descriptor with its options type erased, as the registry holds it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyPolicyDescriptor = PolicyDescriptor<any>;
