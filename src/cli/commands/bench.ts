// `sdfl bench`: compare planner policies on a built-in or user objective over replicates.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import {
  benchmarkPolicyNames,
  benchmarkPolicySchema,
  BUILTIN_OBJECTIVE_EXAMPLES,
  defaultBenchmarkPolicies,
  formatSummaryTable,
  policyPlan,
  loadObjective,
  parseObjectiveRef,
  runBenchmark,
  type BenchmarkSettingsInput,
} from '../../benchmark/index.js';
import { surrogates } from '../../models/surrogates/registry.js';
import { policies } from '../../planning/index.js';
import { optimizerSettingsSchema } from '../../planning/plannerState.js';
import { pluginPath } from '../../plugins/load-plugins.js';
import { positiveIntegerFlag, seedFlag } from '../flags.js';
import type { CliIo } from '../io.js';
import { createProgress } from '../progress.js';
import { parseFlag, UsageError } from '../usage-error.js';
import { redisFromFlag } from './fleet.js';

const policyListFlag = z.string()
  .transform((text) => text.split(',').map((p) => p.trim()))
  .pipe(z.array(benchmarkPolicySchema).refine((list) => new Set(list).size === list.length, 'a policy is listed twice'));
const workerCountFlag = z.string().regex(/^\d+$/, 'expected a non-negative integer').transform(Number).pipe(z.number().int().max(64, 'at most 64'));
const jsonFlag = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not valid JSON' });
    return z.NEVER;
  }
});
const optionsJsonFlag = jsonFlag.pipe(z.record(z.string(), z.unknown(), { error: 'expected a JSON object' }));

interface BenchFlags {
  objective: string;
  policy?: string;
  init: string;
  budget: string;
  replicates: string;
  seed: string;
  json?: string;
  workers?: string;
  policyOptions?: string;
  optimizer?: string;
  quiet?: boolean;
  redis?: string | boolean;
  /** One JSON flag per registered surrogate kind (--enn, --gp, ...) and one per policy option (--xi, --beta, ...). */
  [derived: string]: string | boolean | undefined;
}

/** Option names of the registered policies, with the policies that take each. */
function policyOptionKeys(): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  for (const policy of policies.all()) {
    const shape = (policy.optionsSchema as { shape?: Record<string, unknown> }).shape;
    for (const key of Object.keys(shape ?? {})) keys.set(key, [...(keys.get(key) ?? []), policy.name]);
  }
  return keys;
}

/** Commander's property name for a flag such as --policy-options. */
const camel = (flag: string) => flag.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

