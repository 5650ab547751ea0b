import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import { buildServer } from '../../src/server/build-server.js';
import { checkAccessSettings, isLoopbackHost, ServerConfigError, tokenLevel } from '../../src/server/auth.js';
import { bearer, json, OPERATOR_TOKEN, READ_TOKEN, testDeps, testServer, type TestServer } from './helpers.js';

/** Connects, then reports the refusal status or the first message. */
function openSocket(url: string, headers: Record<string, string> = {}): Promise<{ status?: number; first?: unknown }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.on('unexpected-response', (_request, response) => {
      resolve({ status: response.statusCode });
      response.destroy();
    });
    socket.on('message', (data) => {
      resolve({ first: JSON.parse(String(data)) });
      socket.close();
    });
    socket.on('error', reject);
  });
}

const PLANNER = { space: { parameters: [{ name: 'x', lower: 0, upper: 1 }] }, objective: { name: 'y', direction: 'maximize' }, policy: 'random' };

describe('access settings', () => {
  it('knows loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'lab.example.org', '128.0.0.1']) expect(isLoopbackHost(host)).toBe(false);
  });

  it('refuses another address without an operator token, equal tokens and short ones', () => {
    expect(() => checkAccessSettings('0.0.0.0', {})).toThrow(/refusing to listen on 0\.0\.0\.0 without an operator token/);
    expect(() => checkAccessSettings('0.0.0.0', { read: READ_TOKEN })).toThrow(ServerConfigError);
    expect(() => checkAccessSettings('127.0.0.1', { operator: OPERATOR_TOKEN, read: OPERATOR_TOKEN })).toThrow(/must differ/);
    expect(() => checkAccessSettings('127.0.0.1', { operator: 'short' })).toThrow(/--token must be at least 12 characters/);
    expect(() => checkAccessSettings('0.0.0.0', { operator: OPERATOR_TOKEN, read: READ_TOKEN })).not.toThrow();
    expect(() => checkAccessSettings('127.0.0.1', {})).not.toThrow();
  });

  it('tells the two tokens apart and nothing else', () => {
    const tokens = { operator: OPERATOR_TOKEN, read: READ_TOKEN };
    expect(tokenLevel(tokens, OPERATOR_TOKEN)).toBe('operator');
    expect(tokenLevel(tokens, READ_TOKEN)).toBe('read');
    expect(tokenLevel(tokens, `${OPERATOR_TOKEN}x`)).toBeUndefined();
    expect(tokenLevel(tokens, OPERATOR_TOKEN.slice(0, -1))).toBeUndefined();
    expect(tokenLevel(tokens, '')).toBeUndefined();
    expect(tokenLevel({ operator: OPERATOR_TOKEN }, READ_TOKEN)).toBeUndefined();
  });

  it('buildServer refuses 0.0.0.0 without a token and accepts it with one', async () => {
    await expect(buildServer({ databasePath: ':memory:', host: '0.0.0.0', deps: testDeps(), logger: false })).rejects.toThrow(ServerConfigError);
    const app = await buildServer({ databasePath: ':memory:', host: '0.0.0.0', tokens: { operator: OPERATOR_TOKEN }, deps: testDeps(), logger: false });
    await app.close();
  });

  it('sdfl serve exits with 2 and one line on an unsafe or bad setting', async () => {
    const run = async (args: string[]) => {
      let out = '';
      let err = '';
      const io: CliIo = { out: (t) => { out += t; }, err: (t) => { err += t; }, isTty: false };
      return { code: await main(args, io), out, err };
    };
    const previous = process.env.SDFL_TOKEN;
    delete process.env.SDFL_TOKEN;
    try {
      for (const [args, message] of [
        [['serve', '--host', '0.0.0.0', '--db', ':memory:'], /refusing to listen on 0\.0\.0\.0 without an operator token/],
        [['serve', '--token', OPERATOR_TOKEN, '--read-token', OPERATOR_TOKEN, '--db', ':memory:'], /must differ/],
        [['serve', '--port', 'http', '--db', ':memory:'], /--port: expected a port number/],
      ] as const) {
        const { code, out, err } = await run([...args]);
        expect(code).toBe(2);
        expect(out).toBe('');
        expect(err.trim().split('\n')).toHaveLength(1);
        expect(err).toMatch(message);
      }
    } finally {
      if (previous !== undefined) process.env.SDFL_TOKEN = previous;
    }
  });
});

