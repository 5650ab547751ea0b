// `sdfl campaign start|list|status|pause|resume|abort|export`.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { CampaignSpecError } from '../../campaigns/campaign-spec.js';
import { createCampaign, listCampaigns, requestCampaignControl, summarizeCampaign, loadCampaignState, type CampaignSummary } from '../../campaigns/campaign-service.js';
import { runCampaign } from '../../campaigns/run-campaign.js';
import { exportCampaign, EXPORT_FORMATS } from '../../campaigns/export.js';
import { appendEvent, clearControl } from '../../store/campaigns.js';
import { DEFAULT_RIG_GEOMETRY } from '../../chemistry/rig-geometry.js';
import { DEFAULT_DATABASE_PATH, type SqliteDatabase } from '../../store/database.js';
import { withCliDatabase } from '../database.js';
import type { CliIo } from '../io.js';
import { readSpecFile } from '../spec-file.js';
import { UsageError, parseFlag } from '../usage-error.js';
import { cliCampaignDeps } from '../campaign-deps.js';
import { campaignEventReporter } from '../campaign-progress.js';
import { labConfigFromFlags } from '../lab-flags.js';
import { formatSummary } from '../format-campaign.js';
import { holdingRig } from '../rig-guard.js';

const formatFlag = z.enum(EXPORT_FORMATS, { error: `expected one of ${EXPORT_FORMATS.join(', ')}` });



export async function runAndReport(db: SqliteDatabase, id: string, io: CliIo, json: boolean, labFile?: string): Promise<CampaignSummary> {
  const before = summarizeCampaign(db, id);
  const reporter = campaignEventReporter(io, `campaign ${id}`, before.planned, json);
  reporter.start(before.measured + before.failed);
  const defaultLab = labFile ? labConfigFromFlags(labFile, 1) : undefined;
  try {
    await holdingRig(io, (guard) => runCampaign(db, id, cliCampaignDeps(defaultLab, guard.openRig), {
      onEvent: reporter.onEvent,
      onProgress: reporter.onProgress,
      signal: guard.signal,
    }));
  } finally {
    reporter.stop();
  }
  return summarizeCampaign(db, id);
}

export function registerCampaign(program: Command, io: CliIo): void {
  const campaign = program.command('campaign').description('closed-loop campaigns: start, watch, steer, export');
  const dbOption = ['--db <path>', 'SQLite file', DEFAULT_DATABASE_PATH] as const;

  campaign.command('start').argument('<spec>', 'campaign spec file (YAML or JSON)')
    .description('validate a spec and run the campaign until it completes, pauses or is aborted')
    .option(...dbOption).option('--lab <file>', 'lab configuration file; default: the virtual lab').option('--json', 'print the final status as JSON')
    .action(async (specPath: string, flags: { db: string; lab?: string; json?: boolean }) => {
      const raw = readSpecFile(specPath);
      await withCliDatabase(flags.db, 'create', io, async (db) => {
        let id: string;
        try {
          id = createCampaign(db, raw, new Date()).id;
        } catch (error) {
          if (error instanceof CampaignSpecError) throw new UsageError(`${specPath}: ${error.message}`);
          throw error;
        }
        if (!flags.json) io.err(`campaign ${id} created\n`);
        const summary = await runAndReport(db, id, io, Boolean(flags.json), flags.lab);
        io.out(flags.json ? `${JSON.stringify(summary)}\n` : formatSummary(summary));
      });
    });

  campaign.command('list').description('all campaigns in the database').option(...dbOption).option('--json', 'JSON array')
    .action(async (flags: { db: string; json?: boolean }) => withCliDatabase(flags.db, 'read', io, (db) => {
      const all = listCampaigns(db);
      if (flags.json) io.out(`${JSON.stringify(all)}\n`);
      else if (all.length === 0) io.out('no campaigns\n');
      else for (const c of all) io.out(`${c.id.padEnd(36)} ${c.kind.padEnd(12)} ${(c.policy ?? '').padEnd(8)} ${c.status.padEnd(9)} ${c.measured}/${c.planned ?? '-'} best ${c.best ? c.best.value.toFixed(1) : '-'}\n`);
    }));

  campaign.command('status').argument('<id>').description('progress, best result, twin quality').option(...dbOption).option('--json', 'JSON object')
    .action(async (id: string, flags: { db: string; json?: boolean }) => withCliDatabase(flags.db, 'read', io, (db) => {
      const summary = summarizeCampaign(db, id);
      io.out(flags.json ? `${JSON.stringify(summary)}\n` : formatSummary(summary));
    }));

  for (const request of ['pause', 'abort'] as const) {
    campaign.command(request).argument('<id>')
      .description(request === 'pause' ? 'pause after the current experiment' : 'stop now and put the rig in the safe state')
      .option(...dbOption).option('--json', 'JSON object')
      .action(async (id: string, flags: { db: string; json?: boolean }) => withCliDatabase(flags.db, 'write', io, (db) => {
        const status = requestCampaignControl(db, id, request, new Date());
        const message = { id, requested: request, status };
        io.out(flags.json ? `${JSON.stringify(message)}\n` : `${request} requested for ${id} (status ${status})\n`);
      }));
  }

  campaign.command('resume').argument('<id>')
    .description('continue a paused or interrupted campaign in this process')
    .option(...dbOption).option('--refilled', 'the syringes were refilled to capacity').option('--lab <file>', 'lab configuration file').option('--json', 'print the final status as JSON')
    .action(async (id: string, flags: { db: string; refilled?: boolean; lab?: string; json?: boolean }) => withCliDatabase(flags.db, 'write', io, async (db) => {
      const { state } = loadCampaignState(db, id);
      if (state.status === 'completed' || state.status === 'aborted') throw new Error(`campaign '${id}' has already ${state.status === 'completed' ? 'completed' : 'been aborted'}`);
      clearControl(db, id);
      if (flags.refilled) appendEvent(db, id, 'refilled', { syringeLevelsUl: { ...DEFAULT_RIG_GEOMETRY.syringeCapacityUl } }, new Date());
      const summary = await runAndReport(db, id, io, Boolean(flags.json), flags.lab);
      io.out(flags.json ? `${JSON.stringify(summary)}\n` : formatSummary(summary));
    }));

  campaign.command('export').argument('<id>').description('conditions, flows and features (csv), everything (json), raw spectra (jcamp)')
    .option(...dbOption).option('--format <format>', EXPORT_FORMATS.join('|'), 'csv').option('--out <file>', 'write to a file instead of stdout')
    .action(async (id: string, flags: { db: string; format: string; out?: string }) => withCliDatabase(flags.db, 'read', io, (db) => {
      const format = parseFlag('--format', formatFlag, flags.format);
      const text = exportCampaign(db, id, format);
      if (flags.out) writeFileSync(flags.out, text);
      else io.out(text);
    }));
}
