// Pure transforms from API replies to the rows the live charts plot. No DOM, so they are
// tested under Node. The report's chart functions (src/reports/charts) take most of them.
import { DEFAULT_OBJECTIVE as DOMAIN_DEFAULT_OBJECTIVE } from '../domain/objectives.js';
import type { BestSoFarBandPoint, BestSoFarRunPoint } from '../reports/charts/best-so-far.js';
import type { InputChoicePoint } from '../reports/charts/input-choices.js';
import type { HeaterPoint, SyringeLevel } from '../reports/charts/live-rig.js';
import type { AbsorbancePoint, PlPoint } from '../reports/charts/live-spectra.js';
import type { CampaignDetail, Experiment, ExperimentSpectra, Proposal, RigState } from './api-schemas.js';

export const LIVE_FEATURES = ['abs300', 'plIntensity', 'plArea'] as const;
export type LiveFeature = (typeof LIVE_FEATURES)[number];
export type FeatureRow = { iteration: number; experimentId: number } & Partial<Record<LiveFeature, number>>;

/**
 * Iteration = 1-based position among finished (measured or failed) proposals, in proposal
 * order: the numbering of the campaign summary's best.iteration.
 */
export function iterationByExperiment(proposals: readonly Proposal[]): Map<number, number> {
  const iterations = new Map<number, number>();
  let iteration = 0;
  for (const p of proposals) {
    if (p.status !== 'measured' && p.status !== 'failed') continue;
    iteration += 1;
    if (typeof p.experimentId === 'number') iterations.set(p.experimentId, iteration);
  }
  return iterations;
}

/** Abs300, PL intensity and PL area of each measured experiment of the campaign, by iteration. */
export function featureRows(proposals: readonly Proposal[], experiments: readonly Experiment[]): FeatureRow[] {
  const iterations = iterationByExperiment(proposals);
  const rows: FeatureRow[] = [];
  for (const experiment of experiments) {
    const iteration = iterations.get(experiment.id);
    if (iteration === undefined || !experiment.features) continue;
    const row: FeatureRow = { iteration, experimentId: experiment.id };
    for (const feature of LIVE_FEATURES) {
      const value = experiment.features[feature];
      if (typeof value === 'number' && Number.isFinite(value)) row[feature] = value;
    }
    rows.push(row);
  }
  return rows.sort((a, b) => a.iteration - b.iteration);
}

/** The domain's default objective, for specs without one (studies). */
export const DEFAULT_OBJECTIVE: { feature: string; direction: 'maximize' | 'minimize' } = { ...DOMAIN_DEFAULT_OBJECTIVE };

/** What the campaign's charts are drawn for: its objective and the name of who chose its inputs. */
export interface PlotContext {
  campaignId: string;
  policy: string;
  objective: { feature: string; direction: 'maximize' | 'minimize' };
}

export function plotContext(detail: CampaignDetail): PlotContext {
  return {
    campaignId: detail.summary.id,
    policy: detail.summary.policy ?? detail.summary.kind,
    objective: detail.spec.objective ?? DEFAULT_OBJECTIVE,
  };
}

/**
 * Best value up to each measured iteration, as one run of the report's best-so-far chart
 * (a single campaign: the band collapses onto the run). Failed iterations keep their number
 * but add no point.
 */
export function bestSoFarData(proposals: readonly Proposal[], direction: 'maximize' | 'minimize', policy: string, campaignId: string): { runs: BestSoFarRunPoint[]; bands: BestSoFarBandPoint[] } {
  const sign = direction === 'minimize' ? -1 : 1;
  const runs: BestSoFarRunPoint[] = [];
  let best: number | undefined;
  let iteration = 0;
  for (const p of proposals) {
    if (p.status !== 'measured' && p.status !== 'failed') continue;
    iteration += 1;
    if (p.status !== 'measured' || typeof p.value !== 'number') continue;
    if (best === undefined || sign * p.value > sign * best) best = p.value;
    runs.push({ policy, replicate: campaignId, iteration, best });
  }
  return { runs, bands: singleRunBands(runs) };
}