describe('with an operator and a read-only token', () => {
  let server: TestServer;
  let campaignId: string;
  beforeAll(async () => {
    server = await testServer({ tokens: { operator: OPERATOR_TOKEN, read: READ_TOKEN } });
    const { createCampaign } = await import('../../src/campaigns/campaign-service.js');
    campaignId = createCampaign(server.db, { name: 'idle', kind: 'exploration' }, new Date()).id;
  });
  afterAll(async () => {
    await server.app.close();
  });

  it('GET needs either token', async () => {
    const get = (headers: Record<string, string>) => json(server.app, { method: 'GET', url: '/api/campaigns', headers });
    const none = await get({});
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer');
    expect(none.body).toMatchObject({ error: 'unauthorized' });
    expect((await get(bearer('not-the-token-at-all'))).status).toBe(401);
    expect((await get({ authorization: `Basic ${READ_TOKEN}` })).status).toBe(401);
    expect((await get(bearer(READ_TOKEN))).status).toBe(200);
    expect((await get(bearer(OPERATOR_TOKEN))).status).toBe(200);
    expect((await get({ authorization: `bearer ${READ_TOKEN}` })).status).toBe(200);
  });

  it('POST needs the operator token', async () => {
    const post = (headers: Record<string, string>) => json(server.app, { method: 'POST', url: '/api/planners', headers, payload: PLANNER });
    expect((await post({})).status).toBe(401);
    const read = await post(bearer(READ_TOKEN));
    expect(read.status).toBe(403);
    expect(read.body.error).toBe('forbidden');
    expect((await post(bearer(OPERATOR_TOKEN))).status).toBe(201);
    // A token in the query string is for event streams only.
    expect((await json(server.app, { method: 'POST', url: `/api/planners?token=${OPERATOR_TOKEN}`, payload: PLANNER })).status).toBe(401);
    expect((await json(server.app, { method: 'POST', url: `/api/campaigns/${campaignId}/pause`, headers: bearer(READ_TOKEN) })).status).toBe(403);
  });

  it('guards the routes themselves, however the path is spelled', async () => {
    for (const url of ['/%61pi/campaigns', '/api//campaigns', '/./api/campaigns', `/%61pi/campaigns/${campaignId}/events`]) {
      const { status, body } = await json(server.app, { method: 'GET', url });
      expect({ url, status }).toEqual({ url, status: 401 });
      expect(body.error).toBe('unauthorized');
    }
  });

  it('checks the token before the body, so a stranger learns nothing from validation', async () => {
    const { status } = await json(server.app, { method: 'POST', url: '/api/campaigns', payload: { bad: 'spec' } });
    expect(status).toBe(401);
  });

  it('accepts ?token= on the event streams only', async () => {
    expect((await json(server.app, { method: 'GET', url: `/api/campaigns?token=${READ_TOKEN}` })).status).toBe(401);
    const stream = (url: string, headers: Record<string, string> = {}) => server.app.inject({ method: 'GET', url, headers, payloadAsStream: true });
    const unauthorised = await stream(`/api/campaigns/${campaignId}/stream`);
    expect(unauthorised.statusCode).toBe(401);
    for (const [url, headers] of [
      [`/api/campaigns/${campaignId}/stream?token=${READ_TOKEN}`, {}],
      [`/api/campaigns/${campaignId}/stream?token=${OPERATOR_TOKEN}`, {}],
      [`/api/campaigns/${campaignId}/stream`, bearer(READ_TOKEN)],
    ] as const) {
      const response = await stream(url, headers);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
      response.stream().destroy();
    }
  });

  it('guards the WebSocket the same way (real socket)', async () => {
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `ws://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
    expect(await openSocket(`${base}/api/campaigns/${campaignId}/live`)).toEqual({ status: 401 });
    expect(await openSocket(`${base}/api/campaigns/${campaignId}/live?token=wrong-token-123456`)).toEqual({ status: 401 });
    expect(await openSocket(`${base}/api/campaigns/${campaignId}/live`, bearer(READ_TOKEN))).toEqual({ first: { type: 'run', active: false } });
    expect(await openSocket(`${base}/api/campaigns/${campaignId}/live?token=${READ_TOKEN}`)).toEqual({ first: { type: 'run', active: false } });
    expect(await openSocket(`${base}/api/campaigns/no-such-campaign/live?token=${READ_TOKEN}`)).toEqual({ status: 404 });
  });

  it('leaves the dashboard page open (it holds no data)', async () => {
    expect((await server.app.inject({ method: 'GET', url: '/' })).statusCode).toBe(200);
  });
});

describe('other token setups', () => {
  it('without tokens on loopback everything is open', async () => {
    const { app } = await testServer();
    try {
      expect((await json(app, { method: 'GET', url: '/api/campaigns' })).status).toBe(200);
      expect((await json(app, { method: 'POST', url: '/api/planners', payload: PLANNER })).status).toBe(201);
    } finally {
      await app.close();
    }
  });

  it('with only a read-only token nothing can be changed', async () => {
    const { app } = await testServer({ tokens: { read: READ_TOKEN } });
    try {
      expect((await json(app, { method: 'GET', url: '/api/campaigns', headers: bearer(READ_TOKEN) })).status).toBe(200);
      expect((await json(app, { method: 'POST', url: '/api/planners', headers: bearer(READ_TOKEN), payload: PLANNER })).status).toBe(403);
    } finally {
      await app.close();
    }
  });

  it('never writes a token to the log', async () => {
    const lines: string[] = [];
    const { app } = await testServer({ tokens: { operator: OPERATOR_TOKEN, read: READ_TOKEN }, logger: { level: 'debug', stream: { write: (line) => lines.push(line) } } });
    try {
      await app.inject({ method: 'GET', url: '/api/health', headers: bearer(READ_TOKEN) });
      await app.inject({ method: 'GET', url: `/api/campaigns/x/stream?token=${READ_TOKEN}` });
      await app.inject({ method: 'POST', url: `/api/planners?token=${OPERATOR_TOKEN}`, payload: PLANNER });
      await app.inject({ method: 'POST', url: '/api/planners', headers: bearer(OPERATOR_TOKEN), payload: { broken: true } });
      await app.inject({ method: 'GET', url: '/api/health', headers: bearer('a-wrong-token-for-the-log') });
    } finally {
      await app.close();
    }
    const log = lines.join('');
    expect(log).toContain('/api/campaigns/x/stream?token=[redacted]');
    // One line per request, written after the answer, with its status.
    const requests = lines.map((line) => JSON.parse(line) as { msg: string; status?: number }).filter((entry) => entry.msg === 'request');
    expect(requests.map((r) => r.status)).toEqual([200, 404, 401, 400, 401]);
    for (const secret of [OPERATOR_TOKEN, READ_TOKEN, 'a-wrong-token-for-the-log']) expect(log).not.toContain(secret);
  });
});
