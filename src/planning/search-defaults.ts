// What an ENN planner whose policy seeks the optimum uses when its options leave it out,
// both chosen by leave-one-problem-out cross-validation over the planner suite
// (docs/benchmark.md):
// - a trust region with a local model ("Local model in the trust region"); a GP, or a policy
//   that maps the space (mv), searches the whole region; `trustRegion: false` turns it off;
// - three quarters of the ensemble's members additive ("Additive members"); a policy that
//   maps the space keeps full nets, the models layer's default, for a twin that must model
//   interactions; `additiveShare: 0` in the surrogate spec turns it off.
import type { SurrogateSpec } from '../models/surrogates/registry.js';
import type { AnyPolicyDescriptor } from './policies/types.js';
import { trustRegionSettingsSchema, type TrustRegionSettings } from './trust-region.js';

export const ENN_DEFAULT_TRUST_REGION: TrustRegionSettings = trustRegionSettingsSchema.parse({ localModel: true });

/** Share of additive members (ENN option `additiveShare`) of an ENN planner that seeks the optimum. */
export const ENN_DEFAULT_ADDITIVE_SHARE = 0.75;

function seeksOptimum(policy: AnyPolicyDescriptor): boolean {
  return policy.usesModel && policy.explores !== true;
}

export function resolveTrustRegion(given: TrustRegionSettings | false | undefined, surrogateKind: string | undefined, policy: AnyPolicyDescriptor): TrustRegionSettings | undefined {
  if (given === false) return undefined;
  if (given !== undefined) return given;
  return surrogateKind === 'enn' && seeksOptimum(policy) ? ENN_DEFAULT_TRUST_REGION : undefined;
}

/** The surrogate spec a planner fits: the given one, with the default additive share for an ENN that seeks the optimum. */
export function resolveSurrogateSpec(given: SurrogateSpec, policy: AnyPolicyDescriptor): SurrogateSpec {
  if (given.kind !== 'enn' || given.additiveShare !== undefined || !seeksOptimum(policy)) return given;
  return { ...given, additiveShare: ENN_DEFAULT_ADDITIVE_SHARE };
}
