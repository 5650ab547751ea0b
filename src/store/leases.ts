// Leases: at most one process runs a campaign. A runner takes the lease before it touches the
// rig, renews it while it works and gives it back when it stops. A lease whose holder stopped
// renewing (killed, machine gone) expires; one held by a dead process on this machine is
// taken over at once. Times are wall-clock milliseconds.
import type { SqliteDatabase } from './database.js';

export interface LeaseHolder {
  /** Unique per runner: host, process and a random part. */
  id: string;
  host: string;
  pid: number;
}

export interface LeaseRecord {
  campaignId: string;
  holder: string;
  host: string;
  pid: number;
  acquiredAtMs: number;
  heartbeatAtMs: number;
  expiresAtMs: number;
}

interface LeaseRow {
  campaign_id: string;
  holder: string;
  host: string;
  pid: number;
  acquired_at_ms: number;
  heartbeat_at_ms: number;
  expires_at_ms: number;
}

function fromRow(row: LeaseRow): LeaseRecord {
  return {
    campaignId: row.campaign_id, holder: row.holder, host: row.host, pid: row.pid,
    acquiredAtMs: row.acquired_at_ms, heartbeatAtMs: row.heartbeat_at_ms, expiresAtMs: row.expires_at_ms,
  };
}

export function getLease(db: SqliteDatabase, campaignId: string): LeaseRecord | undefined {
  const row = db.prepare('SELECT * FROM campaign_leases WHERE campaign_id = ?').get(campaignId) as LeaseRow | undefined;
  return row ? fromRow(row) : undefined;
}

export type AcquireResult = { acquired: true } | { acquired: false; current: LeaseRecord };

/**
 * Takes the lease unless another holder has a live one. `isStale` may declare a live-looking
 * lease dead (its process is gone). One IMMEDIATE transaction, so two runners cannot both win.
 */
export function tryAcquireLease(db: SqliteDatabase, campaignId: string, holder: LeaseHolder, ttlMs: number, nowMs: number, isStale: (lease: LeaseRecord) => boolean = () => false): AcquireResult {
  return db.transaction((): AcquireResult => {
    const current = getLease(db, campaignId);
    if (current && current.holder !== holder.id && current.expiresAtMs > nowMs && !isStale(current)) return { acquired: false, current };
    db.prepare(`INSERT INTO campaign_leases (campaign_id, holder, host, pid, acquired_at_ms, heartbeat_at_ms, expires_at_ms)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (campaign_id) DO UPDATE SET holder = excluded.holder, host = excluded.host, pid = excluded.pid,
        acquired_at_ms = excluded.acquired_at_ms, heartbeat_at_ms = excluded.heartbeat_at_ms, expires_at_ms = excluded.expires_at_ms`)
      .run(campaignId, holder.id, holder.host, holder.pid, nowMs, nowMs, nowMs + ttlMs);
    return { acquired: true };
  }).immediate();
}

/** Extends the lease; false when it is no longer this holder's (it expired and someone took it). */
export function renewLease(db: SqliteDatabase, campaignId: string, holderId: string, ttlMs: number, nowMs: number): boolean {
  const result = db.prepare('UPDATE campaign_leases SET heartbeat_at_ms = ?, expires_at_ms = ? WHERE campaign_id = ? AND holder = ?')
    .run(nowMs, nowMs + ttlMs, campaignId, holderId);
  return result.changes === 1;
}

export function releaseLease(db: SqliteDatabase, campaignId: string, holderId: string): void {
  db.prepare('DELETE FROM campaign_leases WHERE campaign_id = ? AND holder = ?').run(campaignId, holderId);
}
