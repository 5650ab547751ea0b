// An experiment's spectra for plotting: the raw readings by role, and the processed absorbance
// and corrected PL recomputed from them by the same analysis the campaign used.
import { computeFeatures, type SpectralFeatures } from '../analysis/features.js';
import { spectrumToJson, type SpectrumJson } from '../campaigns/spectrum-json.js';
import { getExperiment, getSpectra, type StoredExperiment } from '../store/experiments.js';
import type { SqliteDatabase } from '../store/database.js';
import { notFound } from './http-errors.js';

export interface ExperimentSpectra {
  experimentId: number;
  raw: Record<string, SpectrumJson>;
  processed: SpectralFeatures['spectra'] | null;
  features: Omit<SpectralFeatures, 'spectra'> | null;
}

export function requireExperiment(db: SqliteDatabase, id: number): StoredExperiment {
  const experiment = getExperiment(db, id);
  if (!experiment) throw notFound(`no experiment ${id}`);
  return experiment;
}

export function experimentSpectra(db: SqliteDatabase, id: number): ExperimentSpectra {
  requireExperiment(db, id);
  const raw = getSpectra(db, id);
  const { 'absorbance-dark': absDark, 'absorbance-reference': reference, 'absorbance-sample': absSample, 'pl-dark': plDark, 'pl-sample': plSample } = raw;
  let processed: ExperimentSpectra['processed'] = null;
  let features: ExperimentSpectra['features'] = null;
  const absorbance = absDark && reference && absSample ? { dark: absDark, reference, sample: absSample } : undefined;
  const pl = plDark && plSample ? { dark: plDark, sample: plSample } : undefined;
  // A failed experiment has no spectra; then there is nothing to process. A rig with one
  // spectrometer stored one channel: the other's features are null.
  if (absorbance || pl) {
    const { spectra, ...rest } = computeFeatures({ absorbance, pl });
    processed = spectra;
    features = rest;
  }
  return {
    experimentId: id,
    raw: Object.fromEntries(Object.entries(raw).map(([role, spectrum]) => [role, spectrumToJson(spectrum)])),
    processed,
    features,
  };
}
