// The HTML report of one or more campaigns (src/reports). Building it fits surrogates, so
// a report is kept until any of its campaigns logs something new.
import { z } from 'zod';
import { buildReport } from '../../reports/build-report.js';
import { campaignIdParams } from '../api-schemas.js';
import { lastEventSeq, requireCampaign } from '../campaign-views.js';
import { unprocessable } from '../http-errors.js';
import type { ServerContext } from './context.js';

const reportQuery = z.strictObject({
  /** More campaigns in the same report, comma-separated (e.g. the other policies for Fig. 8). */
  with: z.string().max(2000).optional(),
});

const CACHED_REPORTS = 8;

export function registerReportRoute(context: ServerContext): void {
  const { db, routes } = context;
  const cache = new Map<string, Promise<string>>();

  const build = (ids: string[]): Promise<string> => {
    const key = ids.map((id) => `${id}@${lastEventSeq(db, id)}`).join(',');
    const cached = cache.get(key);
    if (cached) return cached;
    const html = buildReport(db, ids, { databaseLabel: context.databasePath }).then((report) => report.html);
    cache.set(key, html);
    html.catch(() => cache.delete(key));
    while (cache.size > CACHED_REPORTS) cache.delete(cache.keys().next().value as string);
    return html;
  };

  routes.add({
    method: 'GET', url: '/api/campaigns/:id/report', operationId: 'campaignReport', tag: 'campaigns',
    summary: 'HTML report: the figures of the paper that apply to this campaign (and any named in `with`)',
    params: campaignIdParams,
    query: reportQuery,
    responses: {
      200: { description: 'Self-contained HTML page', contentType: 'text/html' },
      422: { description: 'The data cannot support the report yet (e.g. too few experiments for the twin analyses)' },
    },
    handler: async ({ params, query, reply }) => {
      const others = (query.with ?? '').split(',').map((id) => id.trim()).filter((id) => id.length > 0 && id !== params.id);
      const ids = [params.id, ...new Set(others)];
      for (const id of ids) requireCampaign(db, id);
      let html: string;
      try {
        html = await build(ids);
      } catch (error) {
        const message = (error as Error).message;
        if (/needs? at least/.test(message)) throw unprocessable(message);
        throw error;
      }
      reply.type('text/html; charset=utf-8');
      return html;
    },
  });
}
