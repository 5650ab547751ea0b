// A campaign's data for other tools: flat CSV (conditions, flows, features), JSON (everything
// but the raw spectra), JCAMP-DX (the raw spectra).
import { userInfo } from 'node:os';
import type { SqliteDatabase } from '../store/database.js';
import { SDFL_VERSION } from '../version.js';
import { getExperiment, getSpectra, type StoredExperiment } from '../store/experiments.js';
import { toCsv, type CsvCell } from '../store/csv.js';
import { jcampLink, type JcampSpectrum } from '../store/jcamp.js';
import { RIG_INPUT_NAMES } from '../domain/rig-space.js';
import { PUMP_IDS } from '../chemistry/rig-geometry.js';
import { loadCampaignState, summarizeCampaign } from './campaign-service.js';
import { exportColumns, FIXED_UNIT_FEATURES, PL_AREA_FEATURES, PL_HEIGHT_FEATURES, plFeatureColumn, pumpFlowColumn, type PlUnit } from './export-columns.js';

export const EXPORT_FORMATS = ['csv', 'json', 'jcamp'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];


interface ExportRow {
  iteration: number;
  proposalId: string;
  reason: string;
  status: string;
  experiment?: StoredExperiment;
  error?: string;
}

function campaignRows(db: SqliteDatabase, id: string): ExportRow[] {
  const { state } = loadCampaignState(db, id);
  const finished = state.proposals.filter((p) => p.status === 'measured' || p.status === 'failed');
  return finished.map((p, index) => ({
    iteration: index + 1,
    proposalId: p.proposalId,
    reason: p.reason,
    status: p.status,
    experiment: p.experimentId !== undefined ? getExperiment(db, p.experimentId) : undefined,
    error: p.error,
  }));
}

/** Study campaigns store experiments without proposals; they export in experiment order. */
function studyRows(db: SqliteDatabase, id: string): ExportRow[] {
  const rows = db.prepare('SELECT id FROM experiments WHERE campaign_id = ? ORDER BY id').all(id) as { id: number }[];
  return rows.map((row, index) => {
    const experiment = getExperiment(db, row.id);
    return { iteration: index + 1, proposalId: '', reason: 'study', status: experiment?.status ?? 'missing', experiment, error: experiment?.error ?? undefined };
  });
}

function rowsOf(db: SqliteDatabase, id: string): ExportRow[] {
  return loadCampaignState(db, id).spec.kind === 'study' ? studyRows(db, id) : campaignRows(db, id);
}

export function exportCampaign(db: SqliteDatabase, id: string, format: ExportFormat): string {
  const rows = rowsOf(db, id);
  if (format === 'csv') {
    const plUnits = [...new Set(rows.flatMap((row) => (row.experiment?.features ? [row.experiment.features.plUnit] : [])))].sort() as PlUnit[];
    const cells = rows.map((row) => {
      const e = row.experiment;
      const cell: Record<string, CsvCell> = { campaignId: id, iteration: row.iteration, experimentId: e?.id, status: row.status, reason: row.reason, measuredAt: e?.createdAt, error: row.error };
      for (const name of RIG_INPUT_NAMES) cell[name] = e?.condition[name];
      for (const pump of PUMP_IDS) cell[pumpFlowColumn(pump)] = e?.recipe.flowsUlPerMin[pump];
      cell.reactionTimeS = e?.recipe.reactionTimeS;
      cell.residenceTimeS = e?.recipe.residenceTimeS;
      const features = e?.features;
      if (features) {
        for (const [feature, column] of Object.entries(FIXED_UNIT_FEATURES)) cell[column] = features[feature as keyof typeof FIXED_UNIT_FEATURES];
        for (const feature of [...PL_HEIGHT_FEATURES, ...PL_AREA_FEATURES]) cell[plFeatureColumn(feature, features.plUnit as PlUnit)] = features[feature];
      }
      return cell;
    });
    return toCsv(exportColumns(plUnits), cells);
  }
  if (format === 'json') {
    const summary = summarizeCampaign(db, id);
    const { spec } = loadCampaignState(db, id);
    const experiments = rows.map((row) => ({
      iteration: row.iteration,
      status: row.status,
      reason: row.reason,
      error: row.error,
      experiment: row.experiment,
    }));
    return `${JSON.stringify({ campaign: summary, spec, experiments }, null, 2)}\n`;
  }
  const entries: JcampSpectrum[] = [];
  const rigKinds = new Set<string>();
  for (const row of rows) {
    const e = row.experiment;
    if (!e || e.status !== 'measured') continue;
    rigKinds.add(e.rigKind);
    for (const [role, spectrum] of Object.entries(getSpectra(db, e.id))) {
      entries.push({ title: `${id} experiment ${e.id} ${role}`, spectrum, meta: { ExperimentId: e.id, Role: role, Condition: JSON.stringify(e.condition) } });
    }
  }
  return jcampLink(`campaign ${id}`, entries, { origin: `sdfl ${SDFL_VERSION}, ${[...rigKinds].join(' and ') || 'no'} rig, campaign ${id}`, owner: dataOwner() });
}

/** ##OWNER of exported data: SDFL_OWNER, else the user running the export. */
function dataOwner(): string {
  if (process.env.SDFL_OWNER) return process.env.SDFL_OWNER;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
