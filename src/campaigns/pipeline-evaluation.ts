// How well a pipeline on the virtual lab did, judged against the lab's ground truth: for the
// exploration and each optimisation, the best condition it measured, that condition's
// noise-free PL intensity and PLQY, both as a share of the true optimum, and whether the
// policy beat what the exploration had already found. A measured best alone flatters noise.
import { conditionFromArray, rigParameterSpace, type RigCondition } from '../domain/rig-space.js';
import { recordToPoint } from '../domain/space.js';
import { expectedFeatures } from '../virtual-lab/expected-features.js';
import type { TrueOptimum } from '../virtual-lab/true-optimum.js';
import type { CampaignSummary } from './campaign-service.js';

export interface BestConditionTruth {
  campaignId: string;
  /** 'exploration' for the digital twin, else the optimisation's policy. */
  label: string;
  measuredPl: number;
  measuredShare: number;
  /** The noise-free PL intensity of the best measured condition (counts/s). */
  truePl: number;
  trueShare: number;
  /** Noise-free PL quantum yield of that condition (0-1). */
  plqy: number;
  iteration: number;
  condition: RigCondition;
}

export interface PipelineEvaluation {
  optimum: { plIntensity: number; plqy: number; condition: RigCondition };
  exploration: BestConditionTruth | null;
  policies: (BestConditionTruth & { beatsExploration: boolean | null })[];
}

function truthOf(summary: CampaignSummary, label: string, optimumPl: number): BestConditionTruth | null {
  if (!summary.best) return null;
  const condition = conditionFromArray(recordToPoint(rigParameterSpace(), summary.best.condition));
  const truth = expectedFeatures(condition);
  return {
    campaignId: summary.id,
    label,
    measuredPl: summary.best.value,
    measuredShare: summary.best.value / optimumPl,
    truePl: truth.plIntensity,
    trueShare: truth.plIntensity / optimumPl,
    plqy: truth.plqy,
    iteration: summary.best.iteration,
    condition,
  };
}

/** `optimum`: the lab's noise-free optimum of PL intensity (findTrueOptimum). */
export function evaluatePipeline(twin: CampaignSummary, optimisations: readonly CampaignSummary[], optimum: TrueOptimum): PipelineEvaluation {
  const exploration = truthOf(twin, 'exploration', optimum.value);
  return {
    optimum: { plIntensity: optimum.value, plqy: expectedFeatures(optimum.condition).plqy, condition: optimum.condition },
    exploration,
    policies: optimisations.flatMap((summary) => {
      const truth = truthOf(summary, summary.policy ?? summary.id, optimum.value);
      return truth ? [{ ...truth, beatsExploration: exploration ? truth.truePl > exploration.truePl : null }] : [];
    }),
  };
}
