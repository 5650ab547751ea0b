// Fans a campaign's new log events out to its WebSocket and SSE subscribers. Events come from
// the database, in order and without gaps: a campaign run by this process flushes at once, and
// a poll picks up what other processes (the CLI on the same file) append.
import type { FastifyBaseLogger } from 'fastify';
import type { SqliteDatabase } from '../store/database.js';
import { readEvents } from '../store/campaigns.js';
import type { LiveMessage } from './api-schemas.js';
import { lastEventSeq, toApiEvent } from './campaign-views.js';

export interface LiveSubscriber {
  send(message: LiveMessage): void;
  /** Ends the connection (server shutting down). */
  end(): void;
}

interface Subscription {
  campaignId: string;
  lastSeq: number;
  subscriber: LiveSubscriber;
}

export class LiveHub {
  private readonly subscriptions = new Set<Subscription>();
  private readonly poll: NodeJS.Timeout;

  constructor(private readonly db: SqliteDatabase, private readonly log: FastifyBaseLogger, pollMs: number) {
    this.poll = setInterval(() => this.flushAll(), pollMs);
    this.poll.unref();
  }

  /** Sends the log after `afterSeq` (default: the end, so only new events), then every new event. */
  subscribe(campaignId: string, afterSeq: number | undefined, subscriber: LiveSubscriber): () => void {
    const subscription: Subscription = { campaignId, lastSeq: afterSeq ?? lastEventSeq(this.db, campaignId), subscriber };
    this.subscriptions.add(subscription);
    this.flush(campaignId);
    return () => {
      this.subscriptions.delete(subscription);
    };
  }

  hasSubscribers(campaignId: string): boolean {
    for (const s of this.subscriptions) if (s.campaignId === campaignId) return true;
    return false;
  }

  /** Delivers every event of the campaign its subscribers have not seen yet. Never throws. */
  flush(campaignId: string): void {
    const subscriptions = [...this.subscriptions].filter((s) => s.campaignId === campaignId);
    if (subscriptions.length === 0) return;
    try {
      const from = Math.min(...subscriptions.map((s) => s.lastSeq));
      const events = readEvents(this.db, campaignId, from).map(toApiEvent);
      for (const subscription of subscriptions) {
        for (const event of events) {
          if (event.seq <= subscription.lastSeq) continue;
          subscription.lastSeq = event.seq;
          this.deliver(subscription, { type: 'event', event } as LiveMessage);
        }
      }
    } catch (error) {
      this.log.error({ err: error, campaignId }, 'live events: reading the log failed');
    }
  }

  /** A message that is not a log event (rig state, run started or ended). */
  broadcast(campaignId: string, message: LiveMessage): void {
    for (const subscription of this.subscriptions) if (subscription.campaignId === campaignId) this.deliver(subscription, message);
  }

  close(): void {
    clearInterval(this.poll);
    for (const subscription of this.subscriptions) {
      try {
        subscription.subscriber.end();
      } catch (error) {
        this.log.warn({ err: error }, 'live events: closing a connection failed');
      }
    }
    this.subscriptions.clear();
  }

  private flushAll(): void {
    for (const campaignId of new Set([...this.subscriptions].map((s) => s.campaignId))) this.flush(campaignId);
  }

  private deliver(subscription: Subscription, message: LiveMessage): void {
    try {
      subscription.subscriber.send(message);
    } catch (error) {
      this.log.warn({ err: error, campaignId: subscription.campaignId }, 'live events: dropping a subscriber that failed');
      this.subscriptions.delete(subscription);
    }
  }
}
