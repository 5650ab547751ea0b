// An abort requested from any process (a row in campaign_controls) becomes an AbortSignal
// for the experiment running in this one.
import type { SqliteDatabase } from '../store/database.js';
import { pendingControl } from '../store/campaigns.js';

export interface AbortWatch {
  signal: AbortSignal;
  /** Looks now; on a simulated clock the work never yields to timers, so steps call this. */
  check(): void;
  stop(): void;
}

export function watchForAbort(db: SqliteDatabase, campaignId: string, intervalMs = 250): AbortWatch {
  const controller = new AbortController();
  const check = () => {
    if (!controller.signal.aborted && pendingControl(db, campaignId) === 'abort') controller.abort();
  };
  const timer = setInterval(check, intervalMs);
  timer.unref();
  return { signal: controller.signal, check, stop: () => clearInterval(timer) };
}
