// Ask/tell planners over plain HTTP, for rigs driven by other software.
import {
  abandonBody,
  abandonResultSchema,
  askBody,
  askResultSchema,
  createPlannerBody,
  plannerCreatedSchema,
  plannerDetailSchema,
  plannerIdParams,
  plannerListSchema,
  tellBody,
  tellResultSchema,
} from '../api-schemas.js';
import type { ObservationInput } from '../../planning/observations.js';
import { DEFAULT_SURROGATE_KIND } from '../../models/surrogates/registry.js';
import { DEFAULT_POLICY, policies } from '../../planning/index.js';
import { z } from 'zod';
import { policyViews, policyViewSchema, surrogateViews, surrogateViewSchema } from '../registry-views.js';
import type { ServerContext } from './context.js';

export function registerPlannerRoutes(context: ServerContext): void {
  const { routes, planners } = context;

  routes.add({
    method: 'GET', url: '/api/policies', operationId: 'listPolicies', tag: 'planners',
    summary: 'Decision policies a planner or campaign can use, with their options (JSON Schema) and defaults',
    responses: { 200: { description: 'Policies', schema: z.array(policyViewSchema) } },
    handler: () => policyViews(),
  });

  routes.add({
    method: 'GET', url: '/api/surrogates', operationId: 'listSurrogates', tag: 'planners',
    summary: 'Surrogate models a planner or campaign can fit, with their options (JSON Schema) and defaults',
    responses: { 200: { description: 'Surrogates', schema: z.array(surrogateViewSchema) } },
    handler: () => surrogateViews(),
  });

  routes.add({
    method: 'GET', url: '/api/planners', operationId: 'listPlanners', tag: 'planners',
    summary: 'All planners in the database',
    responses: { 200: { description: 'Planner list', schema: plannerListSchema } },
    handler: () => planners.list(),
  });

  routes.add({
    method: 'POST', url: '/api/planners', operationId: 'createPlanner', tag: 'planners',
    summary: 'Create a planner over any box-bounded space with linear constraints',
    description: `Defaults: policy ${DEFAULT_POLICY}, surrogate { kind: ${DEFAULT_SURROGATE_KIND} } for a policy that uses a model, `
      + 'initialDesign { sampler: lhs, count: parameters + 2 }, seed 1. '
      + `Policies: ${policies.names().join(', ')} (GET /api/policies); surrogates: GET /api/surrogates. `
      + 'Constraints read sum(coefficients[name] * value) <= bound in physical units.',
    body: createPlannerBody,
    responses: { 201: { description: 'Created', schema: plannerCreatedSchema } },
    handler: ({ body, reply }) => {
      const created = planners.create(body);
      reply.code(201);
      return created;
    },
  });

  routes.add({
    method: 'POST', url: '/api/planners/:id/ask', operationId: 'askPlanner', tag: 'planners',
    summary: 'Propose the next conditions (initial design first, then the policy)',
    params: plannerIdParams,
    body: askBody,
    bodyOptional: true,
    responses: {
      200: { description: 'Conditions in physical units (point) and in [0, 1] (unit)', schema: askResultSchema },
      422: { description: 'No feasible point in the space' },
    },
    handler: async ({ params, body }) => ({ conditions: await planners.ask(params.id, body?.count ?? 1) }),
  });

  routes.add({
    method: 'POST', url: '/api/planners/:id/tell', operationId: 'tellPlanner', tag: 'planners',
    summary: 'Report results: { id, value } for a proposal asked for, { point, value } for a condition chosen elsewhere, failed: true for a run without a result',
    description: 'An id must name a pending proposal (its point is used when none is given); an unknown, abandoned or already told id is refused. A bad batch changes nothing.',
    params: plannerIdParams,
    body: tellBody,
    responses: { 200: { description: 'Told', schema: tellResultSchema } },
    handler: ({ params, body }) => planners.tell(params.id, body.observations as ObservationInput[]),
  });

  routes.add({
    method: 'GET', url: '/api/planners/:id', operationId: 'getPlanner', tag: 'planners',
    summary: 'Options, observations, pending conditions and the best observation',
    params: plannerIdParams,
    responses: { 200: { description: 'The planner', schema: plannerDetailSchema } },
    handler: ({ params }) => planners.get(params.id),
  });

  routes.add({
    method: 'POST', url: '/api/planners/:id/abandon', operationId: 'abandonProposals', tag: 'planners',
    summary: 'Drop pending proposals that will not be run, so the planner stops keeping away from them',
    description: 'Their ids are never handed out again; a result told later under such an id is refused (tell it without the id).',
    params: plannerIdParams,
    body: abandonBody,
    responses: { 200: { description: 'What was dropped and what is still pending', schema: abandonResultSchema } },
    handler: ({ params, body }) => planners.abandon(params.id, body.ids),
  });
}
