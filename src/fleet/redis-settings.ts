// Where the fleet's Redis is and how to log in. Loopback by default; a Redis on another
// machine must need a password (as the HTTP server needs a token off loopback), and the
// password is better given in SDFL_REDIS_PASSWORD than in the URL, which shows in `ps`.
import { Redis } from 'ioredis';
import { isLoopbackHost } from '../server/auth.js';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export interface RedisSettings {
  /** redis://[user:password@]host[:port][/db] or rediss:// (TLS). */
  url: string;
  /** Overrides a password in the URL (SDFL_REDIS_PASSWORD). */
  password?: string;
}

export class RedisSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedisSettingsError';
  }
}

interface ParsedRedisUrl {
  host: string;
  port: number;
  tls: boolean;
  username?: string;
  password?: string;
  db: number;
}

export function parseRedisUrl(url: string): ParsedRedisUrl {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RedisSettingsError(`not a Redis URL: '${url}' (expected redis://host:port or rediss://host:port)`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw new RedisSettingsError(`not a Redis URL: '${redactUrl(url)}' (the scheme must be redis:// or rediss://)`);
  if (parsed.hostname === '') throw new RedisSettingsError(`the Redis URL '${redactUrl(url)}' names no host`);
  const port = parsed.port === '' ? 6379 : Number(parsed.port);
  const dbText = parsed.pathname.replace(/^\//, '');
  if (dbText !== '' && !/^\d+$/.test(dbText)) throw new RedisSettingsError(`the Redis URL '${redactUrl(url)}' has a path that is no database number`);
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port,
    tls: parsed.protocol === 'rediss:',
    username: parsed.username === '' ? undefined : decodeURIComponent(parsed.username),
    password: parsed.password === '' ? undefined : decodeURIComponent(parsed.password),
    db: dbText === '' ? 0 : Number(dbText),
  };
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):([^@/]*)@/, '//$1:[redacted]@');
}

/** Refuses a Redis off this machine that would be used without a password. */
export function checkRedisSettings(settings: RedisSettings): ParsedRedisUrl {
  const parsed = parseRedisUrl(settings.url);
  const password = settings.password ?? parsed.password;
  if (!isLoopbackHost(parsed.host) && (password === undefined || password === '')) {
    throw new RedisSettingsError(`refusing to use the Redis at ${parsed.host}:${parsed.port} without a password: a Redis that other machines reach must require one `
      + '(requirepass or an ACL user); give it in SDFL_REDIS_PASSWORD (or in the URL, redis://:PASSWORD@host:port), or use a Redis on 127.0.0.1');
  }
  return { ...parsed, password };
}

/**
 * A connection as BullMQ wants it (no retry limit per command: a blocked worker waits). It
 * reconnects by itself; `onError` hears of a problem once until the connection is back.
 */
export function openRedis(settings: RedisSettings, name: string, onError?: (message: string) => void): Redis {
  const parsed = checkRedisSettings(settings);
  const connection = new Redis({
    host: parsed.host,
    port: parsed.port,
    username: parsed.username,
    password: parsed.password,
    db: parsed.db,
    ...(parsed.tls ? { tls: { servername: parsed.host } } : {}),
    connectionName: name,
    maxRetriesPerRequest: null,
    lazyConnect: false,
  });
  let reported = false;
  connection.on('error', (error: Error) => {
    if (reported) return;
    reported = true;
    onError?.(`Redis at ${parsed.host}:${parsed.port}: ${error.message}; retrying`);
  });
  connection.on('ready', () => {
    reported = false;
  });
  return connection;
}

/** The --redis flag (a URL, or alone for the default) and the environment's password. */
export function redisSettingsFromFlag(flag: string | true, env: NodeJS.ProcessEnv = process.env): RedisSettings {
  const url = flag === true ? DEFAULT_REDIS_URL : flag;
  const password = env.SDFL_REDIS_PASSWORD !== undefined && env.SDFL_REDIS_PASSWORD !== '' ? env.SDFL_REDIS_PASSWORD : undefined;
  const settings = { url, ...(password === undefined ? {} : { password }) };
  checkRedisSettings(settings);
  return settings;
}
