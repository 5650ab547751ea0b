// The live view's data feed against a scripted server: what it fetches when, what it hands
// on, and how often it polls. Replies go through the dashboard's real schemas.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CampaignEventMessage, Proposal } from '../../src/web/api-schemas.js';
import { CampaignFeed, POLL_WITH_STREAM_MS, POLL_WITHOUT_STREAM_MS, REFETCH_DELAY_MS, type CampaignFeedListener, type FeedTransport } from '../../src/web/feed/campaign-feed.js';
import type { NewestSpectra } from '../../src/web/live-data.js';
import type { LiveSocketHandlers } from '../../src/web/live-socket.js';

const BASE = '/api/campaigns/c-1';

function proposal(id: string, status: Proposal['status'], experimentId?: number): Proposal {
  return { proposalId: id, condition: {}, reason: 'initial-design', status, experimentId, value: status === 'measured' ? 1 : undefined };
}

/** A server whose replies the test changes as the campaign goes on. */
class ScriptedServer {
  kind = 'exploration';
  active = true;
  lastSeq = 3;
  proposals: Proposal[] = [proposal('p1', 'measured', 11), proposal('p2', 'failed', 12), proposal('p3', 'measured', 13)];
  experiments: { id: number; status: 'measured' | 'failed' }[] = [];
  events: CampaignEventMessage[] = [];
  failing: string | null = null;
  requests: string[] = [];
  stream: LiveSocketHandlers | null = null;
  streamClosed = false;

  readonly transport: FeedTransport = {
    get: async (path, schema) => {
      this.requests.push(path);
      if (this.failing) throw new Error(this.failing);
      return schema.parse(this.reply(path));
    },
    openStream: (path, handlers) => {
      expect(path).toBe(`${BASE}/live`);
      this.stream = handlers;
      return { close: () => { this.streamClosed = true; } };
    },
  };

  private reply(path: string): unknown {
    if (path === BASE) {
      return {
        summary: { id: 'c-1', name: 'c', kind: this.kind, policy: 'mv', status: 'running', planned: 6, measured: 2, failed: 1, best: null, twin: null, active: this.active },
        spec: { kind: this.kind },
        state: { status: 'running', proposals: this.proposals, lastSeq: this.lastSeq },
      };
    }
    if (path === `${BASE}/experiments`) return this.experiments.map((e) => ({ ...e, condition: {}, features: null }));
    const after = /events\?after=(\d+)$/.exec(path);
    if (after) return this.events.filter((e) => e.seq > Number(after[1]));
    const spectra = /^\/api\/experiments\/(\d+)\/spectra$/.exec(path);
    if (spectra) return { experimentId: Number(spectra[1]), processed: null, features: null };
    throw new Error(`unexpected request ${path}`);
  }

  count(path: string): number {
    return this.requests.filter((r) => r === path).length;
  }

  /** What LiveSocket does when the stream opens. */
  open(): void {
    this.stream?.onState('open');
    this.stream?.onOpen();
  }
}

function recordingListener() {
  const seen = { details: 0, experiments: [] as number[][], spectra: [] as NewestSpectra[], events: [] as number[][], runs: [] as boolean[], errors: [] as (string | null)[], runErrors: [] as (string | null)[], streams: [] as string[] };
  const listener: CampaignFeedListener = {
    detail: async () => { seen.details += 1; },
    experiments: async (experiments) => { seen.experiments.push(experiments.map((e) => e.id)); },
    spectra: async (newest) => { seen.spectra.push(newest); },
    events: (fresh) => seen.events.push(fresh.map((e) => e.seq)),
    rig: () => undefined,
    run: (active) => seen.runs.push(active),
    runError: (message) => seen.runErrors.push(message),
    stream: (state) => seen.streams.push(state),
    error: (message) => seen.errors.push(message),
  };
  return { seen, listener };
}

const event = (seq: number, type: string): CampaignEventMessage => ({ seq, at: '2026-01-01T00:00:00Z', type, payload: {} });
const flush = () => vi.advanceTimersByTimeAsync(0);

