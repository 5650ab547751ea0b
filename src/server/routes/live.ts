// A campaign live: every new log event, the rig state about once a second while this server
// runs it, and when its run starts or ends. Over WebSocket (/live) or server-sent events
// (/stream); the messages are the same JSON either way.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { campaignIdParams, liveMessageSchema, streamQuery, type LiveMessage } from '../api-schemas.js';
import { requireCampaign } from '../campaign-views.js';
import { badRequest } from '../http-errors.js';
import type { LiveSubscriber } from '../live-hub.js';
import type { ServerContext } from './context.js';

const HEARTBEAT_MS = 15_000;
const LIVE_DESCRIPTION = 'Messages (JSON): { type: "event", event } for each log event, { type: "rig", state, at, final } about once a second while '
  + 'this server runs the campaign (virtual lab: heater PV/SP and mode, pumps, syringe levels, pressure, lights, faults), one last one (final: true) '
  + 'after the run put the rig in the safe state, and the last reading on connecting; '
  + '{ type: "run", active, error? } on connecting (with the error the last run here stopped with, until it runs again) and whenever a run here starts or ends. '
  + '`after=SEQ` replays the log after SEQ first; without it only new events come.';

function parseStreamRequest(request: FastifyRequest): { id: string; after: number | undefined } {
  const params = campaignIdParams.safeParse(request.params);
  const query = streamQuery.safeParse(request.query);
  if (!params.success) throw badRequest(`path.id: ${params.error.issues[0].message}`);
  if (!query.success) throw badRequest(`query.${query.error.issues[0].path.join('.')}: ${query.error.issues[0].message}`);
  return { id: params.data.id, after: query.data.after };
}

export function registerLiveRoutes(app: FastifyInstance, context: ServerContext): void {
  const { db, hub, runs, routes } = context;

  /** Run status and the rig (now, or its last reading) first, then the log from `after`. */
  const attach = (id: string, after: number | undefined, subscriber: LiveSubscriber): (() => void) => {
    const error = runs.runError(id);
    subscriber.send({ type: 'run', active: runs.isActive(id), ...(error !== undefined ? { error } : {}) });
    const reading = runs.rigReading(id);
    if (reading) subscriber.send({ type: 'rig', ...reading });
    return hub.subscribe(id, after, subscriber);
  };

  routes.document({
    method: 'GET', url: '/api/campaigns/:id/live', operationId: 'campaignLiveWebSocket', tag: 'live',
    summary: 'WebSocket: live events and rig state of a campaign',
    description: `${LIVE_DESCRIPTION} Browsers pass the token as ?token=.`,
    params: campaignIdParams,
    query: streamQuery,
    queryToken: true,
    responses: {
      101: { description: 'Switching to WebSocket; every message is a LiveMessage', schema: liveMessageSchema },
      426: { description: 'Plain HTTP request to the WebSocket endpoint' },
    },
  });
  app.route({
    method: 'GET',
    url: '/api/campaigns/:id/live',
    config: { queryToken: true },
    preHandler: async (request: FastifyRequest) => {
      requireCampaign(db, parseStreamRequest(request).id);
    },
    handler: async (_request: FastifyRequest, reply: FastifyReply) => {
      reply.code(426).header('upgrade', 'websocket');
      return { error: 'bad-request', message: 'this is a WebSocket endpoint; for server-sent events use /stream' };
    },
    wsHandler: (socket: WebSocket, request: FastifyRequest) => {
      const { id, after } = parseStreamRequest(request);
      const unsubscribe = attach(id, after, {
        send: (message: LiveMessage) => {
          if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
        },
        end: () => socket.close(1001, 'server shutting down'),
      });
      socket.on('close', unsubscribe);
      socket.on('error', unsubscribe);
    },
  });

  routes.add({
    method: 'GET', url: '/api/campaigns/:id/stream', operationId: 'campaignLiveEvents', tag: 'live',
    summary: 'Server-sent events: live events and rig state of a campaign',
    description: `${LIVE_DESCRIPTION} Each message is one \`data:\` line; log events carry their seq as the SSE id, so a reconnecting EventSource resumes after the last one (Last-Event-ID).`,
    params: campaignIdParams,
    query: streamQuery,
    queryToken: true,
    responses: { 200: { description: 'text/event-stream of LiveMessage JSON', contentType: 'text/event-stream', schema: liveMessageSchema } },
    handler: ({ params, query, request, reply }) => {
      requireCampaign(db, params.id);
      const lastEventId = Number(request.headers['last-event-id']);
      const after = query.after ?? (Number.isInteger(lastEventId) && lastEventId >= 0 ? lastEventId : undefined);
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      raw.write('retry: 2000\n\n');
      const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
      heartbeat.unref();
      const unsubscribe = attach(params.id, after, {
        send: (message) => {
          const id = message.type === 'event' ? `id: ${message.event.seq}\n` : '';
          raw.write(`${id}data: ${JSON.stringify(message)}\n\n`);
        },
        end: () => raw.end(),
      });
      raw.on('close', () => {
        clearInterval(heartbeat);
        unsubscribe();
      });
    },
  });
}
