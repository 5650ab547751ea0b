// The paper's whole autonomous pipeline: 9 LHS + 51 MV experiments build the digital twin,
// then EI, UCB, EPLT and random optimisation campaigns of 10 experiments each start from it.
import type { SqliteDatabase } from '../store/database.js';
import { createCampaign, summarizeCampaign, type CampaignSummary } from './campaign-service.js';
import { runCampaign } from './run-campaign.js';
import type { CampaignDeps } from './deps.js';
import type { RunCampaignOptions } from './runner.js';

export const PIPELINE_POLICIES = ['ei', 'ucb', 'eplt', 'random'] as const;

export interface PipelineOptions {
  seed: number;
  initialDesign: number;
  explorationBudget: number;
  optimisationBudget: number;
  surrogate?: { kind: 'enn' | 'gp'; [option: string]: unknown };
}

export const PAPER_PIPELINE: PipelineOptions = { seed: 1, initialDesign: 9, explorationBudget: 51, optimisationBudget: 10 };

export interface PipelineResult {
  twin: CampaignSummary;
  optimisations: CampaignSummary[];
}

export interface PipelineHooks {
  onCampaignStart?(id: string, label: string, planned: number): void;
  onCampaignEnd?(summary: CampaignSummary): void;
  eventsFor?(id: string): RunCampaignOptions['onEvent'];
}

export async function runPipeline(db: SqliteDatabase, deps: CampaignDeps, options: PipelineOptions = PAPER_PIPELINE, hooks: PipelineHooks = {}): Promise<PipelineResult> {
  const surrogate = options.surrogate ? { surrogate: options.surrogate } : {};
  const twinId = createCampaign(db, {
    name: 'digital twin (LHS + MV)',
    kind: 'exploration',
    seed: options.seed,
    initialDesign: { sampler: 'lhs', count: options.initialDesign },
    policy: 'mv',
    budget: options.explorationBudget,
    ...surrogate,
  }, deps.now()).id;
  const twin = await runOne(db, deps, twinId, 'digital twin', options.initialDesign + options.explorationBudget, hooks);
  if (twin.status !== 'completed') return { twin, optimisations: [] };

  const optimisations: CampaignSummary[] = [];
  for (const policy of PIPELINE_POLICIES) {
    const id = createCampaign(db, {
      name: `optimisation ${policy}`,
      kind: 'optimisation',
      seed: options.seed,
      policy,
      budget: options.optimisationBudget,
      informedBy: [twinId],
      ...surrogate,
    }, deps.now()).id;
    const summary = await runOne(db, deps, id, `optimisation ${policy}`, options.optimisationBudget, hooks);
    optimisations.push(summary);
    if (summary.status !== 'completed') break;
  }
  return { twin, optimisations };
}

async function runOne(db: SqliteDatabase, deps: CampaignDeps, id: string, label: string, planned: number, hooks: PipelineHooks): Promise<CampaignSummary> {
  hooks.onCampaignStart?.(id, label, planned);
  await runCampaign(db, id, deps, { onEvent: hooks.eventsFor?.(id) });
  const summary = summarizeCampaign(db, id);
  hooks.onCampaignEnd?.(summary);
  return summary;
}
