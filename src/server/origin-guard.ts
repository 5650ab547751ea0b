// Browsers must not be able to drive the lab: a page on another site could otherwise POST to
// a token-less loopback server (an abort needs no body), or reach it under its own name by
// DNS rebinding. Every request must name this server in Host, and a request a browser makes
// from another origin (Origin, or Sec-Fetch-Site: cross-site) is refused. Clients that are
// not browsers (curl, Python, LabVIEW) send neither header and are unaffected.
import { hostname, networkInterfaces } from 'node:os';
import { isIP } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiErrorBody } from './http-errors.js';

export interface HostPolicy {
  /** Host names (or addresses) that are this server's, lower case, without port or brackets. */
  readonly names: ReadonlySet<string>;
  /** Any 127.x.y.z counts (loopback). */
  readonly loopbackAddresses: boolean;
}

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);

function bare(host: string): string {
  return host.trim().toLowerCase().replace(/^\[|\]$/g, '');
}

/** The names a server bound to `listenHost` answers to, plus any the operator adds. */
export function hostPolicy(listenHost: string, extraNames: readonly string[] = []): HostPolicy {
  const names = new Set(['localhost', '127.0.0.1', '::1', ...extraNames.map(bare)]);
  const listen = bare(listenHost);
  if (WILDCARDS.has(listenHost.trim()) || WILDCARDS.has(listen)) {
    // Every address of this machine, and its own name.
    names.add(hostname().toLowerCase());
    for (const addresses of Object.values(networkInterfaces())) for (const address of addresses ?? []) names.add(bare(address.address));
  } else {
    names.add(listen);
  }
  return { names, loopbackAddresses: true };
}

/** Host header value -> host name without port, or undefined when malformed. */
export function hostOf(header: string): string | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::(\d{1,5}))?$/i.exec(header.trim());
  return match ? bare(match[1]) : undefined;
}

export function isOwnHost(policy: HostPolicy, host: string): boolean {
  if (policy.names.has(host)) return true;
  return policy.loopbackAddresses && isIP(host) === 4 && host.startsWith('127.');
}

/** Why the request is refused, or undefined when it may go on. */
export function foreignRequestProblem(policy: HostPolicy, headers: FastifyRequest['headers']): string | undefined {
  const hostHeader = headers.host;
  const host = typeof hostHeader === 'string' ? hostOf(hostHeader) : undefined;
  if (host === undefined) return 'a Host header naming this server is required';
  if (!isOwnHost(policy, host)) {
    return `Host '${host}' is not a name of this server (allowed: ${[...policy.names].join(', ')}); if it is one, start the server with --allowed-host ${host}`;
  }
  const origin = headers.origin;
  if (typeof origin === 'string' && origin !== '') {
    let originHost: string;
    try {
      originHost = new URL(origin).host.toLowerCase();
    } catch {
      return `Origin '${origin}' is not a URL`;
    }
    if (originHost !== String(hostHeader).trim().toLowerCase()) return `requests from ${origin} are refused: only pages served by this server may call it`;
  }
  if (headers['sec-fetch-site'] === 'cross-site') return 'cross-site requests are refused';
  return undefined;
}

export function originGuardHook(policy: HostPolicy) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const problem = foreignRequestProblem(policy, request.headers);
    if (problem === undefined) return;
    void reply.code(403).send({ error: 'forbidden', message: problem } satisfies ApiErrorBody);
    return reply;
  };
}
