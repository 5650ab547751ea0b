// The OpenAPI 3.1 document, generated from the routes' own zod schemas (JSON Schema 2020-12,
// which OpenAPI 3.1 uses as is).
import { z } from 'zod';
import type { DocumentedRoute, ResponseSpec } from './api-route.js';
import { errorSchema, liveMessageSchema } from './api-schemas.js';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  return rest;
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const object = jsonSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || (object.required ?? []).includes(name),
      schema: rest,
      ...(description ? { description } : {}),
    };
  });
}

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid path, query or body; the message names the field',
  401: 'A token is configured and none (or a wrong one) was sent',
  403: 'The read-only token was sent for a request that changes something',
  404: 'No such campaign, experiment or planner',
  413: 'Body larger than the limit',
  500: 'Unexpected failure',
};

function response(spec: ResponseSpec): JsonSchema {
  const contentTypes = [spec.contentType ?? 'application/json'].flat();
  const media = spec.schema ? { schema: jsonSchema(spec.schema, 'output') } : {};
  return { description: spec.description, content: Object.fromEntries(contentTypes.map((type) => [type, media])) };
}

function errorResponse(description: string): JsonSchema {
  return { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
}

function operation(route: DocumentedRoute): JsonSchema {
  const responses: Record<string, JsonSchema> = {};
  for (const [status, spec] of Object.entries(route.responses)) {
    responses[status] = Number(status) >= 400 ? errorResponse(spec.description) : response(spec);
  }
  const standard = [401, 500];
  if (route.params || route.query || route.body) standard.push(400);
  if (route.method === 'POST') standard.push(403);
  if (route.params) standard.push(404);
  if (route.body) standard.push(413);
  for (const status of standard) responses[status] ??= errorResponse(ERROR_DESCRIPTIONS[status]);
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
    ...(route.body
      ? { requestBody: { required: !route.bodyOptional, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } } }
      : {}),
    responses,
    security: route.queryToken ? [{ bearer: [] }, { queryToken: [] }, {}] : [{ bearer: [] }, {}],
  };
}

export function openApiDocument(routes: readonly DocumentedRoute[], version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const path = route.url.replace(/:(\w+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'sdfl: self-driving fluidic lab API',
      version,
      description: 'Campaigns on the lab, their live events and data, and ask/tell planners for external rigs. '
        + 'When the server has tokens, GET needs the read-only or the operator token and POST the operator token (Authorization: Bearer); '
        + 'the live streams also take ?token=. Without tokens (loopback only) everything is open.',
    },
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        queryToken: { type: 'apiKey', in: 'query', name: 'token' },
      },
      schemas: {
        Error: jsonSchema(errorSchema, 'output'),
        LiveMessage: jsonSchema(liveMessageSchema, 'output'),
      },
    },
  };
}
