// Paper Fig. 8C: the best condition the optimisation campaigns found, read back with its
// spectra and a relative photoluminescence quantum yield. The paper measured an absolute PLQY
// (~17 %) offline on purified nanocrystals; an in-flow rig has no integrating sphere, so the
// report gives what the paper's in-situ data support: PL emitted per share of the 300 nm
// excitation absorbed, the comparative (relative) quantum-yield method within one rig.
import { loadCampaignState } from '../campaigns/campaign-service.js';
import { compositionOf, type Composition } from '../chemistry/composition.js';
import type { RigCondition } from '../domain/rig-space.js';
import type { SqliteDatabase } from '../store/database.js';
import { getExperiment } from '../store/experiments.js';
import { binnedSpectra, type BinnedSpectra } from './experiment-spectra.js';

/**
 * Relative PLQY: integrated PL (PL area) over the fraction of the excitation absorbed,
 * 1 - 10^-A at the 300 nm excitation. Proportional to the PLQY when the detection (geometry,
 * spectrometer, integration) is the same for every sample, as it is within one rig. Null
 * without a positive absorbance or a PL area.
 */
export function relativePlqy(plArea: number | null | undefined, abs300: number | null | undefined): number | null {
  if (typeof plArea !== 'number' || typeof abs300 !== 'number' || !Number.isFinite(plArea) || !(abs300 > 0)) return null;
  return plArea / (1 - 10 ** -abs300);
}

export interface BestCondition {
  campaignId: string;
  policy: string;
  experimentId: number;
  objective: string;
  value: number;
  condition: RigCondition;
  composition: Composition;
  spectra: BinnedSpectra;
  relativePlqy: number | null;
  /** Relative PLQY of every measured experiment of the campaigns, for comparison. */
  others: { experimentId: number; relativePlqy: number }[];
}

/** The best measured experiment over the campaigns (in the first one's objective direction), or null if none has spectra. */
export function bestCondition(db: SqliteDatabase, campaignIds: readonly string[]): BestCondition | null {
  type Candidate = { campaignId: string; policy: string; experimentId: number; value: number; condition: Record<string, number>; objective: string };
  let found: Candidate | null = null;
  const measured: number[] = [];
  let sign = 0;
  for (const campaignId of campaignIds) {
    const { spec, state } = loadCampaignState(db, campaignId);
    if (spec.kind === 'study') continue;
    if (sign === 0) sign = spec.objective.direction === 'maximize' ? 1 : -1;
    for (const p of state.proposals) {
      if (p.status !== 'measured' || p.value === undefined || p.experimentId === undefined) continue;
      measured.push(p.experimentId);
      if (found === null || sign * p.value > sign * found.value) {
        found = { campaignId, policy: spec.policy, experimentId: p.experimentId, value: p.value, condition: p.condition, objective: spec.objective.feature };
      }
    }
  }
  if (found === null) return null;
  const spectra = binnedSpectra(db, found.experimentId);
  if (!spectra) return null;
  const others = measured.flatMap((experimentId) => {
    const features = getExperiment(db, experimentId)?.features;
    const value = relativePlqy(features?.plArea, features?.abs300);
    return value === null ? [] : [{ experimentId, relativePlqy: value }];
  });
  const condition = found.condition as RigCondition;
  return {
    ...found,
    condition,
    composition: compositionOf(condition),
    spectra,
    relativePlqy: relativePlqy(spectra.features.plArea, spectra.features.abs300),
    others,
  };
}
