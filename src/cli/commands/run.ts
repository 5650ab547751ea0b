// `sdfl run`: the paper's pipeline on the virtual lab (or a configured rig), one command.
import type { Command } from 'commander';
import { newPipelineId, pipelineCampaignIds, runPipeline, PAPER_PIPELINE } from '../../campaigns/pipeline.js';
import { getCampaignRecord } from '../../store/campaigns.js';
import type { CampaignSummary } from '../../campaigns/campaign-service.js';
import { DEFAULT_DATABASE_PATH } from '../../store/database.js';
import { openCliDatabase } from '../database.js';
import type { CliIo } from '../io.js';
import { UsageError, parseFlag } from '../usage-error.js';
import { positiveIntegerFlag, seedFlag } from '../flags.js';
import { cliCampaignDeps } from '../campaign-deps.js';
import { campaignEventReporter } from '../campaign-progress.js';
import { labConfigFromFlags } from '../lab-flags.js';
import { trueOptimumFor } from '../true-optimum.js';
import { holdingRig } from '../rig-guard.js';

export function registerRun(program: Command, io: CliIo): void {
  program.command('run')
    .description('the paper\'s pipeline: 9 LHS + 51 MV experiments build the digital twin, then EI, UCB, EPLT and random campaigns of 10 each')
    .option('--db <path>', 'SQLite file', DEFAULT_DATABASE_PATH)
    .option('--seed <n>', 'seed of planners and virtual lab', String(PAPER_PIPELINE.seed))
    .option('--lab <file>', 'lab configuration file; default: the virtual lab')
    .option('--initial <n>', 'Latin hypercube experiments', String(PAPER_PIPELINE.initialDesign))
    .option('--exploration <n>', 'maximum-variance experiments', String(PAPER_PIPELINE.explorationBudget))
    .option('--optimisation <n>', 'experiments per optimisation campaign', String(PAPER_PIPELINE.optimisationBudget))
    .option('--resume <pipeline>', 'continue an interrupted pipeline (its id is printed at the start); its campaigns keep their specs')
    .option('--json', 'print the result as JSON')
    .action(async (flags: { db: string; seed: string; lab?: string; initial: string; exploration: string; optimisation: string; resume?: string; json?: boolean }) => {
      const seed = parseFlag('--seed', seedFlag, flags.seed);
      const options = {
        seed,
        initialDesign: parseFlag('--initial', positiveIntegerFlag, flags.initial),
        explorationBudget: parseFlag('--exploration', positiveIntegerFlag, flags.exploration),
        optimisationBudget: parseFlag('--optimisation', positiveIntegerFlag, flags.optimisation),
        surrogate: PAPER_PIPELINE.surrogate,
      };
      const lab = flags.lab ? labConfigFromFlags(flags.lab, seed) : undefined;
      const db = openCliDatabase(flags.db, 'create', io);
      try {
        const pipelineId = flags.resume ?? newPipelineId();
        if (flags.resume !== undefined && !getCampaignRecord(db, pipelineCampaignIds(pipelineId).twin)) {
          throw new UsageError(`invalid value for --resume: no pipeline '${pipelineId}' in ${flags.db}`);
        }
        if (!flags.json) io.err(`pipeline ${pipelineId} (if interrupted: sdfl run --resume ${pipelineId} --db ${flags.db})\n`);
        let reporter: ReturnType<typeof campaignEventReporter> | undefined;
        const result = await holdingRig(io, (guard) => runPipeline(db, cliCampaignDeps(lab, guard.openRig), options, {
          onCampaignStart: (id, label, before) => {
            if (!flags.json) io.err(`${label}: campaign ${id}\n`);
            reporter = campaignEventReporter(io, label, before.planned, Boolean(flags.json));
            reporter.start(before.measured + before.failed);
          },
          eventsFor: () => (event) => reporter?.onEvent(event),
          onCampaignEnd: () => reporter?.stop(),
          signal: guard.signal,
        }, pipelineId));
        const optimum = lab ? null : trueOptimumFor(seed);
        if (flags.json) {
          io.out(`${JSON.stringify({ database: flags.db, pipelineId: result.pipelineId, twin: result.twin, optimisations: result.optimisations, trueOptimum: optimum })}\n`);
        } else {
          io.out(formatPipeline(result.twin, result.optimisations, optimum?.plIntensity ?? null, flags.db));
        }
      } finally {
        db.close();
      }
    });
}

function formatPipeline(twin: CampaignSummary, optimisations: CampaignSummary[], optimum: number | null, db: string): string {
  const r2 = twin.twin?.testR2;
  const lines = [
    '',
    `digital twin: ${twin.measured} experiments, ENN test R^2 ${r2 === null || r2 === undefined ? 'n/a' : r2.toFixed(3)} (80/20 split)${twin.status !== 'completed' ? `; ${twin.status}: ${twin.statusReason}` : ''}`,
    `best PL intensity during exploration: ${twin.best ? twin.best.value.toFixed(1) : 'n/a'}`,
    '',
    `${'policy'.padEnd(8)} ${'best PL'.padStart(10)} ${'at iteration'.padStart(13)} ${'of optimum'.padStart(11)}  campaign`,
  ];
  for (const o of optimisations) {
    const best = o.best?.value;
    lines.push(`${(o.policy ?? '').padEnd(8)} ${(best?.toFixed(1) ?? 'n/a').padStart(10)} ${String(o.best?.iteration ?? '-').padStart(13)} ${(best !== undefined && optimum ? `${((100 * best) / optimum).toFixed(1)} %` : '-').padStart(11)}  ${o.id}${o.status !== 'completed' ? ` (${o.status})` : ''}`);
  }
  if (optimum !== null) lines.push('', `true optimum of the virtual lab (noise-free PL intensity): ${optimum.toFixed(1)}`);
  lines.push(`all data in ${db}`, '');
  return lines.join('\n');
}
