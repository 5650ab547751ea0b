// Keeps one campaign's data current and hands it on: the live stream (events, rig readings,
// run state), one debounced refetch of the campaign when an event changes it, its experiments
// and the newest spectra only when those changed, and polling as a safety net. No DOM: the
// live view wires what it hands on to the panels.
import type { z } from 'zod';
import { api, campaignPath } from '../api.js';
import {
  campaignDetailSchema,
  eventListSchema,
  experimentListSchema,
  experimentSpectraSchema,
  type CampaignDetail,
  type CampaignEventMessage,
  type Experiment,
  type LiveMessage,
  type Proposal,
  type RigReadingMessage,
} from '../api-schemas.js';
import { eventChangesSnapshot } from '../format.js';
import { iterationByExperiment, newestMeasuredExperimentId, newestMeasuredStoredId, type NewestSpectra } from '../live-data.js';
import { LiveSocket, type LiveSocketHandlers, type SocketState } from '../live-socket.js';
import { EventCursor } from './event-cursor.js';
import { SingleFlight } from './single-flight.js';

/** Without a live stream the feed polls; with one it still checks now and then. */
export const POLL_WITHOUT_STREAM_MS = 3000;
export const POLL_WITH_STREAM_MS = 20_000;
const POLL_CHECK_MS = 1000;
/** Events come in bursts (measured, proposed, started): one refetch serves the whole burst. */
export const REFETCH_DELAY_MS = 150;

export interface CampaignFeedListener {
  /** Awaited: the feed fetches nothing else for the campaign until the listener is done. */
  detail(detail: CampaignDetail): Promise<void>;
  experiments(experiments: Experiment[], proposals: Proposal[]): Promise<void>;
  spectra(newest: NewestSpectra): Promise<void>;
  /** Events not handed on before, in log order. */
  events(fresh: CampaignEventMessage[]): void;
  /** A rig reading with when the server took it (the live one, or the last one of a finished run). */
  rig(reading: RigReadingMessage): void;
  /** Whether this server runs the campaign now. */
  run(active: boolean): void;
  /** The error this server's last run of the campaign stopped with, or null (a run started, or ended without one). */
  runError(message: string | null): void;
  stream(state: SocketState, detail: string | undefined): void;
  /** A request that failed, or null once the campaign could be fetched again (never a run's error). */
  error(message: string | null): void;
}

/** How the feed reaches the server; the browser's fetch and WebSocket unless a test swaps them. */
export interface FeedTransport {
  get<T>(path: string, schema: z.ZodType<T>): Promise<T>;
  openStream(path: string, handlers: LiveSocketHandlers): { close(): void };
}

export const browserTransport: FeedTransport = {
  get: api.get,
  openStream: (path, handlers) => new LiveSocket(path, handlers),
};

/** A study logs only at its end, so while one runs the feed polls as if it had no stream. */
export function pollIntervalMs(streamOpen: boolean, studyRunning: boolean): number {
  return streamOpen && !studyRunning ? POLL_WITH_STREAM_MS : POLL_WITHOUT_STREAM_MS;
}

export class CampaignFeed {
  private readonly base: string;
  private disposed = false;
  private stream: { close(): void } | null = null;
  private streamOpen = false;
  private studyRunning = false;
  private readonly cursor = new EventCursor();
  private readonly refetch = new SingleFlight(() => this.fetchOnce(), () => this.disposed);
  /** Log position at which the experiments were fetched last. */
  private experimentsSeq = -1;
  /** Studies store experiments without proposals: their newest measured one stands in. */
  private newestStored: number | null = null;
  private spectraFetched: number | null = null;
  private refetchTimer: ReturnType<typeof setTimeout> | undefined;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private lastPollMs = 0;

  constructor(campaignId: string, private readonly listener: CampaignFeedListener, private readonly transport: FeedTransport = browserTransport) {
    this.base = campaignPath(campaignId);
  }

