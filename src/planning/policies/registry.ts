// The one list of decision policies. Campaign specs, planner state, the HTTP API, benchmarks
// and the pipeline take their policy names, option schemas and defaults from here.
// Adding a policy: a descriptor file beside ei.ts and one `register` line below.
import { z } from 'zod';
import { Registry } from '../../domain/registry.js';
import { surrogates } from '../../models/surrogates/registry.js';
import type { Prediction } from '../../models/surrogate.js';
import { eiMembersPolicy } from './ei-members.js';
import { eiPolicy } from './ei.js';
import { epltPolicy } from './eplt.js';
import { mvPolicy } from './mv.js';
import { randomPolicy } from './random.js';
import type { AnyPolicyDescriptor } from './types.js';
import { ucbPolicy } from './ucb.js';

export const policies = new Registry<AnyPolicyDescriptor>('policy', (descriptor) => descriptor.name);
policies.register(eiPolicy);
policies.register(eiMembersPolicy);
policies.register(ucbPolicy);
policies.register(epltPolicy);
policies.register(mvPolicy);
policies.register(randomPolicy);

/** What an optimisation gets when it names no policy. */
export const DEFAULT_POLICY = 'ei';

export function registerPolicy(descriptor: AnyPolicyDescriptor): AnyPolicyDescriptor {
  return policies.register(descriptor);
}

/** A registered policy's name; an unknown name is an error that lists the known ones. */
export const policyNameSchema = z.string().min(1).superRefine((name, ctx) => {
  if (!policies.has(name)) ctx.addIssue({ code: 'custom', message: policies.unknownMessage(name) });
}).meta({ description: 'a registered policy; GET /api/policies lists them with their options' });

/** The named policy's options with defaults filled in; an unknown key or bad value throws, naming it. */
export function resolvePolicyOptions(name: string, options: unknown = {}): unknown {
  const parsed = policies.get(name).optionsSchema.safeParse(options ?? {});
  if (!parsed.success) throw new Error(`invalid options for policy '${name}': ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/**
 * Why a policy cannot run on a surrogate (undefined when it can): a model policy without a
 * surrogate, or a policy that needs ensemble members with one that has none.
 */
export function policySurrogateProblem(policyName: string, surrogateKind: string | undefined): string | undefined {
  const policy = policies.find(policyName);
  if (!policy || !policy.usesModel) return undefined;
  if (surrogateKind === undefined) return `policy '${policyName}' needs a surrogate, e.g. surrogate: { kind: 'gp' }`;
  const surrogate = surrogates.find(surrogateKind);
  if (policy.needsMembers && surrogate && !surrogate.provides.members) {
    const withMembers = surrogates.all().filter((s) => s.provides.members).map((s) => `'${s.kind}'`);
    return `policy '${policyName}' needs ensemble member predictions, which a '${surrogateKind}' surrogate does not give (use ${withMembers.join(' or ') || 'an ensemble'})`;
  }
  return undefined;
}

/** Policies that can run on the given surrogate kind. */
export function policiesFor(surrogateKind: string): string[] {
  return policies.names().filter((name) => policySurrogateProblem(name, surrogateKind) === undefined);
}

/** The acquisition value of every predicted point under a model policy (maximised orientation). */
export function scorePolicy(name: string, prediction: Prediction, best: number, options: unknown = {}): Float64Array {
  const policy = policies.get(name);
  if (!policy.usesModel) throw new Error(`policy '${name}' proposes points itself and scores no predictions`);
  return policy.score(prediction, { best, options: resolvePolicyOptions(name, options) });
}
