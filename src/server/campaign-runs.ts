// Campaigns this server process runs in the background. The rig a campaign opens is kept in
// hand (the deps' openRig is wrapped) so its state can be streamed about once a second. The
// runner closes the rig after putting it in the safe state; one last reading is taken then, so
// what the dashboard shows afterwards is the rig as it was left, and it is kept per campaign
// for clients that connect later. On shutdown every run is aborted (safe state) and awaited,
// so nothing keeps running unseen.
import type { FastifyBaseLogger } from 'fastify';
import type { CampaignDeps } from '../campaigns/deps.js';
import { runCampaign } from '../campaigns/run-campaign.js';
import type { Rig } from '../instruments/interfaces.js';
import { getCampaignRecord, requestControl } from '../store/campaigns.js';
import type { SqliteDatabase } from '../store/database.js';
import { conflict } from './http-errors.js';
import { liveLeaseProblem } from '../campaigns/campaign-lease.js';
import type { LiveHub } from './live-hub.js';

interface ActiveRun {
  kind: string;
  rig?: Rig;
  /** The rig was closed (a study opens a new one for each part). */
  rigClosed: boolean;
  done: Promise<void>;
}

/** One reading of the rig's state and when it was taken. */
export interface RigReading {
  state: Record<string, unknown>;
  /** Wall-clock time of the reading (ISO 8601). */
  at: string;
  /** Taken as the rig was closed, after the run put it in the safe state: nothing is read after it. */
  final: boolean;
}

export interface CampaignRunsOptions {
  /** How often the rig state goes to live subscribers. */
  rigIntervalMs: number;
  /** How often a run looks for a pause or abort request. */
  controlPollMs: number;
}

/** The virtual lab (and any rig that offers it) reports its whole state for dashboards. */
export function rigStateOf(rig: Rig | undefined): Record<string, unknown> | undefined {
  const withState = rig as (Rig & { state?: () => Record<string, unknown> }) | undefined;
  return typeof withState?.state === 'function' ? withState.state() : undefined;
}

export class CampaignRuns {
  private readonly active = new Map<string, ActiveRun>();
  /** The last reading of each campaign's rig this process took (kept after its run ends, not across restarts). */
  private readonly lastReadings = new Map<string, RigReading>();
  /** Why the last run of a campaign here stopped with an error (cleared when it runs again). */
  private readonly runErrors = new Map<string, string>();
  private closing = false;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly deps: CampaignDeps,
    private readonly hub: LiveHub,
    private readonly log: FastifyBaseLogger,
    private readonly options: CampaignRunsOptions,
  ) {}

  isActive(id: string): boolean {
    return this.active.has(id);
  }

  get count(): number {
    return this.active.size;
  }

  /** Starts (or resumes) a campaign in the background; its events reach live subscribers at once. */
  start(id: string): void {
    if (this.closing) throw conflict('the server is shutting down');
    if (this.active.has(id)) throw conflict(`campaign '${id}' is already running in this server`);
    const record = getCampaignRecord(this.db, id);
    if (!record) throw new Error(`no campaign '${id}'`);
    // Another process (a CLI, another server) runs it: say so now rather than fail in the background.
    const busy = liveLeaseProblem(this.db, id, Date.now());
    if (busy) throw conflict(busy);
    const run: ActiveRun = { kind: record.kind, rigClosed: false, done: Promise.resolve() };
    const deps: CampaignDeps = {
      ...this.deps,
      openRig: async (config, geometry) => {
        const rig = await this.deps.openRig(config, geometry);
        run.rig = rig;
        run.rigClosed = false;
        const close = rig.close.bind(rig);
        rig.close = async () => {
          // Every path that closes a rig puts it in the safe state first: read that state.
          this.publishRig(id, run, true);
          run.rigClosed = true;
          await close();
        };
        this.publishRig(id, run);
        return rig;
      },
    };
    const ticker = setInterval(() => this.publishRig(id, run), this.options.rigIntervalMs);
    ticker.unref();
    this.active.set(id, run);
    this.runErrors.delete(id);
    this.hub.broadcast(id, { type: 'run', active: true });
    let failure: string | undefined;
    const finished = (async () => {
      try {
        await runCampaign(this.db, id, deps, { onEvent: () => this.hub.flush(id), controlPollMs: this.options.controlPollMs });
      } catch (error) {
        failure = (error as Error).message;
        this.log.error({ err: error, campaignId: id }, 'campaign run failed');
      }
    })();
    run.done = finished.finally(() => {
      clearInterval(ticker);
      this.active.delete(id);
      if (failure !== undefined) this.runErrors.set(id, failure);
      this.hub.flush(id);
      this.hub.broadcast(id, { type: 'run', active: false, ...(failure !== undefined ? { error: failure } : {}) });
    });
  }

  /** The error the campaign's last run here stopped with, if it did (and has not run since). */
  runError(id: string): string | undefined {
    return this.runErrors.get(id);
  }

  /**
   * The rig now while this server runs the campaign on an open rig; otherwise the last reading
   * taken (the one after the safe state once a run has ended), or undefined if there is none.
   */
  rigReading(id: string): RigReading | undefined {
    const run = this.active.get(id);
    if (run && !run.rigClosed) return this.read(id, run, false) ?? this.lastReadings.get(id);
    return this.lastReadings.get(id);
  }

  /** Aborts every run and waits until each has put the rig in the safe state. */
  async stopAll(now: Date): Promise<void> {
    this.closing = true;
    const runs = [...this.active.entries()];
    for (const [id] of runs) {
      try {
        requestControl(this.db, id, 'abort', now);
      } catch (error) {
        this.log.error({ err: error, campaignId: id }, 'could not request an abort');
      }
    }
    await Promise.all(runs.map(([, run]) => run.done));
  }

  /** Broadcasts a reading; the final one is taken (and kept) even when nobody watches. */
  private publishRig(id: string, run: ActiveRun, final = false): void {
    if (run.rigClosed || (!final && !this.hub.hasSubscribers(id))) return;
    try {
      const reading = this.read(id, run, final);
      if (reading) this.hub.broadcast(id, { type: 'rig', ...reading });
    } catch (error) {
      this.log.warn({ err: error, campaignId: id }, 'reading the rig state failed');
    }
  }

  private read(id: string, run: ActiveRun, final: boolean): RigReading | undefined {
    const state = rigStateOf(run.rig);
    if (!state) return undefined;
    const reading: RigReading = { state, at: new Date().toISOString(), final };
    this.lastReadings.set(id, reading);
    return reading;
  }
}