export function registerBench(program: Command, io: CliIo): void {
  const command = program.command('bench')
    .description('benchmark planner policies on an objective over replicates (median best-so-far and regret)')
    .requiredOption('--objective <name|file>', `built-in objective (${BUILTIN_OBJECTIVE_EXAMPLES.join(', ')}) or an ES module path`)
    .option('--policy <list>', `comma-separated policies: ${benchmarkPolicyNames().join(', ')} (default: ${defaultBenchmarkPolicies().join(',')})`)
    .option('--init <n>', 'Latin-hypercube initial design, shared by the policies of a replicate', '9')
    .option('--budget <n>', 'evaluations per run, the initial design included', '50')
    .option('--replicates <n>', 'replicates per policy', '10')
    .option('--seed <n>', 'benchmark seed; each replicate derives its own', '1')
    .option('--json <file>', 'write every run and the summary as JSON')
    .option('--workers <n>', 'worker threads (0: run on the main thread; default: one per core)')
    .option('--policy-options <json>', 'options by policy, e.g. \'{"ucb":{"beta":2}}\'')
    .option('--optimizer <json>', 'acquisition optimiser settings, e.g. \'{"poolSize":4096}\'')
    .option('--redis [url]', 'spread the replicates over `sdfl fleet worker --bench` workers through this Redis (alone: redis://127.0.0.1:6379)')
    .option('--quiet', 'no progress output');
  for (const descriptor of surrogates.all()) command.option(`--${descriptor.kind} <json>`, `${descriptor.kind} surrogate options (${descriptor.description})`);
  for (const [key, names] of policyOptionKeys()) command.option(`--${key} <value>`, `option ${key} of policies ${names.join(', ')} listed in --policy`);
  command.action(async (flags: BenchFlags) => {
      const settings = settingsFromFlags(flags, (program.opts().plugin as string[] | undefined) ?? []);
      const workers = flags.workers === undefined ? undefined : parseFlag('--workers', workerCountFlag, flags.workers);
      if (flags.redis !== undefined && workers !== undefined) throw new UsageError('--workers counts this machine\'s threads; with --redis the replicates go to the fleet\'s bench workers (sdfl fleet worker --bench --concurrency N)');
      const redis = flags.redis === undefined ? undefined : redisFromFlag(flags.redis as string | true);
      const jobRunner = redis === undefined ? undefined : (await import('../../fleet/bench-queue.js')).queueJobRunner({ redis });
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
          jobRunner,
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

function settingsFromFlags(flags: BenchFlags, plugins: readonly string[]): BenchmarkSettingsInput {
  const init = parseFlag('--init', positiveIntegerFlag, flags.init);
  const budget = parseFlag('--budget', positiveIntegerFlag, flags.budget);
  if (budget < init) throw new UsageError(`invalid value for --budget: ${budget} is below --init ${init} (the budget counts the initial design)`);
  const listed = flags.policy === undefined ? defaultBenchmarkPolicies() : parseFlag('--policy', policyListFlag, flags.policy);
  return {
    policies: listed,
    init,
    budget,
    replicates: parseFlag('--replicates', positiveIntegerFlag, flags.replicates),
    seed: parseFlag('--seed', seedFlag, flags.seed),
    ...withEntries('surrogateOptions', surrogateOptionsFromFlags(flags)),
    ...withEntries('policyOptions', policyOptionsFromFlags(flags, listed)),
    ...(flags.optimizer === undefined ? {} : { optimizer: parseFlag('--optimizer', jsonFlag.pipe(optimizerSettingsSchema), flags.optimizer) }),
    ...(plugins.length === 0 ? {} : { plugins: plugins.map(pluginPath) }),
  };
}

function withEntries<K extends string>(key: K, record: Record<string, Record<string, unknown>>): Partial<Record<K, Record<string, Record<string, unknown>>>> {
  return Object.keys(record).length === 0 ? {} : ({ [key]: record } as Record<K, Record<string, Record<string, unknown>>>);
}

/** --enn, --gp, ...: each surrogate kind's options, checked by its own schema. */
function surrogateOptionsFromFlags(flags: BenchFlags): Record<string, Record<string, unknown>> {
  const byKind: Record<string, Record<string, unknown>> = {};
  for (const descriptor of surrogates.all()) {
    const text = flags[camel(descriptor.kind)];
    if (typeof text !== 'string') continue;
    const options = parseFlag(`--${descriptor.kind}`, optionsJsonFlag, text);
    byKind[descriptor.kind] = parseFlag(`--${descriptor.kind}`, descriptor.optionsSchema.transform(() => options), options);
  }
  return byKind;
}

/** --policy-options, then --xi, --beta, ...: each applied to the listed policies that take it. */
function policyOptionsFromFlags(flags: BenchFlags, listed: readonly string[]): Record<string, Record<string, unknown>> {
  const byPolicy: Record<string, Record<string, unknown>> = {};
  if (flags.policyOptions !== undefined) {
    for (const [name, options] of Object.entries(parseFlag('--policy-options', optionsJsonFlag, flags.policyOptions))) {
      if (!policies.has(name)) throw new UsageError(`invalid value for --policy-options: ${policies.unknownMessage(name)}`);
      byPolicy[name] = parseFlag(`--policy-options (${name})`, z.record(z.string(), z.unknown(), { error: 'expected a JSON object' }), options);
    }
  }
  const listedPolicies = new Set(listed.map((entry) => policyPlan(entry).acquisition));
  for (const [key, takers] of policyOptionKeys()) {
    const text = flags[camel(key)];
    if (typeof text !== 'string') continue;
    const value = parseFlag(`--${key}`, optionValueFlag, text);
    const targets = takers.filter((name) => listedPolicies.has(name));
    if (targets.length === 0) throw new UsageError(`invalid value for --${key}: no listed policy takes ${key} (${takers.join(', ')} do)`);
    for (const name of targets) byPolicy[name] = { ...byPolicy[name], [key]: value };
  }
  for (const [name, options] of Object.entries(byPolicy)) {
    const checked = policies.get(name).optionsSchema.safeParse(options);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      const key = issue.path.join('.');
      const flag = issue.path.length === 1 && flags[camel(key)] !== undefined ? `--${key} (policy ${name})` : `--policy-options (${[name, ...issue.path].join('.')})`;
      throw new UsageError(`invalid value for ${flag}: ${issue.message}`);
    }
  }
  return byPolicy;
}

/** A policy option's value on the command line: a JSON value (number, true, ...) or else a plain string. */
const optionValueFlag = z.string().transform((text): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
});
