// Who may do what. Two bearer tokens: the operator's (anything) and a read-only one (GET and
// the live streams). With no token configured the server must be bound to loopback, and then
// everything is open.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isIP } from 'node:net';
import type { ApiErrorBody } from './http-errors.js';

export interface AccessTokens {
  operator?: string;
  read?: string;
}

export type AccessLevel = 'operator' | 'read';

/** A server setting that cannot work or would be unsafe; the command line exits with 2. */
export class ServerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServerConfigError';
  }
}

export const MIN_TOKEN_LENGTH = 12;

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  return isIP(bare) === 4 && bare.startsWith('127.');
}

/** Refuses settings that would expose the lab: another address without an operator token, weak or equal tokens. */
export function checkAccessSettings(host: string, tokens: AccessTokens): void {
  for (const [flag, token] of [['--token', tokens.operator], ['--read-token', tokens.read]] as const) {
    if (token === undefined) continue;
    if (token.length < MIN_TOKEN_LENGTH) throw new ServerConfigError(`${flag} must be at least ${MIN_TOKEN_LENGTH} characters`);
    if (/\s/.test(token)) throw new ServerConfigError(`${flag} must not contain whitespace`);
  }
  if (tokens.operator !== undefined && tokens.operator === tokens.read) {
    throw new ServerConfigError('the operator token and the read-only token must differ');
  }
  if (!isLoopbackHost(host) && tokens.operator === undefined) {
    throw new ServerConfigError(`refusing to listen on ${host} without an operator token: set --token or SDFL_TOKEN (or bind to 127.0.0.1)`);
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Constant-time: both tokens are always compared, on digests of equal length. */
export function tokenLevel(tokens: AccessTokens, presented: string | undefined): AccessLevel | undefined {
  if (presented === undefined) return undefined;
  const given = digest(presented);
  const isOperator = tokens.operator !== undefined && timingSafeEqual(given, digest(tokens.operator));
  const isReader = tokens.read !== undefined && timingSafeEqual(given, digest(tokens.read));
  if (isOperator) return 'operator';
  if (isReader) return 'read';
  return undefined;
}

export function requiredLevel(method: string): AccessLevel {
  return method === 'GET' || method === 'HEAD' ? 'read' : 'operator';
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : undefined;
}

function queryToken(request: FastifyRequest): string | undefined {
  const token = (request.query as Record<string, unknown> | undefined)?.token;
  return typeof token === 'string' ? token : undefined;
}

export interface RouteAccessConfig {
  /** Event streams: browsers cannot set headers on WebSocket or EventSource, so `?token=` counts. */
  queryToken?: boolean;
}

function isApiPath(path: string | undefined): boolean {
  return path !== undefined && (path === '/api' || path.startsWith('/api/'));
}

/** onRequest hook guarding /api; the dashboard's static files carry no data and stay open. */
export function accessHook(tokens: AccessTokens) {
  const open = tokens.operator === undefined && tokens.read === undefined;
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (open) return;
    // Decide by the route that matched, not the raw URL: the router decodes the path, so
    // /%61pi/campaigns reaches /api/campaigns.
    if (!isApiPath(request.routeOptions.url) && !isApiPath(request.url.split('?')[0])) return;
    const config = request.routeOptions.config as RouteAccessConfig | undefined;
    const presented = bearerToken(request) ?? (config?.queryToken ? queryToken(request) : undefined);
    const level = tokenLevel(tokens, presented);
    const needed = requiredLevel(request.method);
    if (level === undefined) {
      const message = presented === undefined ? 'this server needs a token: send Authorization: Bearer <token>' : 'the token is not valid';
      void reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unauthorized', message } satisfies ApiErrorBody);
      return reply;
    }
    if (needed === 'operator' && level !== 'operator') {
      void reply.code(403).send({ error: 'forbidden', message: 'the read-only token cannot change anything; use the operator token' } satisfies ApiErrorBody);
      return reply;
    }
  };
}
