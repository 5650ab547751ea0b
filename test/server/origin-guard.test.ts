// A web page on another site must not drive the lab through the visitor's browser: not by a
// cross-origin request (an abort needs no body), not by DNS rebinding (another Host), not over
// a WebSocket. Clients that are not browsers send no Origin and keep working.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { foreignRequestProblem, hostOf, hostPolicy } from '../../src/server/origin-guard.js';
import { readEvents } from '../../src/store/campaigns.js';
import { bearer, json, OPERATOR_TOKEN, smallCampaignSpec, testServer, untilIdle, type TestServer } from './helpers.js';

describe('which requests are the server\'s own', () => {
  it('reads host names from Host headers, with ports and IPv6 brackets', () => {
    expect(hostOf('127.0.0.1:8080')).toBe('127.0.0.1');
    expect(hostOf('LOCALHOST')).toBe('localhost');
    expect(hostOf('[::1]:8080')).toBe('::1');
    expect(hostOf('lab.example.org:80')).toBe('lab.example.org');
    expect(hostOf('a b')).toBeUndefined();
  });

  it('a loopback server answers to loopback names only, plus the names the operator adds', () => {
    const policy = hostPolicy('127.0.0.1', ['rig-3.lab.example']);
    const problem = (headers: Record<string, string>) => foreignRequestProblem(policy, headers);
    expect(problem({ host: '127.0.0.1:8080' })).toBeUndefined();
    expect(problem({ host: 'localhost:8080' })).toBeUndefined();
    expect(problem({ host: '[::1]:8080' })).toBeUndefined();
    expect(problem({ host: 'rig-3.lab.example:8080' })).toBeUndefined();
    expect(problem({ host: 'attacker.example:8080' })).toMatch(/Host 'attacker\.example' is not a name of this server.*--allowed-host attacker\.example/);
    expect(problem({})).toMatch(/Host header/);
    expect(problem({ host: '127.0.0.1:8080', origin: 'http://127.0.0.1:8080' })).toBeUndefined();
    expect(problem({ host: '127.0.0.1:8080', origin: 'http://127.0.0.1:9999' })).toMatch(/requests from http:\/\/127\.0\.0\.1:9999 are refused/);
    expect(problem({ host: '127.0.0.1:8080', origin: 'null' })).toMatch(/not a URL|refused/);
    expect(problem({ host: '127.0.0.1:8080', 'sec-fetch-site': 'cross-site' })).toMatch(/cross-site/);
    expect(problem({ host: '127.0.0.1:8080', 'sec-fetch-site': 'same-origin' })).toBeUndefined();
  });

  it('a server on every address also answers to this machine\'s own addresses', () => {
    const policy = hostPolicy('0.0.0.0');
    expect(foreignRequestProblem(policy, { host: '127.0.0.1:8080' })).toBeUndefined();
    expect(foreignRequestProblem(policy, { host: 'attacker.example' })).toMatch(/not a name of this server/);
  });
});

describe('a token-less loopback server', () => {
  let server: TestServer;
  let base: string;
  let campaignId: string;
  beforeAll(async () => {
    server = await testServer();
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    base = `127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
    const created = await json(server.app, { method: 'POST', url: '/api/campaigns', payload: smallCampaignSpec({ budget: 1 }), headers: { host: base } });
    campaignId = created.body.id;
    await untilIdle(server.app, campaignId, { host: base });
  });
  afterAll(() => server.app.close());

  it('refuses a bodiless abort posted from another site, and changes nothing', async () => {
    const before = readEvents(server.db, campaignId).length;
    const attack = await server.app.inject({ method: 'POST', url: `/api/campaigns/${campaignId}/abort`, headers: { host: base, origin: 'http://attacker.example' } });
    expect(attack.statusCode).toBe(403);
    expect(attack.json().message).toMatch(/requests from http:\/\/attacker\.example are refused/);
    const viaRebinding = await server.app.inject({ method: 'POST', url: `/api/campaigns/${campaignId}/abort`, headers: { host: 'attacker.example' } });
    expect(viaRebinding.statusCode).toBe(403);
    const readByRebinding = await server.app.inject({ method: 'GET', url: '/api/campaigns', headers: { host: 'attacker.example' } });
    expect(readByRebinding.statusCode).toBe(403);
    expect(readEvents(server.db, campaignId)).toHaveLength(before);
  });

  it('serves its own dashboard\'s requests and clients that send no Origin', async () => {
    const fromDashboard = await server.app.inject({ method: 'GET', url: '/api/campaigns', headers: { host: base, origin: `http://${base}`, 'sec-fetch-site': 'same-origin' } });
    expect(fromDashboard.statusCode).toBe(200);
    const fromScript = await server.app.inject({ method: 'GET', url: `/api/campaigns/${campaignId}`, headers: { host: base } });
    expect(fromScript.statusCode).toBe(200);
  });

  it('refuses a WebSocket opened by a page on another site', async () => {
    const connect = (origin: string) => new Promise<{ status?: number; message?: boolean }>((resolve, reject) => {
      const socket = new WebSocket(`ws://${base}/api/campaigns/${campaignId}/live?after=0`, { origin });
      socket.on('unexpected-response', (_request, response) => {
        resolve({ status: response.statusCode });
        response.destroy();
      });
      socket.on('message', () => {
        resolve({ message: true });
        socket.close();
      });
      socket.on('error', reject);
    });
    expect(await connect('http://attacker.example')).toEqual({ status: 403 });
    expect(await connect(`http://${base}`)).toEqual({ message: true });
  });
});

describe('a server with tokens', () => {
  it('still refuses cross-origin requests that carry a valid token', async () => {
    const { app } = await testServer({ tokens: { operator: OPERATOR_TOKEN } });
    const response = await app.inject({ method: 'GET', url: '/api/campaigns', headers: { ...bearer(OPERATOR_TOKEN), origin: 'http://attacker.example' } });
    expect(response.statusCode).toBe(403);
    await app.close();
  });
});
