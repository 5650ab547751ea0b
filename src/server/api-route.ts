// One declaration per route: the zod schemas that check its input are the ones the OpenAPI
// document is generated from, so the checks and the documentation cannot drift apart.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { badRequest } from './http-errors.js';

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** Default application/json; several when a query picks the format. */
  contentType?: string | string[];
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteInput<P, Q, B> {
  params: Parsed<P>;
  query: Parsed<Q>;
  body: Parsed<B>;
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface DocumentedRoute {
  method: 'GET' | 'POST';
  url: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The body may be left out entirely. */
  bodyOptional?: boolean;
  responses: Record<number, ResponseSpec>;
  /** Streams accept the token as `?token=` as well. */
  queryToken?: boolean;
}

export interface RouteSpec<P extends z.ZodType | undefined, Q extends z.ZodType | undefined, B extends z.ZodType | undefined> extends DocumentedRoute {
  params?: P;
  query?: Q;
  body?: B;
  handler(input: RouteInput<P, Q, B>): unknown;
}

export class ApiRoutes {
  readonly documented: DocumentedRoute[] = [];

  constructor(private readonly app: FastifyInstance) {}

  add<P extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined, B extends z.ZodType | undefined = undefined>(spec: RouteSpec<P, Q, B>): void {
    const { handler, ...documented } = spec;
    this.documented.push(documented);
    this.app.route({
      method: spec.method,
      url: spec.url,
      config: { queryToken: spec.queryToken ?? false },
      handler: async (request, reply) => {
        const params = parseInput(spec.params, request.params, 'path') as Parsed<P>;
        const query = parseInput(spec.query, request.query, 'query') as Parsed<Q>;
        const body = parseInput(spec.body, request.body, 'body') as Parsed<B>;
        return handler({ params, query, body, request, reply });
      },
    });
  }

  /** Routes Fastify registers by other means (WebSocket) still belong in the document. */
  document(route: DocumentedRoute): void {
    this.documented.push(route);
  }
}

function parseInput(schema: z.ZodType | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  throw badRequest(issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
}
