// Campaigns as append-only event logs. A campaign's state is what its log says; appending
// is the only write, and each append is one transaction.
import type { SqliteDatabase } from './database.js';

export interface CampaignRecord {
  id: string;
  name: string;
  kind: string;
  spec: unknown;
  createdAt: string;
}

export interface StoredEvent {
  campaignId: string;
  seq: number;
  type: string;
  at: string;
  payload: unknown;
}

export function createCampaignRecord(db: SqliteDatabase, record: CampaignRecord): void {
  db.prepare('INSERT INTO campaigns (id, name, kind, spec_json, created_at) VALUES (?, ?, ?, ?, ?)')
    .run(record.id, record.name, record.kind, JSON.stringify(record.spec), record.createdAt);
}

interface CampaignRow { id: string; name: string; kind: string; spec_json: string; created_at: string }

function campaignFromRow(row: CampaignRow): CampaignRecord {
  return { id: row.id, name: row.name, kind: row.kind, spec: JSON.parse(row.spec_json), createdAt: row.created_at };
}

export function getCampaignRecord(db: SqliteDatabase, id: string): CampaignRecord | undefined {
  const row = db.prepare('SELECT * FROM campaigns WHERE id = ?').get(id) as CampaignRow | undefined;
  return row ? campaignFromRow(row) : undefined;
}

export function listCampaignRecords(db: SqliteDatabase): CampaignRecord[] {
  return (db.prepare('SELECT * FROM campaigns ORDER BY created_at, id').all() as CampaignRow[]).map(campaignFromRow);
}

/** Appends one event with the next sequence number; returns it. */
export function appendEvent(db: SqliteDatabase, campaignId: string, type: string, payload: unknown, at: Date): StoredEvent {
  return db.transaction(() => {
    const { next } = db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM campaign_events WHERE campaign_id = ?').get(campaignId) as { next: number };
    const json = JSON.stringify(payload);
    db.prepare('INSERT INTO campaign_events (campaign_id, seq, type, at, payload_json) VALUES (?, ?, ?, ?, ?)')
      .run(campaignId, next, type, at.toISOString(), json);
    // Hand back what was stored (NaN is null in JSON), so readers now and after a restart see the same event.
    return { campaignId, seq: next, type, at: at.toISOString(), payload: JSON.parse(json) };
  })();
}

interface EventRow { campaign_id: string; seq: number; type: string; at: string; payload_json: string }

export function readEvents(db: SqliteDatabase, campaignId: string, afterSeq = 0): StoredEvent[] {
  const rows = db.prepare('SELECT * FROM campaign_events WHERE campaign_id = ? AND seq > ? ORDER BY seq').all(campaignId, afterSeq) as EventRow[];
  return rows.map((row) => ({ campaignId: row.campaign_id, seq: row.seq, type: row.type, at: row.at, payload: JSON.parse(row.payload_json) }));
}

export type ControlRequest = 'pause' | 'abort';

export function requestControl(db: SqliteDatabase, campaignId: string, request: ControlRequest, at: Date): void {
  db.prepare(`INSERT INTO campaign_controls (campaign_id, request, at) VALUES (?, ?, ?)
    ON CONFLICT (campaign_id) DO UPDATE SET request = CASE WHEN campaign_controls.request = 'abort' THEN 'abort' ELSE excluded.request END, at = excluded.at`)
    .run(campaignId, request, at.toISOString());
}

export function pendingControl(db: SqliteDatabase, campaignId: string): ControlRequest | undefined {
  const row = db.prepare('SELECT request FROM campaign_controls WHERE campaign_id = ?').get(campaignId) as { request: ControlRequest } | undefined;
  return row?.request;
}

export function clearControl(db: SqliteDatabase, campaignId: string): void {
  db.prepare('DELETE FROM campaign_controls WHERE campaign_id = ?').run(campaignId);
}
