// A campaign's data, read from the store, put through the pure analyses of src/insights:
// the digital twin's quality, uncertainty, Shapley values and response surface (paper
// Fig. 6-7), and best-so-far curves and chosen inputs across policy campaigns (Fig. 8).
import { createRandom, type Random } from '../domain/random.js';
import { RIG_INPUT_NAMES, rigParameterSpace } from '../domain/rig-space.js';
import { recordToPoint, toUnit } from '../domain/space.js';
import type { Direction } from '../insights/direction.js';
import {
  comparePolicies,
  crossValidatedR2,
  responseSurface,
  shapleyAnalysis,
  uncertaintyVersusDataSize,
  type CrossValidationResult,
  type ParityData,
  type PolicyComparison,
  type ResponseSurface,
  type ShapleyAnalysis,
  type UncertaintyVersusSize,
} from '../insights/index.js';
import type { SurrogateTrainer } from '../models/surrogate.js';
import { surrogateTrainerFromSpec } from '../models/surrogates/registry.js';
import { unitRegion } from '../planning/region.js';
import { uniformRandom } from '../planning/samplers/uniform.js';
import type { SqliteDatabase } from '../store/database.js';
import { finishedProposals } from './campaign-state.js';
import { loadCampaignState, summarizeCampaign, type CampaignSummary } from './campaign-service.js';
import type { PlanningSpec } from './planner-setup.js';
import type { TwinQuality } from '../domain/twin-quality.js';
import { MIN_EXPERIMENTS_FOR_R2, twinSplit } from './twin-quality.js';
import { compositionSurface, type CompositionSurface } from './composition-surface.js';
import type { RigCondition, RigInputName } from '../domain/rig-space.js';

/** One measured experiment as the twin sees it. */
export interface TwinExperiment {
  campaignId: string;
  experimentId?: number;
  /** Physical condition keyed by the rig's input names. */
  condition: Record<string, number>;
  /** The same condition in the unit cube of rigParameterSpace(). */
  unit: number[];
  value: number;
  /** Who chose it: 'initial-design' or 'policy' (the proposal's reason). */
  reason: string;
  /** The policy of the campaign it came from. */
  policy: string;
}

export interface TwinDataset {
  campaignId: string;
  spec: PlanningSpec;
  /** Campaigns whose measurements are in the data, in order (an optimisation's informedBy first). */
  sources: string[];
  experiments: TwinExperiment[];
  objective: string;
  direction: Direction;
}

/**
 * The measured experiments a campaign's surrogate learns from, in campaign order: an
 * exploration's own, or an optimisation's informing campaigns followed by its own.
 */
export function twinDataset(db: SqliteDatabase, campaignId: string): TwinDataset {
  const { spec } = loadCampaignState(db, campaignId);
  if (spec.kind === 'study') throw new Error(`campaign '${campaignId}' is a ${spec.study} study: it has no twin`);
  const sources = spec.kind === 'optimisation' ? [...spec.informedBy, campaignId] : [campaignId];
  const space = rigParameterSpace();
  const experiments = sources.flatMap((source) => {
    const loaded = loadCampaignState(db, source);
    const policy = loaded.spec.kind === 'study' ? loaded.spec.study : loaded.spec.policy;
    return loaded.state.proposals
      .filter((p) => p.status === 'measured' && p.value !== undefined && Number.isFinite(p.value))
      .map((p): TwinExperiment => ({
        campaignId: source,
        experimentId: p.experimentId,
        condition: p.condition,
        unit: toUnit(space, recordToPoint(space, p.condition)),
        value: p.value as number,
        reason: p.reason,
        policy,
      }));
  });
  return { campaignId, spec, sources, experiments, objective: spec.objective.feature, direction: spec.objective.direction };
}

export interface TwinInsightOptions {
  /** Seed of the cross-validation folds, the fits and the Monte Carlo set (default 1); the 80/20 split is the campaign's own. */
  seed?: number;
  /** Folds of the cross-validation (default 5). */
  folds?: number;
  /** Monte Carlo points of the uncertainty-versus-size study (default 1000). */
  monteCarloPoints?: number;
  /** Grid levels per axis of the response surface (default 25). */
  gridSize?: number;
  /**
   * Reference set of the Shapley values: the campaign's own experiments (default) or as many
   * uniform random feasible conditions. An exploration that chases variance piles its points on
   * the bounds, which shifts credit between inputs; the uniform set shows how much.
   */
  shapBackground?: ShapBackground;
  /** Called as each analysis starts. */
  onStage?: (stage: TwinStage) => void;
}

export const SHAP_BACKGROUNDS = ['experiments', 'uniform'] as const;
export type ShapBackground = (typeof SHAP_BACKGROUNDS)[number];

