// Campaigns: list, start, inspect, steer, export.
import Database from 'better-sqlite3';
import { z } from 'zod';
import { createCampaign, loadCampaignState, requestCampaignControl } from '../../campaigns/campaign-service.js';
import { exportCampaign, type ExportFormat } from '../../campaigns/export.js';
import { DEFAULT_RIG_GEOMETRY } from '../../chemistry/rig-geometry.js';
import { CampaignSpecError } from '../../campaigns/campaign-spec.js';
import { appendEvent, clearControl, listCampaignRecords, requestControl } from '../../store/campaigns.js';
import { listExperiments } from '../../store/experiments.js';
import {
  campaignDetailSchema,
  campaignEventSchema,
  campaignIdParams,
  campaignSpecBody,
  campaignSummarySchema,
  controlResultSchema,
  eventsQuery,
  experimentSchema,
  exportQuery,
  resumeBody,
  rigStateSchema,
} from '../api-schemas.js';
import { apiSummary, campaignDetail, campaignEvents, requireCampaign, type ApiCampaignSummary } from '../campaign-views.js';
import { badRequest, conflict } from '../http-errors.js';
import type { ServerContext } from './context.js';

const EXPORT_TYPES: Record<ExportFormat, { contentType: string; extension: string }> = {
  csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv' },
  json: { contentType: 'application/json; charset=utf-8', extension: 'json' },
  jcamp: { contentType: 'chemical/x-jcamp-dx; charset=utf-8', extension: 'jdx' },
};

const createdSchema = z.object({ id: z.string(), summary: campaignSummarySchema });

