// Create, list, inspect and steer campaigns; the runner does the work.
import { randomBytes } from 'node:crypto';
import type { SqliteDatabase } from '../store/database.js';
import { appendEvent, createCampaignRecord, listCampaignRecords, pendingControl, requestControl, readEvents, getCampaignRecord } from '../store/campaigns.js';
import { CampaignSpecError, parseCampaignSpec, type CampaignSpec } from './campaign-spec.js';
import { UnknownCampaignError } from './unknown-campaign.js';

export { UnknownCampaignError };
import { foldCampaign, type CampaignState, type CampaignStatus } from './campaign-state.js';
import { parseEvent } from './events.js';
import { totalExperiments } from './planner-setup.js';
import { liveLeaseProblem } from './campaign-lease.js';

export function newCampaignId(name: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'campaign';
  return `${slug}-${randomBytes(4).toString('hex')}`;
}

/** Validates the spec (all problems at once) and records the campaign; nothing runs yet. */
export function createCampaign(db: SqliteDatabase, rawSpec: unknown, now: Date, id?: string): { id: string; spec: CampaignSpec } {
  const spec = parseCampaignSpec(rawSpec);
  const campaignId = id ?? newCampaignId(spec.name);
  if (spec.kind === 'optimisation') {
    for (const prior of spec.informedBy) {
      if (!getCampaignRecord(db, prior)) throw new CampaignSpecError([`informedBy: no campaign '${prior}' in this database`]);
    }
  }
  db.transaction(() => {
    createCampaignRecord(db, { id: campaignId, name: spec.name, kind: spec.kind, spec, createdAt: now.toISOString() });
    appendEvent(db, campaignId, 'created', { spec }, now);
  })();
  return { id: campaignId, spec };
}

export function loadCampaignState(db: SqliteDatabase, id: string): { spec: CampaignSpec; state: CampaignState; createdAt: string; name: string } {
  const record = getCampaignRecord(db, id);
  if (!record) throw new UnknownCampaignError(id);
  const spec = parseCampaignSpec(record.spec);
  return { spec, state: foldCampaign(readEvents(db, id).map(parseEvent)), createdAt: record.createdAt, name: record.name };
}

export interface CampaignSummary {
  id: string;
  name: string;
  kind: string;
  policy?: string;
  status: CampaignStatus;
  statusReason?: string;
  controlRequested?: string;
  createdAt: string;
  planned: number | null;
  measured: number;
  failed: number;
  queued: number;
  best: { value: number; iteration: number; experimentId?: number; condition: Record<string, number> } | null;
  /** The twin as the runner last judged it (model-fitted): R^2 null below 10 points of its part of the split. */
  twin: { observations: number; testR2: number | null; trainR2: number | null; trainSize?: number | null; testSize?: number | null } | null;
}

export function summarizeCampaign(db: SqliteDatabase, id: string): CampaignSummary {
  const { spec, state, createdAt, name } = loadCampaignState(db, id);
  const finished = state.proposals.filter((p) => p.status === 'measured' || p.status === 'failed');
  const measured = finished.filter((p) => p.status === 'measured');
  const sign = spec.kind !== 'study' && spec.objective.direction === 'minimize' ? -1 : 1;
  let best: CampaignSummary['best'] = null;
  finished.forEach((p, index) => {
    if (p.status !== 'measured' || p.value === undefined) return;
    if (!best || sign * p.value > sign * best.value) best = { value: p.value, iteration: index + 1, experimentId: p.experimentId, condition: p.condition };
  });
  // A study runs its experiments without proposals; count what it stored.
  const studyExperiments = spec.kind === 'study' ? countStudyExperiments(db, id) : undefined;
  return {
    id,
    name,
    kind: spec.kind,
    policy: spec.kind === 'study' ? spec.study : spec.policy,
    status: state.status,
    statusReason: state.statusReason,
    controlRequested: pendingControl(db, id),
    createdAt,
    planned: spec.kind === 'study' ? null : totalExperiments(spec),
    measured: studyExperiments?.measured ?? measured.length,
    failed: studyExperiments?.failed ?? finished.length - measured.length,
    queued: state.proposals.filter((p) => p.status === 'queued').length,
    best,
    twin: state.lastModel ?? null,
  };
}

export function listCampaigns(db: SqliteDatabase): CampaignSummary[] {
  return listCampaignRecords(db).map((record) => summarizeCampaign(db, record.id));
}

/**
 * Pause takes effect after the current experiment, abort at once (safe state). A campaign
 * that no process is running (new or paused, and no live lease) is ended directly by an abort.
 */
export function requestCampaignControl(db: SqliteDatabase, id: string, request: 'pause' | 'abort', now: Date): CampaignStatus {
  const { spec, state } = loadCampaignState(db, id);
  if (state.status === 'completed' || state.status === 'aborted') throw new Error(`campaign '${id}' has already ${state.status === 'completed' ? 'completed' : 'been aborted'}`);
  if (request === 'pause' && spec.kind === 'study') throw new Error(`campaign '${id}' is a study: it cannot be paused (it would start over), only aborted`);
  // A campaign some process runs (its lease is live; one taking its solvent blank is still 'new')
  // is stopped by that runner, with the rig put in the safe state: only one nobody runs ends here.
  const beingRun = liveLeaseProblem(db, id, Date.now()) !== undefined;
  if (request === 'abort' && !beingRun && (state.status === 'paused' || state.status === 'new')) {
    appendEvent(db, id, 'aborted', { reason: 'aborted by operator' }, now);
    return 'aborted';
  }
  if (request === 'pause' && state.status === 'paused') return 'paused';
  requestControl(db, id, request, now);
  return state.status;
}

function countStudyExperiments(db: SqliteDatabase, id: string): { measured: number; failed: number } {
  const rows = db.prepare('SELECT status, COUNT(*) AS n FROM experiments WHERE campaign_id = ? GROUP BY status').all(id) as { status: string; n: number }[];
  const count = (status: string) => rows.find((r) => r.status === status)?.n ?? 0;
  return { measured: count('measured'), failed: count('failed') };
}