export type TwinStage = 'parity' | 'cross-validation' | 'uncertainty' | 'shapley' | 'surface';

export interface TwinInsights {
  experiments: number;
  /** The experiments analysed, in campaign order (Fig. 6A plots them). */
  data: TwinExperiment[];
  /** Train and test R^2 on the campaign's 80/20 split, as the runner logs them (null below 10 points). */
  quality: TwinQuality & { trainSize: number; testSize: number };
  /** The experiments of that split with the twin's predictions (raw R^2 included, for the plot). */
  parity: Omit<ParityData, 'surrogate'>;
  crossValidation: CrossValidationResult;
  folds: number;
  uncertainty: UncertaintyVersusSize;
  /** Shapley values of the twin fitted on all experiments, explained at every experiment. */
  shap: ShapleyAnalysis;
  shapBackground: ShapBackground;
  /** Over the top two inputs as flows, the others held at the best experiment's flows. */
  surface: ResponseSurface;
  /** The same two inputs as concentrations (or temperature, reaction time), the others held as concentrations (Fig. 7B). */
  compositionSurface: CompositionSurface;
  /** The experiment the composition surface is held at, and its rank among the measured ones (0: the best). */
  compositionAnchor: TwinExperiment;
}

/**
 * Every twin analysis on one data set (no I/O). The 80/20 split is the campaign's (seeded by
 * its spec, see twin-quality.ts), so its R^2 is the one the campaign logged. Randomness of the
 * rest: one fork each for the cross-validation, the uncertainty study and the full fit, after a
 * first fork that is no longer used (kept so the others draw what they always drew).
 */
export async function analyseTwin(dataset: TwinDataset, trainer: SurrogateTrainer, random: Random, options: TwinInsightOptions = {}): Promise<TwinInsights> {
  const n = dataset.experiments.length;
  if (n < MIN_EXPERIMENTS_FOR_R2) {
    throw new Error(`the twin analyses need at least ${MIN_EXPERIMENTS_FOR_R2} measured experiments, campaign '${dataset.campaignId}' has ${n}`);
  }
  const space = rigParameterSpace();
  const points = dataset.experiments.map((e) => e.unit);
  const values = dataset.experiments.map((e) => e.value);
  const folds = Math.min(options.folds ?? 5, n);
  const [_formerSplitRandom, cvRandom, uncertaintyRandom, fullRandom] = [random.fork(), random.fork(), random.fork(), random.fork()];

  options.onStage?.('parity');
  const { parity, ...quality } = await twinSplit(trainer, points, values, dataset.spec.seed);
  options.onStage?.('cross-validation');
  const crossValidation = await crossValidatedR2(trainer, points, values, cvRandom, { folds });
  options.onStage?.('uncertainty');
  const uncertainty = await uncertaintyVersusDataSize(trainer, points, values, uncertaintyRandom, {
    monteCarloPoints: options.monteCarloPoints ?? 1000,
    region: unitRegion(space),
  });
  options.onStage?.('shapley');
  const twin = await trainer.fit(points, values, fullRandom);
  // The pooled out-of-fold R^2 judges the twin: one 80/20 split of ~60 points is too noisy for it.
  const shapBackground = options.shapBackground ?? 'uniform';
  // Drawn from a fifth fork only when asked for, so the default analyses stay the same.
  const background = shapBackground === 'uniform' ? uniformRandom(unitRegion(space), n, random.fork()).map((p) => Array.from(p)) : points;
  const shap = shapleyAnalysis(twin, points, { background, space, method: 'exact', trainingSize: n, twinR2: crossValidation.pooledR2 });
  options.onStage?.('surface');
  const surface = responseSurface(twin, {
    ranking: shap.ranking,
    observations: { points, targets: values, direction: dataset.direction },
    space,
    gridSize: options.gridSize ?? 25,
  });
  const ranked = rankedExperiments(dataset);
  // The paper's Fig. 7B: PL over [CuI] in the droplet and temperature, whatever leads the ranking.
  const compositionSurfaceData = compositionSurface(twin, {
    inputs: ['cuiFlowUlPerMin', 'temperatureC'],
    anchors: ranked.map((e) => e.condition as RigCondition),
    gridSize: options.gridSize ?? 25,
    space,
  });
  return {
    experiments: n, data: dataset.experiments, quality, parity, crossValidation, folds, uncertainty, shap, shapBackground, surface,
    compositionSurface: compositionSurfaceData, compositionAnchor: ranked[compositionSurfaceData.anchorIndex],
  };
}

/** The measured experiments from best to worst in the objective's direction (equals in campaign order). */
function rankedExperiments(dataset: TwinDataset): TwinExperiment[] {
  const sign = dataset.direction === 'maximize' ? 1 : -1;
  return dataset.experiments.map((e, k) => ({ e, k })).sort((a, b) => sign * (b.e.value - a.e.value) || a.k - b.k).map(({ e }) => e);
}