export function registerCampaignRoutes(context: ServerContext): void {
  const { db, routes, runs } = context;
  const summary = (id: string): ApiCampaignSummary => apiSummary(db, id, runs.isActive(id));

  routes.add({
    method: 'GET', url: '/api/campaigns', operationId: 'listCampaigns', tag: 'campaigns',
    summary: 'All campaigns in the database, oldest first',
    responses: { 200: { description: 'Campaign summaries', schema: z.array(campaignSummarySchema) } },
    handler: () => listCampaignRecords(db).map((record) => summary(record.id)),
  });

  routes.add({
    method: 'POST', url: '/api/campaigns', operationId: 'startCampaign', tag: 'campaigns',
    summary: 'Validate a campaign spec, record it and start running it in this server',
    description: 'The body is a campaign spec (kind exploration, optimisation or study), as in a spec file. '
      + "For a live demo, `lab: { kind: 'virtual', clock: 'realtime', speedFactor: 20 }` runs the virtual lab at 20x wall-clock speed.",
    body: campaignSpecBody,
    responses: { 201: { description: 'Created and started', schema: createdSchema } },
    handler: ({ body, reply }) => {
      let id: string;
      try {
        id = createCampaign(db, body, context.now()).id;
      } catch (error) {
        if (error instanceof CampaignSpecError) throw badRequest(error.problems.map((p) => `body.${p}`).join('; '));
        if (error instanceof Database.SqliteError) throw error;
        throw badRequest(`body.${(error as Error).message}`);
      }
      runs.start(id);
      reply.code(201);
      return { id, summary: summary(id) };
    },
  });

  routes.add({
    method: 'GET', url: '/api/campaigns/:id', operationId: 'getCampaign', tag: 'campaigns',
    summary: 'Summary, spec and folded state: proposals with conditions, reasons, predictions, values',
    params: campaignIdParams,
    responses: { 200: { description: 'The campaign', schema: campaignDetailSchema } },
    handler: ({ params }) => campaignDetail(db, params.id, runs.isActive(params.id)),
  });

  routes.add({
    method: 'GET', url: '/api/campaigns/:id/events', operationId: 'listCampaignEvents', tag: 'campaigns',
    summary: 'Log events after a sequence number (planner snapshots left out)',
    params: campaignIdParams,
    query: eventsQuery,
    responses: { 200: { description: 'Events in order', schema: z.array(campaignEventSchema) } },
    handler: ({ params, query }) => {
      requireCampaign(db, params.id);
      return campaignEvents(db, params.id, query.after, query.limit);
    },
  });

  for (const request of ['pause', 'abort'] as const) {
    routes.add({
      method: 'POST', url: `/api/campaigns/:id/${request}`, operationId: `${request}Campaign`, tag: 'campaigns',
      summary: request === 'pause' ? 'Pause after the current experiment' : 'Stop now and put the rig in the safe state',
      description: 'A campaign nobody runs (new or paused) is aborted at once. A study cannot be paused (it would start over), only aborted.',
      params: campaignIdParams,
      responses: {
        200: { description: 'Request recorded', schema: controlResultSchema },
        409: { description: 'Already completed or aborted, or a pause asked of a study' },
      },
      handler: ({ params }) => {
        requireCampaign(db, params.id);
        const { spec, state } = loadCampaignState(db, params.id);
        if (state.status === 'completed' || state.status === 'aborted') throw conflict(`campaign '${params.id}' has already ${state.status === 'completed' ? 'completed' : 'been aborted'}`);
        if (spec.kind === 'study' && request === 'pause') throw conflict(`campaign '${params.id}' is a study: it cannot be paused (it would start over), only aborted`);
        if (runs.isActive(params.id)) {
          // The runner here picks the request up; ending the log directly would race it.
          requestControl(db, params.id, request, context.now());
          return { id: params.id, requested: request, status: state.status };
        }
        return { id: params.id, requested: request, status: requestCampaignControl(db, params.id, request, context.now()) };
      },
    });
  }

  routes.add({
    method: 'POST', url: '/api/campaigns/:id/resume', operationId: 'resumeCampaign', tag: 'campaigns',
    summary: 'Run a paused or interrupted campaign again in this server',
    description: '`refilled: true` records that every syringe was refilled to capacity (after a low-stock pause).',
    params: campaignIdParams,
    body: resumeBody,
    bodyOptional: true,
    responses: {
      202: { description: 'Running again', schema: createdSchema },
      409: { description: 'Already running here, completed or aborted' },
    },
    handler: ({ params, body, reply }) => {
      requireCampaign(db, params.id);
      if (runs.isActive(params.id)) throw conflict(`campaign '${params.id}' is already running in this server`);
      const { state } = loadCampaignState(db, params.id);
      if (state.status === 'completed' || state.status === 'aborted') throw conflict(`campaign '${params.id}' has already ${state.status === 'completed' ? 'completed' : 'been aborted'}`);
      clearControl(db, params.id);
      if (body?.refilled) appendEvent(db, params.id, 'refilled', { syringeLevelsUl: { ...DEFAULT_RIG_GEOMETRY.syringeCapacityUl } }, context.now());
      runs.start(params.id);
      reply.code(202);
      return { id: params.id, summary: summary(params.id) };
    },
  });

  routes.add({
    method: 'GET', url: '/api/campaigns/:id/export', operationId: 'exportCampaign', tag: 'campaigns',
    summary: 'Conditions, flows and features (csv), everything but spectra (json), raw spectra (jcamp)',
    params: campaignIdParams,
    query: exportQuery,
    responses: {
      200: { description: 'The export as a file (Content-Disposition: attachment)', contentType: Object.values(EXPORT_TYPES).map((t) => t.contentType.split(';')[0]) },
    },
    handler: ({ params, query, reply }) => {
      requireCampaign(db, params.id);
      const { contentType, extension } = EXPORT_TYPES[query.format];
      const filename = `${params.id.replace(/[^\w.-]/g, '_')}.${extension}`;
      reply.type(contentType).header('content-disposition', `attachment; filename="${filename}"`);
      return exportCampaign(db, params.id, query.format);
    },
  });

  routes.add({
    method: 'GET', url: '/api/campaigns/:id/experiments', operationId: 'listCampaignExperiments', tag: 'experiments',
    summary: 'Stored experiments of a campaign: condition, recipe with pump flows, features, timestamps',
    params: campaignIdParams,
    responses: { 200: { description: 'Experiments in order', schema: z.array(experimentSchema) } },
    handler: ({ params }) => {
      requireCampaign(db, params.id);
      return listExperiments(db, params.id);
    },
  });

  routes.add({
    method: 'GET', url: '/api/campaigns/:id/rig', operationId: 'getCampaignRig', tag: 'live',
    summary: 'The rig state now while this server runs the campaign, else the last reading it took (after the safe state), with its time',
    params: campaignIdParams,
    responses: { 200: { description: 'Rig state and when it was read; null when this server never read it', schema: rigStateSchema } },
    handler: ({ params }) => {
      requireCampaign(db, params.id);
      const reading = runs.rigReading(params.id);
      return { active: runs.isActive(params.id), state: reading?.state ?? null, at: reading?.at ?? null, final: reading?.final ?? false };
    },
  });
}
