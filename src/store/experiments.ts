// Experiments and their raw spectra: written in one transaction, so a reader sees a whole
// experiment or none of it.
import type { Recipe } from '../chemistry/recipe.js';
import type { Spectrum } from '../domain/spectrum.js';
import type { RigCondition } from '../domain/rig-space.js';
import { spectralFeaturesSchema, type SpectralFeatures } from '../analysis/features.js';

/** Features as stored: the processed spectra are left out (they follow from the raw spectra). */
export const storedFeaturesSchema = spectralFeaturesSchema.omit({ spectra: true });
export type StoredFeatures = Omit<SpectralFeatures, 'spectra'>;

export function storedFeatures(features: SpectralFeatures | StoredFeatures): StoredFeatures {
  if (!('spectra' in features)) return features;
  const { spectra: _processed, ...rest } = features;
  return rest;
}
import type { ExperimentResult } from '../automation/run-experiment.js';
import type { SqliteDatabase } from './database.js';
import { encodeFloat64, spectrumFromRow, type SpectrumRow } from './spectrum-codec.js';

export interface StoredExperiment {
  id: number;
  campaignId: string | null;
  status: 'measured' | 'failed';
  createdAt: string;
  rigKind: string;
  condition: RigCondition;
  recipe: Recipe;
  features: StoredFeatures | null;
  rigState: Record<string, unknown> | null;
  startedAtS: number | null;
  flowsStartedAtS: number | null;
  measuredAtS: number | null;
  reagentUsedUl: Record<string, number> | null;
  error: string | null;
}

export interface ExperimentMeta {
  campaignId?: string;
  rigKind: string;
  createdAt: Date;
  rigState?: Record<string, unknown>;
}

/** The raw spectra by role; a channel the rig did not measure has none. */
/** What is stored of a run: the processed spectra may be left out of its features (they follow from the raw ones). */
export type RecordableResult = Omit<ExperimentResult, 'features'> & { features: SpectralFeatures | StoredFeatures };

export function spectraRoles(result: RecordableResult): Record<string, Spectrum> {
  const { absorbance, pl } = result.spectra;
  return {
    ...(absorbance ? { 'absorbance-dark': absorbance.dark, 'absorbance-reference': absorbance.reference, 'absorbance-sample': absorbance.sample } : {}),
    ...(pl ? { 'pl-dark': pl.dark, 'pl-sample': pl.sample } : {}),
  };
}

export function saveExperiment(db: SqliteDatabase, result: RecordableResult, meta: ExperimentMeta): number {
  const insertExperiment = db.prepare(`INSERT INTO experiments
    (campaign_id, status, created_at, rig_kind, condition_json, recipe_json, features_json, rig_state_json,
     started_at_s, flows_started_at_s, measured_at_s, reagent_used_json)
    VALUES (?, 'measured', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertSpectrum = db.prepare(`INSERT INTO spectra (experiment_id, role, wavelengths_nm, counts, integration_time_ms, saturation_counts)
    VALUES (?, ?, ?, ?, ?, ?)`);
  return db.transaction(() => {
    const info = insertExperiment.run(
      meta.campaignId ?? null,
      meta.createdAt.toISOString(),
      meta.rigKind,
      JSON.stringify(result.recipe.condition),
      JSON.stringify(result.recipe),
      JSON.stringify(storedFeatures(result.features)),
      meta.rigState ? JSON.stringify(meta.rigState) : null,
      result.startedAtS,
      result.flowsStartedAtS,
      result.measuredAtS,
      JSON.stringify(result.reagentUsedUl),
    );
    const id = Number(info.lastInsertRowid);
    for (const [role, spectrum] of Object.entries(spectraRoles(result))) {
      insertSpectrum.run(id, role, encodeFloat64(spectrum.wavelengthsNm), encodeFloat64(spectrum.counts), spectrum.integrationTimeMs, spectrum.saturationCounts);
    }
    return id;
  })();
}

export function saveFailedExperiment(db: SqliteDatabase, recipe: Recipe, error: string, meta: ExperimentMeta): number {
  const info = db.prepare(`INSERT INTO experiments (campaign_id, status, created_at, rig_kind, condition_json, recipe_json, rig_state_json, error)
    VALUES (?, 'failed', ?, ?, ?, ?, ?, ?)`).run(
    meta.campaignId ?? null, meta.createdAt.toISOString(), meta.rigKind,
    JSON.stringify(recipe.condition), JSON.stringify(recipe), meta.rigState ? JSON.stringify(meta.rigState) : null, error,
  );
  return Number(info.lastInsertRowid);
}

interface ExperimentRow {
  id: number; campaign_id: string | null; status: 'measured' | 'failed'; created_at: string; rig_kind: string;
  condition_json: string; recipe_json: string; features_json: string | null; rig_state_json: string | null;
  started_at_s: number | null; flows_started_at_s: number | null; measured_at_s: number | null;
  reagent_used_json: string | null; error: string | null;
}

function fromRow(row: ExperimentRow): StoredExperiment {
  return {
    id: row.id,
    campaignId: row.campaign_id,
    status: row.status,
    createdAt: row.created_at,
    rigKind: row.rig_kind,
    condition: JSON.parse(row.condition_json),
    recipe: JSON.parse(row.recipe_json),
    features: row.features_json ? storedFeaturesSchema.parse(JSON.parse(row.features_json)) : null,
    rigState: row.rig_state_json ? JSON.parse(row.rig_state_json) : null,
    startedAtS: row.started_at_s,
    flowsStartedAtS: row.flows_started_at_s,
    measuredAtS: row.measured_at_s,
    reagentUsedUl: row.reagent_used_json ? JSON.parse(row.reagent_used_json) : null,
    error: row.error,
  };
}

export function getExperiment(db: SqliteDatabase, id: number): StoredExperiment | undefined {
  const row = db.prepare('SELECT * FROM experiments WHERE id = ?').get(id) as ExperimentRow | undefined;
  return row ? fromRow(row) : undefined;
}

export function listExperiments(db: SqliteDatabase, campaignId?: string): StoredExperiment[] {
  const rows = campaignId === undefined
    ? db.prepare('SELECT * FROM experiments ORDER BY id').all()
    : db.prepare('SELECT * FROM experiments WHERE campaign_id = ? ORDER BY id').all(campaignId);
  return (rows as ExperimentRow[]).map(fromRow);
}

export function getSpectra(db: SqliteDatabase, experimentId: number): Record<string, Spectrum> {
  const rows = db.prepare('SELECT * FROM spectra WHERE experiment_id = ?').all(experimentId) as SpectrumRow[];
  return Object.fromEntries(rows.map((row) => [row.role, spectrumFromRow(row)]));
}
