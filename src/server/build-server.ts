// Assembles the HTTP server: access rules, error mapping, API routes, live streams, dashboard.
// Listening is left to the caller (the CLI, or a test), so tests can use inject without a port.
import { fileURLToPath } from 'node:url';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { CampaignDeps } from '../campaigns/deps.js';
import { openDatabase, type SqliteDatabase } from '../store/database.js';
import { ApiRoutes } from './api-route.js';
import { accessHook, checkAccessSettings, type AccessTokens } from './auth.js';
import { CampaignRuns } from './campaign-runs.js';
import { hostPolicy, originGuardHook } from './origin-guard.js';
import { errorHandler } from './http-errors.js';
import { LiveHub } from './live-hub.js';
import { PlannerService } from './planner-service.js';
import { registerCampaignRoutes } from './routes/campaigns.js';
import type { ServerContext } from './routes/context.js';
import { registerDashboard } from './routes/dashboard.js';
import { registerExperimentRoutes } from './routes/experiments.js';
import { registerLiveRoutes } from './routes/live.js';
import { registerMetaRoutes } from './routes/meta.js';
import { registerPlannerRoutes } from './routes/planners.js';
import { registerReportRoute } from './routes/report.js';
import { SDFL_VERSION } from '../version.js';

export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;
// From src/server and from dist/server alike: the dashboard is built into src/web/dist.
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../src/web/dist/', import.meta.url));

export const SERVER_VERSION = SDFL_VERSION;

export interface ServerLogOptions {
  level?: string;
  /** Where log lines (JSON) go; default stdout. */
  stream?: { write(line: string): void };
}

export interface ServerOptions {
  /** The SQLite file; reported by /api/health and opened unless `db` is given. */
  databasePath: string;
  /** An open database to use instead (left open when the server closes). */
  db?: SqliteDatabase;
  /** Where the server will listen; checked against the tokens before anything starts. */
  host: string;
  /** Other names of this machine that browsers may use in Host (the listen address and localhost are always allowed). */
  allowedHosts?: readonly string[];
  tokens?: AccessTokens;
  /** How campaigns get a rig, the time and surrogate trainers. */
  deps: CampaignDeps;
  /** Built dashboard; default src/web/dist. */
  webRoot?: string;
  bodyLimitBytes?: number;
  /** false: no log at all. */
  logger?: ServerLogOptions | false;
  /** Rig-state messages (default 1000 ms), log polling for other writers (500 ms), control polling of runs (250 ms). */
  intervals?: { rigMs?: number; eventPollMs?: number; controlPollMs?: number };
}

/** Query tokens of the live streams must not reach the log. */
export function redactUrl(url: string): string {
  return url.replace(/([?&]token=)[^&#]*/gi, '$1[redacted]');
}

function loggerOptions(options: ServerLogOptions | false | undefined): FastifyServerOptions['logger'] {
  if (options === false) return false;
  return {
    level: options?.level ?? 'info',
    ...(options?.stream ? { stream: options.stream } : {}),
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.query.token'], censor: '[redacted]' },
    serializers: {
      req: (request: { method: string; url: string; ip?: string }) => ({ method: request.method, url: redactUrl(request.url), remoteAddress: request.ip }),
    },
  };
}

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const tokens = options.tokens ?? {};
  checkAccessSettings(options.host, tokens);
  const bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const ownsDatabase = options.db === undefined;
  const db = options.db ?? openDatabase(options.databasePath);

  // No plugin timeout: closing waits for running campaigns to reach the safe state, which can
  // take as long as the step that is running (a heater still settling, say).
  // Fastify's own request logging writes two lines per request; one line, after the answer, is enough.
  const app = Fastify({ logger: loggerOptions(options.logger), bodyLimit, return503OnClosing: true, pluginTimeout: 0, logController: new LogController({ disableRequestLogging: true }) });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info({ method: request.method, url: redactUrl(request.url), status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });
  const intervals = options.intervals ?? {};
  const hub = new LiveHub(db, app.log, intervals.eventPollMs ?? 500);
  const runs = new CampaignRuns(db, options.deps, hub, app.log, { rigIntervalMs: intervals.rigMs ?? 1000, controlPollMs: intervals.controlPollMs ?? 250 });
  const planners = new PlannerService(db, options.deps.trainerFactory, options.deps.now);

  // Before the WebSocket plugin's own preClose, so live clients still see the final events.
  app.addHook('preClose', async () => {
    await runs.stopAll(options.deps.now());
    await planners.close();
    hub.close();
  });
  app.addHook('onClose', async () => {
    if (ownsDatabase) db.close();
  });

  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  app.addHook('onRequest', originGuardHook(hostPolicy(options.host, options.allowedHosts)));
  app.addHook('onRequest', accessHook(tokens));
  app.setErrorHandler(errorHandler(bodyLimit));
  // Bodies are JSON; anything else is refused with 415 rather than read as a string.
  app.removeContentTypeParser('text/plain');

  const context: ServerContext = {
    db,
    databasePath: options.databasePath,
    version: SERVER_VERSION,
    runs,
    hub,
    planners,
    now: options.deps.now,
    routes: new ApiRoutes(app),
  };
  registerMetaRoutes(context);
  registerCampaignRoutes(context);
  registerReportRoute(context);
  registerExperimentRoutes(context);
  registerPlannerRoutes(context);
  registerLiveRoutes(app, context);
  await registerDashboard(app, options.webRoot ?? DEFAULT_WEB_ROOT);
  return app;
}
