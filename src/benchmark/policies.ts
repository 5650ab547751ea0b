// A benchmark entry names a policy and the surrogate it runs on, both from the registries:
// 'ei' uses the default surrogate, '<surrogate>-<policy>' (e.g. 'gp-ei', 'enn-ucb') names one,
// and a policy that needs no model ('random') stands alone.
import { z } from 'zod';
import { DEFAULT_SURROGATE_KIND, surrogates } from '../models/surrogates/registry.js';
import { policies, policySurrogateProblem } from '../planning/index.js';

export type BenchmarkPolicy = string;

export interface PolicyPlan {
  /** The policy of the planner. */
  acquisition: string;
  /** undefined for a policy that fits no model. */
  surrogate: string | undefined;
}

/** What a benchmark entry runs; throws naming what is wrong with it. */
export function policyPlan(entry: BenchmarkPolicy): PolicyPlan {
  const plan = splitEntry(entry);
  const policy = policies.get(plan.acquisition);
  if (!policy.usesModel) {
    if (plan.explicitSurrogate) throw new Error(`policy '${plan.acquisition}' fits no model; write it as '${plan.acquisition}'`);
    return { acquisition: plan.acquisition, surrogate: undefined };
  }
  const problem = policySurrogateProblem(plan.acquisition, plan.surrogate);
  if (problem) throw new Error(problem);
  return { acquisition: plan.acquisition, surrogate: plan.surrogate };
}

function splitEntry(entry: string): { acquisition: string; surrogate: string; explicitSurrogate: boolean } {
  if (policies.has(entry)) return { acquisition: entry, surrogate: DEFAULT_SURROGATE_KIND, explicitSurrogate: false };
  for (const kind of surrogates.names()) {
    const rest = entry.startsWith(`${kind}-`) ? entry.slice(kind.length + 1) : undefined;
    if (rest !== undefined && policies.has(rest)) return { acquisition: rest, surrogate: kind, explicitSurrogate: true };
  }
  throw new Error(`unknown policy '${entry}': use a policy (${policies.names().join(', ')}), optionally prefixed by a surrogate (${surrogates.names().map((k) => `${k}-`).join(', ')})`);
}

export const benchmarkPolicySchema = z.string().min(1).superRefine((entry, ctx) => {
  try {
    policyPlan(entry);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

/** Every entry a benchmark accepts now, for help texts. */
export function benchmarkPolicyNames(): string[] {
  const names: string[] = [];
  for (const policy of policies.all()) {
    if (!policy.usesModel) {
      names.push(policy.name);
      continue;
    }
    if (policySurrogateProblem(policy.name, DEFAULT_SURROGATE_KIND) === undefined) names.push(policy.name);
    for (const kind of surrogates.names()) if (policySurrogateProblem(policy.name, kind) === undefined) names.push(`${kind}-${policy.name}`);
  }
  return names;
}

/** What `sdfl bench` compares when no policy is named: every registered policy that runs on the default surrogate. */
export function defaultBenchmarkPolicies(): string[] {
  return policies.all()
    .filter((policy) => !policy.usesModel || policySurrogateProblem(policy.name, DEFAULT_SURROGATE_KIND) === undefined)
    .map((policy) => policy.name);
}
