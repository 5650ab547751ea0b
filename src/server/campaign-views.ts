// What the API shows of a campaign: its summary, its folded state and its log events, without
// the planner snapshots the log keeps for crash recovery (large, and of no use to a client).
import { loadCampaignState, summarizeCampaign, type CampaignSummary } from '../campaigns/campaign-service.js';
import { campaignTiming, type CampaignTiming } from '../campaigns/campaign-timing.js';
import type { CampaignSpec } from '../campaigns/campaign-spec.js';
import type { ProposalState } from '../campaigns/campaign-state.js';
import { getCampaignRecord, readEvents, type StoredEvent } from '../store/campaigns.js';
import type { SqliteDatabase } from '../store/database.js';
import { notFound } from './http-errors.js';

export interface ApiEvent {
  seq: number;
  at: string;
  type: string;
  payload: unknown;
}

export function toApiEvent(stored: StoredEvent): ApiEvent {
  let payload = stored.payload;
  if (stored.type === 'proposed' && payload && typeof payload === 'object') {
    const { plannerState: _snapshot, ...rest } = payload as Record<string, unknown>;
    payload = rest;
  }
  return { seq: stored.seq, at: stored.at, type: stored.type, payload };
}

export function campaignEvents(db: SqliteDatabase, id: string, afterSeq: number, limit: number): ApiEvent[] {
  return readEvents(db, id, afterSeq).slice(0, limit).map(toApiEvent);
}

export function lastEventSeq(db: SqliteDatabase, id: string): number {
  const row = db.prepare('SELECT COALESCE(MAX(seq), 0) AS last FROM campaign_events WHERE campaign_id = ?').get(id) as { last: number };
  return row.last;
}

export function requireCampaign(db: SqliteDatabase, id: string): void {
  if (!getCampaignRecord(db, id)) throw notFound(`no campaign '${id}'`);
}

export type ApiCampaignSummary = CampaignSummary & { active: boolean; timing: CampaignTiming };

/** The campaign's summary as the API gives it: whether this server runs it, and its timing. */
export function apiSummary(db: SqliteDatabase, id: string, active: boolean): ApiCampaignSummary {
  return { ...summarizeCampaign(db, id), active, timing: campaignTiming(timingEvents(db, id)) };
}

/** What the timing needs of each event: its time, type and proposal, without parsing the payloads (planner snapshots are large). */
function timingEvents(db: SqliteDatabase, id: string): { at: string; type: string; payload: { proposalId?: string } }[] {
  const rows = db.prepare(`SELECT at, type, CASE WHEN type IN ('started', 'measured', 'failed', 'interrupted') THEN json_extract(payload_json, '$.proposalId') END AS proposalId
    FROM campaign_events WHERE campaign_id = ? ORDER BY seq`).all(id) as { at: string; type: string; proposalId: string | null }[];
  return rows.map((row) => ({ at: row.at, type: row.type, payload: row.proposalId === null ? {} : { proposalId: row.proposalId } }));
}

export interface CampaignDetail {
  summary: ApiCampaignSummary;
  spec: CampaignSpec;
  state: {
    status: CampaignSummary['status'];
    statusReason?: string;
    proposals: ProposalState[];
    syringeLevelsUl?: Record<string, number>;
    lastModel?: unknown;
    studyResult?: unknown;
    lastSeq: number;
  };
}

export function campaignDetail(db: SqliteDatabase, id: string, active: boolean): CampaignDetail {
  requireCampaign(db, id);
  const { spec, state } = loadCampaignState(db, id);
  return {
    summary: apiSummary(db, id, active),
    spec,
    state: {
      status: state.status,
      statusReason: state.statusReason,
      proposals: state.proposals,
      syringeLevelsUl: state.syringeLevelsUl,
      lastModel: state.lastModel,
      studyResult: state.studyResult,
      lastSeq: state.lastSeq,
    },
  };
}
