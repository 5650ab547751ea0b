// The registries as the API shows them: names, what each needs or offers, its options as
// JSON Schema and their defaults, so a client can build a valid request without reading code.
import { z } from 'zod';
import { DEFAULT_SURROGATE_KIND, surrogates } from '../models/surrogates/registry.js';
import { DEFAULT_POLICY, policies } from '../planning/index.js';

type JsonObject = Record<string, unknown>;

function optionsJsonSchema(schema: z.ZodType): JsonObject {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as JsonObject;
  return rest;
}

function defaultsOf(schema: z.ZodType): unknown {
  const parsed = schema.safeParse({});
  return parsed.success ? parsed.data : null;
}

export const policyViewSchema = z.object({
  name: z.string(),
  description: z.string(),
  default: z.boolean(),
  usesModel: z.boolean(),
  needsMembers: z.boolean(),
  options: z.record(z.string(), z.unknown()),
  defaults: z.unknown(),
});

export const surrogateViewSchema = z.object({
  kind: z.string(),
  description: z.string(),
  default: z.boolean(),
  provides: z.object({ members: z.boolean(), gradient: z.boolean() }),
  options: z.record(z.string(), z.unknown()),
  defaults: z.unknown(),
});

export function policyViews(): z.infer<typeof policyViewSchema>[] {
  return policies.all().map((policy) => ({
    name: policy.name,
    description: policy.description,
    default: policy.name === DEFAULT_POLICY,
    usesModel: policy.usesModel,
    needsMembers: policy.usesModel ? policy.needsMembers : false,
    options: optionsJsonSchema(policy.optionsSchema),
    defaults: defaultsOf(policy.optionsSchema),
  }));
}

export function surrogateViews(): z.infer<typeof surrogateViewSchema>[] {
  return surrogates.all().map((surrogate) => ({
    kind: surrogate.kind,
    description: surrogate.description,
    default: surrogate.kind === DEFAULT_SURROGATE_KIND,
    provides: { ...surrogate.provides },
    options: optionsJsonSchema(surrogate.optionsSchema),
    defaults: defaultsOf(surrogate.optionsSchema),
  }));
}
