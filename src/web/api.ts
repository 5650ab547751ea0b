/// <reference lib="dom" />
// HTTP client of the dashboard: same origin, bearer token from sessionStorage, replies parsed.
import { z } from 'zod';
import { readToken } from './token.js';

export class ApiError extends Error {
  constructor(message: string, readonly status: number | null) {
    super(message);
    this.name = 'ApiError';
  }
}

function authHeaders(): Record<string, string> {
  const token = readToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** The server's error text: `{ error, message, issues? }` JSON, or the plain body. */
async function errorText(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { error?: unknown; message?: unknown; issues?: unknown };
    const head = typeof body.message === 'string' ? body.message : typeof body.error === 'string' ? body.error : text;
    const issues = Array.isArray(body.issues)
      ? body.issues.map((issue: { path?: unknown; message?: unknown }) => `${issue.path ? `${String(issue.path)}: ` : ''}${String(issue.message)}`)
      : [];
    // Several problems read better one per line than joined in the message.
    if (issues.length > 1) return [typeof body.error === 'string' ? body.error : 'rejected', ...issues.map((i) => `- ${i}`)].join('\n');
    return head;
  } catch {
    return text || response.statusText;
  }
}

async function request<T>(method: 'GET' | 'POST', path: string, schema: z.ZodType<T>, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: { ...authHeaders(), ...(body === undefined ? {} : { 'content-type': 'application/json' }), accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiError(`cannot reach the server (${(error as Error).message})`, null);
  }
  if (response.status === 401 || response.status === 403) {
    throw new ApiError(`${response.status} ${await errorText(response)} — paste the API token at the top right`, response.status);
  }
  if (!response.ok) throw new ApiError(`${method} ${path}: ${response.status} ${await errorText(response)}`, response.status);
  const json: unknown = await response.json();
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ApiError(`unexpected reply from ${path}: ${z.prettifyError(parsed.error)}`, response.status);
  return parsed.data;
}

export const api = {
  get: <T>(path: string, schema: z.ZodType<T>) => request('GET', path, schema),
  post: <T>(path: string, schema: z.ZodType<T>, body?: unknown) => request('POST', path, schema, body ?? {}),
};

/** Path of one campaign's resource; its sub-resources hang below it. */
export function campaignPath(id: string): string {
  return `/api/campaigns/${encodeURIComponent(id)}`;
}

/** WebSocket URL on the same host, with the token as query parameter (browsers cannot set headers on it). */
export function liveSocketUrl(path: string): string {
  const token = readToken();
  const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${location.host}${path}${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}
