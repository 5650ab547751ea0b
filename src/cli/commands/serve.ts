// `sdfl serve`: the HTTP API, live streams and dashboard, until SIGINT or SIGTERM. Campaigns
// running in the server are aborted (rig in the safe state) before it exits.
import type { Command } from 'commander';
import { z } from 'zod';
import { databaseExists, DEFAULT_DATABASE_PATH } from '../../store/database.js';
import { ServerConfigError } from '../../server/auth.js';
import type { CliIo } from '../io.js';
import { UsageError, parseFlag } from '../usage-error.js';
import { cliCampaignDeps } from '../campaign-deps.js';
import { labConfigFromFlags } from '../lab-flags.js';

const portFlag = z.string().regex(/^\d+$/, 'expected a port number').transform(Number).pipe(z.number().int().min(0, 'expected 0-65535').max(65_535, 'expected 0-65535'));
const hostFlag = z.string().trim().min(1, 'empty address');

interface ServeFlags {
  port: string;
  host: string;
  db: string;
  token?: string;
  readToken?: string;
  lab?: string;
  allowedHost?: string[];
  logLevel: string;
  json?: boolean;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const logLevelFlag = z.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(', ')}` });

/** A flag wins over the environment; an empty value counts as not set. */
function tokenFrom(flag: string | undefined, env: string | undefined): string | undefined {
  const value = flag ?? env;
  return value === undefined || value === '' ? undefined : value;
}

export function registerServe(program: Command, io: CliIo, env: NodeJS.ProcessEnv = process.env): void {
  program.command('serve')
    .description('HTTP API, live campaign streams and the dashboard (Ctrl-C aborts campaigns it runs, then exits)')
    .option('--port <n>', 'TCP port', '8080')
    .option('--host <address>', 'address to listen on; anything but loopback needs --token', '127.0.0.1')
    .option('--db <path>', 'SQLite file', DEFAULT_DATABASE_PATH)
    .option('--token <token>', 'operator token: may change anything (default: env SDFL_TOKEN)')
    .option('--read-token <token>', 'read-only token: GET and live streams (default: env SDFL_READ_TOKEN)')
    .option('--lab <file>', 'lab configuration for campaigns whose spec names none; default: the virtual lab')
    .option('--log-level <level>', `server log on stderr, one line per request at info: ${LOG_LEVELS.join(' | ')}`, 'info')
    .option('--json', 'print the address the server listens on as one JSON line on stdout')
    .option('--allowed-host <name>', 'another name of this machine that browsers may use to reach the server (repeatable; default: env SDFL_ALLOWED_HOSTS, comma-separated)', (value: string, list: string[] = []) => [...list, value])
    .action(async (flags: ServeFlags) => {
      const port = parseFlag('--port', portFlag, flags.port);
      const logLevel = parseFlag('--log-level', logLevelFlag, flags.logLevel);
      const host = parseFlag('--host', hostFlag, flags.host);
      const tokens = { operator: tokenFrom(flags.token, env.SDFL_TOKEN), read: tokenFrom(flags.readToken, env.SDFL_READ_TOKEN) };
      const defaultLab = flags.lab ? labConfigFromFlags(flags.lab, 1) : undefined;
      // Loaded on use: Fastify and the server routes are only needed by this command.
      const { buildServer } = await import('../../server/build-server.js');
      if (!databaseExists(flags.db)) io.err(`created a new database at ${flags.db}\n`);
      let app: Awaited<ReturnType<typeof buildServer>>;
      try {
        const allowedHosts = flags.allowedHost ?? (env.SDFL_ALLOWED_HOSTS ?? '').split(',').map((name) => name.trim()).filter((name) => name !== '');
        app = await buildServer({ databasePath: flags.db, host, tokens, allowedHosts, deps: cliCampaignDeps(defaultLab), logger: { level: logLevel, stream: { write: (line) => io.err(line) } } });
      } catch (error) {
        if (error instanceof ServerConfigError) throw new UsageError(error.message);
        throw error;
      }
      try {
        await app.listen({ port, host });
      } catch (error) {
        await app.close();
        throw new UsageError(`cannot listen on ${host}:${port}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      let stopping = false;
      let markClosed: () => void = () => undefined;
      const closed = new Promise<void>((resolve) => {
        markClosed = resolve;
      });
      const stop = () => {
        if (stopping) {
          // A second Ctrl-C: the operator will not wait for the rig to reach the safe state.
          io.err('forced exit: campaigns may not have reached the safe state\n');
          process.exit(130);
        }
        stopping = true;
        io.err('stopping: aborting campaigns run by this server (Ctrl-C again to force)\n');
        app.close().then(markClosed, markClosed);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      const address = app.server.address();
      const boundPort = address && typeof address === 'object' ? address.port : port;
      const auth = tokens.operator || tokens.read ? 'tokens required' : 'open (loopback, no token)';
      const url = `http://${host.includes(':') ? `[${host}]` : host}:${boundPort}`;
      if (flags.json) io.out(`${JSON.stringify({ url, host, port: boundPort, database: flags.db, auth: tokens.operator || tokens.read ? 'tokens' : 'open' })}\n`);
      else io.err(`sdfl serving ${url} (database ${flags.db}; ${auth})\n`);
      await closed;
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    });
}
