// `sdfl report ID...`: one self-contained HTML file with every figure (paper Fig. 3-8) that
// applies to the given campaigns, with captions and the numbers behind them.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { SHAP_BACKGROUNDS } from '../../campaigns/insights.js';
import { pipelineCampaignsIn } from '../../campaigns/pipeline.js';
import { getCampaignRecord } from '../../store/campaigns.js';
import { DEFAULT_DATABASE_PATH, type SqliteDatabase } from '../../store/database.js';
import { openCliDatabase } from '../database.js';
import type { CliIo } from '../io.js';
import { seedFlag } from '../flags.js';
import { UsageError, parseFlag } from '../usage-error.js';

export const shapBackgroundFlag = z.enum(SHAP_BACKGROUNDS, { error: `expected one of ${SHAP_BACKGROUNDS.join(', ')}` });


export function checkCampaignIds(db: SqliteDatabase, ids: readonly string[]): void {
  for (const [k, id] of ids.entries()) {
    if (!getCampaignRecord(db, id)) throw new UsageError(`no campaign '${id}' in this database (see sdfl campaign list)`);
    if (ids.indexOf(id) !== k) throw new UsageError(`campaign '${id}' is named twice`);
  }
}

/**
 * Campaign ids as given, with each pipeline id (what `sdfl run` prints, e.g. run-1a2b3c4d)
 * replaced by the pipeline's campaigns in the database; unknown names and repeats are refused.
 */
export function expandReportIds(db: SqliteDatabase, ids: readonly string[]): { ids: string[]; pipelines: { id: string; campaigns: string[] }[] } {
  const expanded: string[] = [];
  const pipelines: { id: string; campaigns: string[] }[] = [];
  for (const id of ids) {
    if (getCampaignRecord(db, id)) {
      expanded.push(id);
      continue;
    }
    const campaigns = pipelineCampaignsIn(db, id);
    if (campaigns.length === 0) throw new UsageError(`no campaign '${id}' in this database, nor a pipeline of that id (see sdfl campaign list)`);
    pipelines.push({ id, campaigns });
    expanded.push(...campaigns);
  }
  checkCampaignIds(db, expanded);
  return { ids: expanded, pipelines };
}

export function registerReport(program: Command, io: CliIo): void {
  program.command('report')
    .description('HTML report of campaigns: platform studies, twin quality, Shapley analysis, response surface, policy comparison (paper Fig. 3-8)')
    .argument('<ids...>', 'campaign ids, or the pipeline id sdfl run prints (its twin and optimisation campaigns)')
    .option('--out <file>', 'HTML file to write', 'report.html')
    .option('--db <path>', 'SQLite file', DEFAULT_DATABASE_PATH)
    .option('--seed <n>', 'seed of the twin analyses (splits, fits, Monte Carlo points)', '1')
    .option('--shap-background <set>', `reference set of the Shapley values: ${SHAP_BACKGROUNDS.join(' | ')}`, 'uniform')
    .option('--json', 'print where the report went and what it holds as one JSON object')
    .action(async (ids: string[], flags: { out: string; db: string; seed: string; shapBackground: string; json?: boolean }) => {
      const seed = parseFlag('--seed', seedFlag, flags.seed);
      const shapBackground = parseFlag('--shap-background', shapBackgroundFlag, flags.shapBackground);
      const db = openCliDatabase(flags.db, 'read', io);
      try {
        const expanded = expandReportIds(db, ids);
        // Progress goes to stderr, so stdout keeps only the result.
        const startedMs = Date.now();
        const progress = (message: string) => io.err(`[${((Date.now() - startedMs) / 1000).toFixed(1).padStart(5)} s] ${message}\n`);
        for (const pipeline of expanded.pipelines) progress(`pipeline ${pipeline.id}: ${pipeline.campaigns.join(', ')}`);
        progress(`building the report of ${expanded.ids.length} campaign${expanded.ids.length === 1 ? '' : 's'}`);
        // Loaded on use: the chart renderer (vega) is heavy and no other command needs it.
        const { buildReport } = await import('../../reports/build-report.js');
        const report = await buildReport(db, expanded.ids, { seed, shapBackground, databaseLabel: flags.db, onProgress: progress });
        try {
          writeFileSync(flags.out, report.html);
        } catch (error) {
          throw new UsageError(`cannot write --out ${flags.out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
        }
        const figures = report.sections.reduce((n, s) => n + s.figures.length, 0);
        if (flags.json) {
          io.out(`${JSON.stringify({ out: flags.out, campaigns: ids, sections: report.sections.map((s) => ({ title: s.title, figures: s.figures.length })), figures })}\n`);
          return;
        }
        io.out(`report written to ${flags.out}: ${report.sections.length} sections, ${figures} figures\n`);
        for (const section of report.sections) io.out(`  ${section.title}\n`);
      } finally {
        db.close();
      }
    });
}
