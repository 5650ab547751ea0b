// Servers on an in-memory (or temporary) database, small fast campaigns, request helpers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { expect } from 'vitest';
import { buildServer, type ServerOptions } from '../../src/server/build-server.js';
import { openDatabase, type SqliteDatabase } from '../../src/store/database.js';
import { FAST_ENN, testDeps } from '../campaigns/helpers.js';

export { FAST_ENN, testDeps };

export const OPERATOR_TOKEN = 'operator-token-0123456789';
export const READ_TOKEN = 'read-only-token-9876543210';

export interface TestServer {
  app: FastifyInstance;
  db: SqliteDatabase;
}

export async function testServer(options: Partial<ServerOptions> = {}): Promise<TestServer> {
  const db = options.db ?? openDatabase(':memory:');
  const app = await buildServer({
    databasePath: ':memory:',
    host: '127.0.0.1',
    deps: testDeps(),
    logger: false,
    webRoot: join(tmpdir(), 'sdfl-no-dashboard-here'),
    ...options,
    db,
  });
  return { app, db };
}

export function temporaryDirectory(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'sdfl-server-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A small exploration on the simulated-clock virtual lab: about half a second. */
export function smallCampaignSpec(overrides: Record<string, unknown> = {}) {
  return { name: 'small', kind: 'exploration', seed: 4, initialDesign: { sampler: 'lhs', count: 3 }, policy: 'mv', budget: 2, surrogate: FAST_ENN, ...overrides };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export async function json(app: FastifyInstance, options: InjectOptions): Promise<{ status: number; body: any; headers: Record<string, unknown> }> {
  const response = await app.inject(options);
  const type = String(response.headers['content-type'] ?? '');
  return { status: response.statusCode, body: type.includes('json') ? response.json() : response.body, headers: response.headers };
}

/** Waits until this server no longer runs the campaign. */
export async function untilIdle(app: FastifyInstance, id: string, headers: Record<string, string> = {}): Promise<any> {
  for (let i = 0; i < 600; i++) {
    const { status, body } = await json(app, { method: 'GET', url: `/api/campaigns/${id}`, headers });
    expect(status).toBe(200);
    if (!body.summary.active) return body;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`campaign ${id} still running`);
}
