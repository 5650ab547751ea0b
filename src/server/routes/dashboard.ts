// The dashboard: the built single-page app from src/web/dist at /, with unknown non-API paths
// answered by its index.html (client-side routes). Without a build, / says how to make one.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFoundHandler } from '../http-errors.js';

export const DASHBOARD_MISSING_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>sdfl</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 4em auto">
<h1>sdfl server</h1>
<p>The dashboard has not been built. Run <code>npm run build:web</code> and restart <code>sdfl serve</code>.</p>
<p>The API is up: <a href="/api/health">/api/health</a>, <a href="/api/openapi.json">/api/openapi.json</a>.</p>
</body></html>
`;

function isApiPath(url: string): boolean {
  const path = url.split('?')[0];
  return path === '/api' || path.startsWith('/api/');
}

/** Returns whether the dashboard build was found. */
export async function registerDashboard(app: FastifyInstance, webRoot: string): Promise<boolean> {
  const built = existsSync(join(webRoot, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, { root: webRoot, prefix: '/' });
  } else {
    app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(DASHBOARD_MISSING_PAGE));
  }
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const lastSegment = request.url.split('?')[0].split('/').pop() ?? '';
    if (built && request.method === 'GET' && !isApiPath(request.url) && !lastSegment.includes('.')) {
      return reply.sendFile('index.html');
    }
    notFoundHandler(request, reply);
  });
  return built;
}
