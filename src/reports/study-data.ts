// A platform-study campaign read back for its figure: the rows of its study-result event and,
// for the partial grid search (PL) and the flow-rate and reaction-time studies (absorbance and
// PL), the spectra recomputed from the stored raw spectra.
import { correctPl } from '../analysis/photoluminescence.js';
import { loadCampaignState } from '../campaigns/campaign-service.js';
import type { StudyName } from '../campaigns/studies/index.js';
import { AXIS_OF_INPUT, compositionOf } from '../chemistry/composition.js';
import { RIG_INPUT_NAMES, type RigCondition, type RigInputName } from '../domain/rig-space.js';
import type { SqliteDatabase } from '../store/database.js';
import { getSpectra, listExperiments } from '../store/experiments.js';
import { unitOf } from './charts/common.js';
import type { GridSpectrumPoint } from './charts/grid-spectra.js';
import type { LevelSpectrumPoint } from './charts/spectra-by-level.js';
import { binnedSpectra, binSpectrum, SPECTRUM_RANGE_NM, SPECTRUM_STEP_NM } from './experiment-spectra.js';

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
  /** Flow-rate and reaction-time studies: absorbance and PL spectra per level (total flow or reaction time). */
  levelSpectra?: LevelSpectrumPoint[];
  notes: string[];
}

export { binSpectrum, SPECTRUM_RANGE_NM, SPECTRUM_STEP_NM } from './experiment-spectra.js';

export function studyData(db: SqliteDatabase, campaignId: string): StudyData {
  const { spec, state, name } = loadCampaignState(db, campaignId);
  if (spec.kind !== 'study') throw new Error(`campaign '${campaignId}' is not a study`);
  const result = state.studyResult;
  const base = { campaignId, name, study: spec.study, notes: [] as string[] };
  if (!result) return { ...base, columns: [], rows: [], summary: {}, notes: [`study not finished (status ${state.status})`] };
  const data: StudyData = { ...base, columns: result.columns, rows: result.rows, summary: (result.summary ?? {}) as Record<string, unknown> };
  if (spec.study === 'grid') Object.assign(data, gridSpectra(db, campaignId, result.rows, data.notes));
  if (spec.study === 'flowrate') Object.assign(data, levelSpectra(db, campaignId, result.rows, 'totalPrecursorFlowUlPerMin', data.notes));
  if (spec.study === 'reaction-time') Object.assign(data, levelSpectra(db, campaignId, result.rows, 'reactionTimeS', data.notes));
  return data;
}

/** Absorbance and PL spectra of each row's experiment, labelled by the row's `levelField`. */
function levelSpectra(db: SqliteDatabase, campaignId: string, rows: Record<string, StudyRowValue>[], levelField: string, notes: string[]): Pick<StudyData, 'levelSpectra' | 'spectraUnit'> {
  const experiments = listExperiments(db, campaignId).filter((e) => e.status === 'measured');
  if (experiments.length !== rows.length) {
    notes.push(`${rows.length} study rows but ${experiments.length} stored experiments: spectra not shown`);
    return {};
  }
  const points: LevelSpectrumPoint[] = [];
  let unit: string | undefined;
  experiments.forEach((experiment, k) => {
    const level = rows[k][levelField];
    const spectra = binnedSpectra(db, experiment.id);
    if (typeof level !== 'number' || !spectra) return;
    unit = spectra.plUnit;
    for (const bin of spectra.absorbance) points.push({ level, channel: 'absorbance', wavelengthNm: bin.wavelengthNm, value: bin.signal });
    for (const bin of spectra.pl) points.push({ level, channel: 'pl', wavelengthNm: bin.wavelengthNm, value: bin.signal });
  });
  return { levelSpectra: points, spectraUnit: unit };
}

/** The droplet concentration a grid level sets ('1.13 mM'); none for temperature. */
function levelNote(row: Record<string, StudyRowValue>, varied: string): string | undefined {
  if (!(RIG_INPUT_NAMES as readonly string[]).includes(varied) || varied === 'temperatureC') return undefined;
  const condition = Object.fromEntries(RIG_INPUT_NAMES.map((name) => [name, row[name]])) as Record<string, StudyRowValue>;
  if (!RIG_INPUT_NAMES.every((name) => typeof condition[name] === 'number')) return undefined;
  const axis = AXIS_OF_INPUT[varied as RigInputName];
  const value = compositionOf(condition as RigCondition)[axis];
  return Number.isFinite(value) ? `${Number(value.toPrecision(3))} ${unitOf(axis)}` : undefined;
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
    const note = levelNote(rows[k], varied);
    for (const bin of binSpectrum(corrected.wavelengthsNm, corrected.smoothed, SPECTRUM_RANGE_NM, SPECTRUM_STEP_NM)) {
      spectra.push({ varied, level, wavelengthNm: bin.wavelengthNm, signal: bin.signal, ...(note ? { levelNote: note } : {}) });
    }
  });
  return { spectra, spectraUnit: unit === 'countsPerS' ? 'counts/s' : unit };
}
