// Reading and appending one campaign's log, keeping the folded state in step.
import type { SqliteDatabase } from '../store/database.js';
import { UnknownCampaignError } from './unknown-campaign.js';
import { appendEvent, getCampaignRecord, readEvents } from '../store/campaigns.js';
import { parseCampaignSpec, type CampaignSpec } from './campaign-spec.js';
import { foldCampaign, type CampaignState } from './campaign-state.js';
import { parseEvent, type CampaignEvent, type CampaignEventType, type EventPayload } from './events.js';

export class CampaignLog {
  private events: CampaignEvent[];
  state: CampaignState;

  constructor(
    private readonly db: SqliteDatabase,
    readonly campaignId: string,
    readonly spec: CampaignSpec,
    private readonly now: () => Date,
    private readonly onEvent?: (event: CampaignEvent) => void,
  ) {
    this.events = readEvents(db, campaignId).map(parseEvent);
    this.state = foldCampaign(this.events);
  }

  static open(db: SqliteDatabase, campaignId: string, now: () => Date, onEvent?: (event: CampaignEvent) => void): CampaignLog {
    const record = getCampaignRecord(db, campaignId);
    if (!record) throw new UnknownCampaignError(campaignId);
    return new CampaignLog(db, campaignId, parseCampaignSpec(record.spec), now, onEvent);
  }

  all(): readonly CampaignEvent[] {
    return this.events;
  }

  append<T extends CampaignEventType>(type: T, payload: EventPayload<T>): CampaignEvent {
    const stored = appendEvent(this.db, this.campaignId, type, payload, this.now());
    const event = parseEvent(stored);
    this.events.push(event);
    this.state = foldCampaign(this.events);
    this.onEvent?.(event);
    return event;
  }

  /** Appends several events in one transaction: all land or none; listeners hear of them once committed. */
  appendAll<T extends CampaignEventType>(type: T, payloads: readonly EventPayload<T>[]): CampaignEvent[] {
    const stored: ReturnType<typeof appendEvent>[] = [];
    this.db.transaction(() => {
      for (const payload of payloads) stored.push(appendEvent(this.db, this.campaignId, type, payload, this.now()));
    })();
    const events = stored.map(parseEvent);
    this.events.push(...events);
    this.state = foldCampaign(this.events);
    for (const event of events) this.onEvent?.(event);
    return events;
  }

  /** Runs `write` and the append in one transaction: both land or neither. */
  appendWith<T extends CampaignEventType, R>(type: T, write: () => R, payload: (written: R) => EventPayload<T>): { written: R; event: CampaignEvent } {
    let written!: R;
    let stored!: ReturnType<typeof appendEvent>;
    this.db.transaction(() => {
      written = write();
      stored = appendEvent(this.db, this.campaignId, type, payload(written), this.now());
    })();
    const event = parseEvent(stored);
    this.events.push(event);
    this.state = foldCampaign(this.events);
    this.onEvent?.(event);
    return { written, event };
  }
}
