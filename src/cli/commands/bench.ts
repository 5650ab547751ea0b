// `sdfl bench`: compare planner policies on a built-in or user objective over replicates.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import {
  BENCHMARK_POLICIES,
  BUILTIN_OBJECTIVE_EXAMPLES,
  ennSettingsSchema,
  gpSettingsSchema,
  formatSummaryTable,
  loadObjective,
  parseObjectiveRef,
  runBenchmark,
  type BenchmarkSettingsInput,
} from '../../benchmark/index.js';
import { optimizerSettingsSchema } from '../../planning/plannerState.js';
import { numberFlag, positiveIntegerFlag, seedFlag } from '../flags.js';
import type { CliIo } from '../io.js';
import { createProgress } from '../progress.js';
import { parseFlag, UsageError } from '../usage-error.js';

const DEFAULT_POLICIES = 'ei,ucb,eplt,mv,random';

const policyListFlag = z.string()
  .transform((text) => text.split(',').map((p) => p.trim()))
  .pipe(z.array(z.enum(BENCHMARK_POLICIES, { error: `expected a comma-separated list of ${BENCHMARK_POLICIES.join(', ')}` }))
    .refine((list) => new Set(list).size === list.length, 'a policy is listed twice'));
const workerCountFlag = z.string().regex(/^\d+$/, 'expected a non-negative integer').transform(Number).pipe(z.number().int().max(64, 'at most 64'));
const jsonFlag = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not valid JSON' });
    return z.NEVER;
  }
});

interface BenchFlags {
  objective: string;
  policy: string;
  init: string;
  budget: string;
  replicates: string;
  seed: string;
  json?: string;
  workers?: string;
  enn?: string;
  gp?: string;
  xi?: string;
  beta?: string;
  optimizer?: string;
  quiet?: boolean;
}

export function registerBench(program: Command, io: CliIo): void {
  program.command('bench')
    .description('benchmark planner policies on an objective over replicates (median best-so-far and regret)')
    .requiredOption('--objective <name|file>', `built-in objective (${BUILTIN_OBJECTIVE_EXAMPLES.join(', ')}) or an ES module path`)
    .option('--policy <list>', `comma-separated policies: ${BENCHMARK_POLICIES.join(', ')}`, DEFAULT_POLICIES)
    .option('--init <n>', 'Latin-hypercube initial design, shared by the policies of a replicate', '9')
    .option('--budget <n>', 'evaluations per run, the initial design included', '50')
    .option('--replicates <n>', 'replicates per policy', '10')
    .option('--seed <n>', 'benchmark seed; each replicate derives its own', '1')
    .option('--json <file>', 'write every run and the summary as JSON')
    .option('--workers <n>', 'worker threads (0: run on the main thread; default: one per core)')
    .option('--enn <json>', 'ENN options, e.g. \'{"members":10,"epochs":400}\'')
    .option('--gp <json>', 'GP options, e.g. \'{"restarts":4}\'')
    .option('--xi <x>', 'EI exploration margin, in objective units')
    .option('--beta <b>', 'UCB weight of the standard deviation')
    .option('--optimizer <json>', 'acquisition optimiser settings, e.g. \'{"poolSize":4096}\'')
    .option('--quiet', 'no progress output')
    .action(async (flags: BenchFlags) => {
      const settings = settingsFromFlags(flags);
      const workers = flags.workers === undefined ? undefined : parseFlag('--workers', workerCountFlag, flags.workers);
      const objective = parseObjectiveRef(flags.objective);
      try {
        await loadObjective(objective);
      } catch (error) {
        throw new UsageError(`--objective: ${(error as Error).message.split('\n')[0]}`);
      }
      const progress = createProgress(io, 'bench', flags.quiet ?? false);
      try {
        const report = await runBenchmark({
          objective,
          settings,
          workers,
          onProgress: (p) => progress.update(p.evaluations, p.totalEvaluations, `evaluations, ${p.jobsDone}/${p.jobs} runs`),
        });
        progress.stop();
        if (flags.json) writeFileSync(flags.json, `${JSON.stringify(report)}\n`);
        io.out(formatSummaryTable(report));
        if (flags.json) io.out(`report written to ${flags.json}\n`);
      } finally {
        progress.stop();
      }
    });
}

function settingsFromFlags(flags: BenchFlags): BenchmarkSettingsInput {
  const init = parseFlag('--init', positiveIntegerFlag, flags.init);
  const budget = parseFlag('--budget', positiveIntegerFlag, flags.budget);
  if (budget < init) throw new UsageError(`invalid value for --budget: ${budget} is below --init ${init} (the budget counts the initial design)`);
  const policyOptions = {
    ...(flags.xi === undefined ? {} : { xi: parseFlag('--xi', numberFlag.pipe(z.number().min(0, 'must be >= 0')), flags.xi) }),
    ...(flags.beta === undefined ? {} : { beta: parseFlag('--beta', numberFlag.pipe(z.number().min(0, 'must be >= 0')), flags.beta) }),
  };
  return {
    policies: parseFlag('--policy', policyListFlag, flags.policy),
    init,
    budget,
    replicates: parseFlag('--replicates', positiveIntegerFlag, flags.replicates),
    seed: parseFlag('--seed', seedFlag, flags.seed),
    ...(flags.enn === undefined ? {} : { enn: parseFlag('--enn', jsonFlag.pipe(ennSettingsSchema), flags.enn) }),
    ...(flags.gp === undefined ? {} : { gp: parseFlag('--gp', jsonFlag.pipe(gpSettingsSchema), flags.gp) }),
    ...(Object.keys(policyOptions).length === 0 ? {} : { policyOptions }),
    ...(flags.optimizer === undefined ? {} : { optimizer: parseFlag('--optimizer', jsonFlag.pipe(optimizerSettingsSchema), flags.optimizer) }),
  };
}