describe('campaign feed', () => {
  let server: ScriptedServer;
  let seen: ReturnType<typeof recordingListener>['seen'];
  let feed: CampaignFeed;

  beforeEach(() => {
    vi.useFakeTimers();
    server = new ScriptedServer();
    const recording = recordingListener();
    seen = recording.seen;
    feed = new CampaignFeed('c-1', recording.listener, server.transport);
  });
  afterEach(() => {
    feed.dispose();
    vi.useRealTimers();
  });

  it('fetches the experiments and the newest spectra only when the campaign changed', async () => {
    feed.start();
    await flush();
    expect(server.requests).toEqual([BASE, `${BASE}/experiments`, '/api/experiments/13/spectra', `${BASE}/events?after=0`]);
    expect(seen.spectra.map((s) => [s.experimentId, s.iteration])).toEqual([[13, 3]]);

    await feed.refresh();
    expect(server.requests.slice(4)).toEqual([BASE]);

    server.lastSeq = 5;
    server.proposals = [...server.proposals, proposal('p4', 'measured', 14)];
    await feed.refresh();
    expect(server.requests.slice(5)).toEqual([BASE, `${BASE}/experiments`, '/api/experiments/14/spectra']);
    expect(seen.spectra.map((s) => [s.experimentId, s.iteration])).toEqual([[13, 3], [14, 4]]);
  });

  it('refetches a running study\'s experiments each time and shows its newest stored one', async () => {
    server.kind = 'study';
    server.proposals = [];
    server.experiments = [{ id: 21, status: 'measured' }, { id: 22, status: 'failed' }];
    feed.start();
    await flush();
    await feed.refresh();
    expect(server.count(`${BASE}/experiments`)).toBe(2);
    expect(seen.spectra.map((s) => [s.experimentId, s.iteration])).toEqual([[21, undefined]]);
    expect(server.count('/api/experiments/21/spectra')).toBe(1);
  });

  it('hands each event on once and refetches once for a burst of changing events', async () => {
    feed.start();
    server.open();
    await flush();
    const detailsBefore = server.count(BASE);
    server.stream?.onMessage({ type: 'event', event: event(4, 'measured') });
    server.stream?.onMessage({ type: 'event', event: event(5, 'proposed') });
    server.stream?.onMessage({ type: 'event', event: event(4, 'measured') });
    expect(seen.events).toEqual([[4], [5]]);
    await vi.advanceTimersByTimeAsync(REFETCH_DELAY_MS);
    expect(server.count(BASE)).toBe(detailsBefore + 1);

    // A reconnect asks for what came after the last event it has.
    server.events = [event(5, 'proposed'), event(6, 'started')];
    server.open();
    await flush();
    expect(server.requests).toContain(`${BASE}/events?after=5`);
    expect(seen.events.at(-1)).toEqual([6]);
  });

  it('passes the run state on and reports a run\'s error apart from request errors, until a run starts again', async () => {
    feed.start();
    await flush();
    server.stream?.onMessage({ type: 'run', active: false, error: 'pump stalled' });
    expect(seen.runs).toEqual([false]);
    expect(seen.runErrors).toEqual(['pump stalled']);
    // The refetch that follows succeeds: it clears request errors only, so the run's error stays.
    await vi.advanceTimersByTimeAsync(REFETCH_DELAY_MS + 10);
    expect(seen.errors.at(-1)).toBeNull();
    expect(seen.errors).not.toContain('pump stalled');
    expect(seen.runErrors.at(-1)).toBe('pump stalled');
    server.stream?.onMessage({ type: 'run', active: true });
    expect(seen.runErrors.at(-1)).toBeNull();
  });

  it('reports a failed request and clears it once the campaign can be fetched again', async () => {
    server.failing = '503 busy';
    feed.start();
    await flush();
    expect(seen.errors).toContain('503 busy');
    server.failing = null;
    await feed.refresh();
    expect(seen.errors.at(-1)).toBeNull();
  });

  it(`polls every ${POLL_WITHOUT_STREAM_MS / 1000} s without a stream and every ${POLL_WITH_STREAM_MS / 1000} s with one`, async () => {
    feed.start();
    await flush();
    await vi.advanceTimersByTimeAsync(POLL_WITHOUT_STREAM_MS);
    expect(server.count(BASE)).toBe(2);

    server.open();
    await flush();
    const afterOpen = server.count(BASE);
    await vi.advanceTimersByTimeAsync(POLL_WITH_STREAM_MS - 2000);
    expect(server.count(BASE)).toBe(afterOpen);
    await vi.advanceTimersByTimeAsync(2000);
    expect(server.count(BASE)).toBe(afterOpen + 1);
  });

  it('keeps polling a running study as if it had no stream (it logs only at its end)', async () => {
    server.kind = 'study';
    server.proposals = [];
    feed.start();
    server.open();
    await flush();
    const before = server.count(BASE);
    await vi.advanceTimersByTimeAsync(POLL_WITHOUT_STREAM_MS);
    expect(server.count(BASE)).toBe(before + 1);
  });

  it('closes the stream and fetches nothing once disposed', async () => {
    feed.start();
    await flush();
    feed.dispose();
    const requests = server.requests.length;
    server.stream?.onMessage({ type: 'event', event: event(9, 'measured') });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.streamClosed).toBe(true);
    expect(server.requests).toHaveLength(requests);
  });
});
