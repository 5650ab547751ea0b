import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, OPERATOR_TOKEN, temporaryDirectory, testServer, type TestServer } from './helpers.js';

describe('dashboard files', () => {
  const directory = temporaryDirectory();
  let server: TestServer;
  const index = '<!doctype html><title>dashboard</title><script src="/assets/app.js"></script>';

  beforeAll(async () => {
    mkdirSync(join(directory.path, 'assets'));
    writeFileSync(join(directory.path, 'index.html'), index);
    writeFileSync(join(directory.path, 'assets', 'app.js'), 'console.log(1);');
    server = await testServer({ webRoot: directory.path, tokens: { operator: OPERATOR_TOKEN } });
  });
  afterAll(async () => {
    await server.app.close();
    directory.remove();
  });

  it('serves the built app at / and its assets, without a token', async () => {
    const page = await server.app.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toBe(index);
    const script = await server.app.inject({ method: 'GET', url: '/assets/app.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
  });

  it('answers client-side routes with the app and missing files or API routes with 404 JSON', async () => {
    const route = await server.app.inject({ method: 'GET', url: '/campaigns/twin-1234' });
    expect(route.statusCode).toBe(200);
    expect(route.body).toBe(index);
    const missing = await json(server.app, { method: 'GET', url: '/assets/gone.js' });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe('not-found');
    const api = await json(server.app, { method: 'GET', url: '/api/nothing', headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } });
    expect(api.status).toBe(404);
    expect(api.body.error).toBe('not-found');
  });
});