export interface CampaignInsights {
  summary: CampaignSummary;
  seed: number;
  /** Absent for a study. */
  dataset?: { experiments: number; sources: string[]; surrogate: PlanningSpec['surrogate']; objective: string; direction: Direction };
  /** Null when the campaign is a study or has too few measured experiments (see notes). */
  twin: TwinInsights | null;
  notes: string[];
}

/** The twin analyses of one campaign with its own surrogate settings; same database and seed, same numbers. */
export async function campaignInsights(db: SqliteDatabase, campaignId: string, options: TwinInsightOptions = {}): Promise<CampaignInsights> {
  const summary = summarizeCampaign(db, campaignId);
  const seed = options.seed ?? 1;
  const { spec } = loadCampaignState(db, campaignId);
  if (spec.kind === 'study') {
    return { summary, seed, twin: null, notes: [`a ${spec.study} study has no digital twin; see its study figure in the report`] };
  }
  const dataset = twinDataset(db, campaignId);
  const described = {
    experiments: dataset.experiments.length,
    sources: dataset.sources,
    surrogate: spec.surrogate,
    objective: dataset.objective,
    direction: dataset.direction,
  };
  if (dataset.experiments.length < MIN_EXPERIMENTS_FOR_R2) {
    return { summary, seed, dataset: described, twin: null, notes: [`only ${dataset.experiments.length} measured experiments: the twin analyses need at least ${MIN_EXPERIMENTS_FOR_R2}`] };
  }
  const twin = await analyseTwin(dataset, surrogateTrainerFromSpec(spec.surrogate), createRandom(seed), options);
  return { summary, seed, dataset: described, twin, notes: [] };
}

/** One campaign as a run of its policy: values in order of completion (NaN where it failed). */
export interface PolicyCampaign {
  id: string;
  name: string;
  policy: string;
  seed: number;
  objective: string;
  direction: Direction;
  informedBy: string[];
  values: number[];
  /** Physical inputs of each finished experiment, in RIG_INPUT_NAMES order. */
  inputs: number[][];
}

export function policyCampaign(db: SqliteDatabase, campaignId: string): PolicyCampaign {
  const { spec, state, name } = loadCampaignState(db, campaignId);
  if (spec.kind === 'study') throw new Error(`campaign '${campaignId}' is a ${spec.study} study, not a policy campaign`);
  const finished = finishedProposals(state);
  return {
    id: campaignId,
    name,
    policy: spec.policy,
    seed: spec.seed,
    objective: spec.objective.feature,
    direction: spec.objective.direction,
    informedBy: spec.kind === 'optimisation' ? spec.informedBy : [],
    values: finished.map((p) => (p.status === 'measured' && p.value !== undefined ? p.value : Number.NaN)),
    inputs: finished.map((p) => RIG_INPUT_NAMES.map((input) => p.condition[input])),
  };
}

export interface PolicyComparisonInsights {
  campaigns: PolicyCampaign[];
  comparison: PolicyComparison;
  /** Best value measured by the campaigns that informed them all (when they share them). */
  informedBest: { value: number; campaigns: string[] } | null;
}

/** Campaigns with the same policy are replicates of it (e.g. the same policy with several seeds). */
export function comparePolicyCampaigns(db: SqliteDatabase, campaignIds: readonly string[]): PolicyComparisonInsights {
  if (campaignIds.length === 0) throw new Error('a policy comparison needs at least one campaign');
  const campaigns = campaignIds.map((id) => policyCampaign(db, id));
  const comparison = comparePolicies(
    campaigns.map((c) => ({ policy: c.policy, replicate: c.id, values: c.values, direction: c.direction, inputs: c.inputs })),
    { inputNames: RIG_INPUT_NAMES },
  );
  return { campaigns, comparison, informedBest: sharedInformedBest(db, campaigns) };
}

function sharedInformedBest(db: SqliteDatabase, campaigns: PolicyCampaign[]): PolicyComparisonInsights['informedBest'] {
  const key = JSON.stringify([...campaigns[0].informedBy].sort());
  if (campaigns[0].informedBy.length === 0 || campaigns.some((c) => JSON.stringify([...c.informedBy].sort()) !== key)) return null;
  const sign = campaigns[0].direction === 'maximize' ? 1 : -1;
  const values = campaigns[0].informedBy.flatMap((id) => policyCampaign(db, id).values.filter(Number.isFinite));
  if (values.length === 0) return null;
  return { value: sign * Math.max(...values.map((v) => sign * v)), campaigns: [...campaigns[0].informedBy] };
}
