// `sdfl run`: the paper's pipeline on the virtual lab (or a configured rig), one command.
import type { Command } from 'commander';
import { newPipelineId, pipelineCampaignIds, runPipeline, PAPER_PIPELINE } from '../../campaigns/pipeline.js';
import { getCampaignRecord } from '../../store/campaigns.js';
import { evaluatePipeline } from '../../campaigns/pipeline-evaluation.js';
import { formatPipeline } from '../format-pipeline.js';
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
        // On the virtual lab its ground truth judges the result; a real rig has none.
        const evaluation = lab ? null : evaluatePipeline(result.twin, result.optimisations, trueOptimumFor(seed));
        if (flags.json) {
          io.out(`${JSON.stringify({ database: flags.db, pipelineId: result.pipelineId, twin: result.twin, optimisations: result.optimisations, evaluation })}\n`);
        } else {
          io.out(formatPipeline(result.twin, result.optimisations, evaluation, flags.db));
        }
      } finally {
        db.close();
      }
    });
}
