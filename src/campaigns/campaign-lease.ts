// One runner per campaign, across processes and machines sharing the database: the runner
// holds a lease (holder, heartbeat, expiry) from before it touches the log or the rig until
// it stops. A second runner is refused with who holds it; a holder that died stops renewing
// and its lease expires (at once when it was a process on this machine that is gone).
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { SqliteDatabase } from '../store/database.js';
import { getLease, releaseLease, renewLease, tryAcquireLease, type LeaseHolder, type LeaseRecord } from '../store/leases.js';

export const DEFAULT_LEASE_TTL_MS = 30_000;

export interface LeaseOptions {
  /** How long a lease lasts without a heartbeat. */
  ttlMs?: number;
  /** How often the holder renews it between steps (default a sixth of the TTL). */
  heartbeatMs?: number;
  /** Wall clock in ms (tests move it by hand). */
  nowMs?: () => number;
}

export class CampaignBusyError extends Error {
  constructor(readonly campaignId: string, readonly lease: LeaseRecord, nowMs: number) {
    const since = Math.max(0, Math.round((nowMs - lease.heartbeatAtMs) / 1000));
    const left = Math.max(0, Math.ceil((lease.expiresAtMs - nowMs) / 1000));
    super(`campaign ${campaignId} is already being run by process ${lease.pid} on ${lease.host} (last heartbeat ${since} s ago); `
      + `wait for it to stop, or if that process is gone its lease expires in ${left} s`);
    this.name = 'CampaignBusyError';
  }
}

export class LeaseLostError extends Error {
  constructor(readonly campaignId: string) {
    super(`campaign ${campaignId}: this runner's lease expired and another runner took the campaign over; stopping`);
    this.name = 'LeaseLostError';
  }
}

export interface CampaignLease {
  readonly holder: LeaseHolder;
  /** Renews now; throws LeaseLostError when another runner has taken over. */
  renew(): void;
  release(): void;
}

function processIsGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Why the campaign cannot be run now (a live lease held elsewhere), or undefined. */
export function liveLeaseProblem(db: SqliteDatabase, campaignId: string, nowMs: number): string | undefined {
  const lease = getLease(db, campaignId);
  if (!lease || lease.expiresAtMs <= nowMs) return undefined;
  if (lease.host === hostname() && lease.pid !== process.pid && processIsGone(lease.pid)) return undefined;
  return new CampaignBusyError(campaignId, lease, nowMs).message;
}

export function acquireCampaignLease(db: SqliteDatabase, campaignId: string, options: LeaseOptions = {}): CampaignLease {
  const ttlMs = options.ttlMs ?? DEFAULT_LEASE_TTL_MS;
  const nowMs = options.nowMs ?? Date.now;
  const host = hostname();
  const holder: LeaseHolder = { id: `${host}:${process.pid}:${randomBytes(4).toString('hex')}`, host, pid: process.pid };
  const deadHere = (lease: LeaseRecord) => lease.host === host && lease.pid !== process.pid && processIsGone(lease.pid);
  const result = tryAcquireLease(db, campaignId, holder, ttlMs, nowMs(), deadHere);
  if (!result.acquired) throw new CampaignBusyError(campaignId, result.current, nowMs());

  let lost = false;
  const renew = () => {
    if (lost) throw new LeaseLostError(campaignId);
    if (!renewLease(db, campaignId, holder.id, ttlMs, nowMs())) {
      lost = true;
      throw new LeaseLostError(campaignId);
    }
  };
  // Between steps (a long fit, a slow instrument) a timer keeps the lease alive.
  const timer = setInterval(() => {
    try {
      renew();
    } catch {
      // Seen by the runner at its next step.
    }
  }, options.heartbeatMs ?? ttlMs / 6);
  timer.unref();
  return {
    holder,
    renew,
    release() {
      clearInterval(timer);
      if (!lost) releaseLease(db, campaignId, holder.id);
    },
  };
}
