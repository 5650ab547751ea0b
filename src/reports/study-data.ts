// A platform-study campaign read back for its figure: the rows of its study-result event and,
// for the partial grid search, the PL spectra recomputed from the stored raw spectra.
import { correctPl } from '../analysis/photoluminescence.js';
import { loadCampaignState } from '../campaigns/campaign-service.js';
import type { StudyName } from '../campaigns/studies/index.js';
import type { SqliteDatabase } from '../store/database.js';
import { getSpectra, listExperiments } from '../store/experiments.js';
import type { GridSpectrumPoint } from './charts/grid-spectra.js';

export type StudyRowValue = number | string | null;

export interface StudyData {
  campaignId: string;
  name: string;
  study: StudyName;
  columns: string[];
  rows: Record<string, StudyRowValue>[];
  summary: Record<string, unknown>;
  /** Grid study: dark-corrected, smoothed PL spectra binned to `SPECTRUM_STEP_NM`. */
  spectra?: GridSpectrumPoint[];
  spectraUnit?: string;
  notes: string[];
}

/** The part of the PL spectrum shown: the 380 nm band, the 450 nm STE band and the 600 nm band. */
export const SPECTRUM_RANGE_NM: readonly [number, number] = [340, 760];
export const SPECTRUM_STEP_NM = 2;

export function studyData(db: SqliteDatabase, campaignId: string): StudyData {
  const { spec, state, name } = loadCampaignState(db, campaignId);
  if (spec.kind !== 'study') throw new Error(`campaign '${campaignId}' is not a study`);
  const result = state.studyResult;
  const base = { campaignId, name, study: spec.study, notes: [] as string[] };
  if (!result) return { ...base, columns: [], rows: [], summary: {}, notes: [`study not finished (status ${state.status})`] };
  const data: StudyData = { ...base, columns: result.columns, rows: result.rows, summary: (result.summary ?? {}) as Record<string, unknown> };
  if (spec.study === 'grid') Object.assign(data, gridSpectra(db, campaignId, result.rows, data.notes));
  return data;
}

function gridSpectra(db: SqliteDatabase, campaignId: string, rows: Record<string, StudyRowValue>[], notes: string[]): Pick<StudyData, 'spectra' | 'spectraUnit'> {
  const experiments = listExperiments(db, campaignId).filter((e) => e.status === 'measured');
  // Rows and stored experiments are written in the same order, one per grid condition.
  if (experiments.length !== rows.length) {
    notes.push(`${rows.length} grid rows but ${experiments.length} stored experiments: spectra not shown`);
    return {};
  }
  const spectra: GridSpectrumPoint[] = [];
  let unit: string | undefined;
  experiments.forEach((experiment, k) => {
    const roles = getSpectra(db, experiment.id);
    const dark = roles['pl-dark'];
    const sample = roles['pl-sample'];
    const varied = rows[k].varied;
    const level = rows[k].level;
    if (!dark || !sample || typeof varied !== 'string' || typeof level !== 'number') return;
    const corrected = correctPl({ dark, sample });
    unit = corrected.unit;
    for (const bin of binSpectrum(corrected.wavelengthsNm, corrected.smoothed, SPECTRUM_RANGE_NM, SPECTRUM_STEP_NM)) {
      spectra.push({ varied, level, wavelengthNm: bin.wavelengthNm, signal: bin.signal });
    }
  });
  return { spectra, spectraUnit: unit === 'countsPerS' ? 'counts/s' : unit };
}

/** Mean signal in bins of `stepNm` over `rangeNm` (bins without a pixel are left out). */
export function binSpectrum(wavelengthsNm: ArrayLike<number>, signal: ArrayLike<number>, rangeNm: readonly [number, number], stepNm: number): { wavelengthNm: number; signal: number }[] {
  const [low, high] = rangeNm;
  const bins = Math.ceil((high - low) / stepNm);
  const sums = new Float64Array(bins);
  const counts = new Uint32Array(bins);
  for (let i = 0; i < wavelengthsNm.length; i++) {
    const w = wavelengthsNm[i];
    if (!(w >= low && w < high) || !Number.isFinite(signal[i])) continue;
    const b = Math.min(bins - 1, Math.floor((w - low) / stepNm));
    sums[b] += signal[i];
    counts[b] += 1;
  }
  const out: { wavelengthNm: number; signal: number }[] = [];
  for (let b = 0; b < bins; b++) if (counts[b] > 0) out.push({ wavelengthNm: low + (b + 0.5) * stepNm, signal: sums[b] / counts[b] });
  return out;
}