  start(): void {
    this.stream = this.transport.openStream(`${this.base}/live`, {
      onMessage: (message) => this.onMessage(message),
      onState: (state, detail) => {
        this.streamOpen = state === 'open';
        this.listener.stream(state, detail);
      },
      // On every (re)connect: what was missed meanwhile.
      onOpen: () => this.catchUp(),
    });
    this.lastPollMs = Date.now();
    void this.refresh().then(() => this.backfillEvents());
    this.poll();
  }

  /** Refetches the campaign and what changed with it; settles when that is handed on. */
  refresh(): Promise<void> {
    return this.disposed ? Promise.resolve() : this.refetch.run();
  }

  dispose(): void {
    this.disposed = true;
    this.stream?.close();
    clearTimeout(this.pollTimer);
    clearTimeout(this.refetchTimer);
  }

  private catchUp(): void {
    void this.backfillEvents();
    void this.refresh();
  }

  private onMessage(message: LiveMessage): void {
    // A message can still arrive while the socket closes.
    if (this.disposed) return;
    if (message.type === 'event') {
      if (this.takeEvents([message.event])) this.scheduleRefresh();
    } else if (message.type === 'rig') {
      this.listener.rig(message);
    } else {
      this.listener.run(message.active);
      this.listener.runError(message.error ?? null);
      this.scheduleRefresh();
    }
  }

  /** Hands new events on; true if one of them changes the campaign. */
  private takeEvents(events: readonly CampaignEventMessage[]): boolean {
    const fresh = this.cursor.take(events);
    if (fresh.length > 0) this.listener.events(fresh);
    return fresh.some((e) => eventChangesSnapshot(e.type));
  }

  private scheduleRefresh(): void {
    clearTimeout(this.refetchTimer);
    this.refetchTimer = setTimeout(() => void this.refresh(), REFETCH_DELAY_MS);
  }

  private poll(): void {
    if (Date.now() - this.lastPollMs >= pollIntervalMs(this.streamOpen, this.studyRunning)) {
      this.lastPollMs = Date.now();
      this.catchUp();
    }
    this.pollTimer = setTimeout(() => this.poll(), POLL_CHECK_MS);
  }

  private async backfillEvents(): Promise<void> {
    try {
      const events = await this.transport.get(`${this.base}/events?after=${this.cursor.lastSeq}`, eventListSchema);
      if (!this.disposed && this.takeEvents(events)) void this.refresh();
    } catch (error) {
      if (!this.disposed) this.listener.error((error as Error).message);
    }
  }

  private async fetchOnce(): Promise<void> {
    try {
      const detail = await this.transport.get(this.base, campaignDetailSchema);
      if (this.disposed) return;
      this.listener.error(null);
      const { summary, state } = detail;
      this.studyRunning = summary.kind === 'study' && summary.active === true;
      await this.listener.detail(detail);
      // Studies store experiments without proposals, so the log position, not the count of
      // measured proposals, says when to look again; a running study logs nothing until its end.
      if (state.lastSeq !== this.experimentsSeq || this.studyRunning) {
        const experiments = await this.transport.get(`${this.base}/experiments`, experimentListSchema);
        if (this.disposed) return;
        await this.listener.experiments(experiments, state.proposals);
        this.newestStored = newestMeasuredStoredId(experiments);
        this.experimentsSeq = state.lastSeq;
      }
      const newest = newestMeasuredExperimentId(state.proposals) ?? this.newestStored;
      if (newest !== null && newest !== this.spectraFetched) {
        const spectra = await this.transport.get(`/api/experiments/${newest}/spectra`, experimentSpectraSchema);
        if (this.disposed) return;
        await this.listener.spectra({ experimentId: newest, iteration: iterationByExperiment(state.proposals).get(newest), spectra });
        this.spectraFetched = newest;
      }
    } catch (error) {
      if (!this.disposed) this.listener.error((error as Error).message);
    }
  }
}
