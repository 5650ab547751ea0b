// The Python client (clients/python, standard library only) drives a real server: a short
// optimisation over a mixed space, abandon, and the errors a client must see. And it covers
// every planner route the server documents.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServer, type TestServer } from '../server/helpers.js';

let server: TestServer;
let url: string;
beforeAll(async () => {
  server = await testServer();
  await server.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
});
afterAll(() => server.app.close());

describe('the Python client', () => {
  it('passes its checks against the server', async () => {
    // Run asynchronously: the server answers on this process's event loop.
    const { spawn } = await import('node:child_process');
    const child = spawn('python3', ['clients/python/check_client.py', '-v'], { env: { ...process.env, SDFL_URL: url }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(output).toMatch(/Ran 2 tests/);
    expect(code, output).toBe(0);
  }, 120_000);

  it('has a method for every planner route in the OpenAPI document', async () => {
    const document = (await server.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    const source = readFileSync('clients/python/sdfl_client.py', 'utf8');
    const routes = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/api/planners') || path === '/api/policies' || path === '/api/surrogates')
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `"${method.toUpperCase()}", f?"${path.replace('{id}', '{planner_id}')}"`));
    for (const route of routes) expect(source, route).toMatch(new RegExp(route.replace(/[{}/]/g, (c) => `\\${c}`).replace('f?', 'f?')));
    expect(spawnSync('python3', ['-m', 'py_compile', 'clients/python/sdfl_client.py']).status).toBe(0);
  });
});
