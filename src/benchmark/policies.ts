// Benchmark policy names: an acquisition policy of the planner plus the surrogate it runs on.
// Plain names use the ENN; `gp-` names use the Gaussian-process baseline.
import type { AcquisitionPolicy } from '../planning/index.js';

export const BENCHMARK_POLICIES = ['ei', 'ei-members', 'ucb', 'eplt', 'mv', 'random', 'gp-ei', 'gp-ucb', 'gp-eplt', 'gp-mv'] as const;
export type BenchmarkPolicy = (typeof BENCHMARK_POLICIES)[number];
export type SurrogateKind = 'enn' | 'gp';

export interface PolicyPlan {
  acquisition: AcquisitionPolicy;
  /** undefined for random search, which fits no model. */
  surrogate: SurrogateKind | undefined;
}

export function policyPlan(policy: BenchmarkPolicy): PolicyPlan {
  if (policy === 'random') return { acquisition: 'random', surrogate: undefined };
  if (policy.startsWith('gp-')) return { acquisition: policy.slice(3) as AcquisitionPolicy, surrogate: 'gp' };
  return { acquisition: policy as AcquisitionPolicy, surrogate: 'enn' };
}