/** The best-so-far chart's band for one campaign: collapsed onto its run. */
export function singleRunBands(runs: readonly BestSoFarRunPoint[]): BestSoFarBandPoint[] {
  return runs.map((r) => ({ policy: r.policy, iteration: r.iteration, median: r.best, lowerQuartile: r.best, upperQuartile: r.best, replicates: 1 }));
}

export const INITIAL_DESIGN_LABEL = 'initial design';

/**
 * Every proposal's inputs in proposal order, queued and running ones too (they show what comes
 * next). The "policy" of a point is who chose it: the initial design or the campaign's policy.
 */
export function inputChoicePoints(proposals: readonly Proposal[], inputs: readonly string[], policy: string, campaignId: string): InputChoicePoint[] {
  const points: InputChoicePoint[] = [];
  proposals.forEach((p, index) => {
    const chooser = p.reason === 'initial-design' ? INITIAL_DESIGN_LABEL : policy;
    for (const input of inputs) {
      const value = p.condition[input];
      if (typeof value === 'number') points.push({ policy: chooser, replicate: campaignId, iteration: index + 1, input, value });
    }
  });
  return points;
}

/** The newest measured experiment (highest id), whose spectra the live view shows. */
export function newestMeasuredExperimentId(proposals: readonly Proposal[]): number | null {
  let newest: number | null = null;
  for (const p of proposals) {
    if (p.status === 'measured' && typeof p.experimentId === 'number' && (newest === null || p.experimentId > newest)) newest = p.experimentId;
  }
  return newest;
}

/** The newest measured experiment stored under the campaign (studies have no proposals). */
export function newestMeasuredStoredId(experiments: readonly Experiment[]): number | null {
  let newest: number | null = null;
  for (const e of experiments) if (e.status === 'measured' && (newest === null || e.id > newest)) newest = e.id;
  return newest;
}

/** The newest measured experiment's spectra, as the spectra panel shows them. */
export interface NewestSpectra {
  experimentId: number;
  /** Undefined for a study's experiments, which have no proposals. */
  iteration: number | undefined;
  spectra: ExperimentSpectra;
}

/** Plottable points of the processed spectra; excluded absorbance pixels (null) are left out. */
export function spectrumPoints(spectra: ExperimentSpectra): { absorbance: AbsorbancePoint[]; pl: PlPoint[] } {
  if (!spectra.processed) return { absorbance: [], pl: [] };
  const { absorbance, pl } = spectra.processed;
  const absorbancePoints: AbsorbancePoint[] = [];
  absorbance.wavelengthsNm.forEach((wavelengthNm, i) => {
    const value = absorbance.absorbance[i];
    if (typeof value === 'number' && Number.isFinite(value)) absorbancePoints.push({ wavelengthNm, absorbance: value });
  });
  const plPoints = pl.wavelengthsNm.map((wavelengthNm, i) => ({ wavelengthNm, signal: pl.signal[i], smoothed: pl.smoothed[i] }));
  return { absorbance: absorbancePoints, pl: plPoints };
}

export function syringeLevels(state: RigState): SyringeLevel[] {
  return Object.entries(state.pumps).map(([pump, p]) => ({ pump, levelUl: p.syringeLevelUl, capacityUl: p.syringeCapacityUl }));
}

export const HEATER_READINGS_KEPT = 600;

/**
 * Appends the reading at rig time `timeS` (temperature and setpoint, to 0.1 °C) and keeps the last
 * `kept` readings. A clock that went back (a new run opened a new rig) starts a new trace.
 */
export function appendHeaterReading(points: readonly HeaterPoint[], state: RigState, timeS: number, kept = HEATER_READINGS_KEPT): HeaterPoint[] {
  const last = points.at(-1);
  const base = last && timeS < last.timeS ? [] : points.slice(Math.max(0, points.length - 2 * (kept - 1)));
  return [...base, { timeS, series: 'temperature', temperatureC: toTenth(state.heater.temperatureC) }, { timeS, series: 'setpoint', temperatureC: toTenth(state.heater.setpointC) }];
}

/** A controller's display resolution: finer wiggles would fill a flat trace with steps. */
function toTenth(value: number): number {
  return Math.round(value * 10) / 10;
}
