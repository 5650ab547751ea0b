// Health and the API's own description.
import { z } from 'zod';
import { healthSchema } from '../api-schemas.js';
import { openApiDocument } from '../openapi.js';
import type { ServerContext } from './context.js';

export function registerMetaRoutes(context: ServerContext): void {
  const { routes } = context;
  let document: ReturnType<typeof openApiDocument> | undefined;

  routes.add({
    method: 'GET', url: '/api/health', operationId: 'health', tag: 'meta',
    summary: 'Server version, database file, campaigns running in this process',
    responses: { 200: { description: 'Up', schema: healthSchema } },
    handler: () => ({ status: 'ok' as const, version: context.version, database: context.databasePath, campaignsRunning: context.runs.count }),
  });

  routes.add({
    method: 'GET', url: '/api/openapi.json', operationId: 'openapi', tag: 'meta',
    summary: 'This document (OpenAPI 3.1)',
    responses: { 200: { description: 'OpenAPI document', schema: z.record(z.string(), z.unknown()) } },
    // Every route is registered before the server answers anything, so one document serves all.
    handler: () => (document ??= openApiDocument(routes.documented, context.version)),
  });
}
