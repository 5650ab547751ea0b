// The trust region a planner searches when its options leave it out. An ENN planner whose
// policy seeks the optimum searches a trust region with a local model: chosen for every
// held-out problem by leave-one-problem-out cross-validation over the planner suite
// (docs/benchmark.md, "Local model in the trust region"). A GP, or a policy that maps the
// space (mv), searches the whole region. `trustRegion: false` turns it off.
import type { AnyPolicyDescriptor } from './policies/types.js';
import { trustRegionSettingsSchema, type TrustRegionSettings } from './trust-region.js';

export const ENN_DEFAULT_TRUST_REGION: TrustRegionSettings = trustRegionSettingsSchema.parse({ localModel: true });

export function resolveTrustRegion(given: TrustRegionSettings | false | undefined, surrogateKind: string | undefined, policy: AnyPolicyDescriptor): TrustRegionSettings | undefined {
  if (given === false) return undefined;
  if (given !== undefined) return given;
  const seeksOptimum = policy.usesModel && !policy.explores;
  return surrogateKind === 'enn' && seeksOptimum ? ENN_DEFAULT_TRUST_REGION : undefined;
}
