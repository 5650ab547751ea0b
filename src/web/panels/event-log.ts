/// <reference lib="dom" />
// The campaign's event log, newest first, deduplicated by sequence number.
import type { CampaignEventMessage } from '../api-schemas.js';
import { h } from '../dom.js';
import { describeEvent, formatClock } from '../format.js';

const MAX_SHOWN = 300;

export class EventLog {
  readonly element: HTMLElement;
  private readonly list = h('ol', { class: 'events', 'data-testid': 'event-log', reversed: true });
  private readonly empty = h('p', { class: 'empty' }, 'No events yet.');
  lastSeq = 0;

  constructor() {
    this.element = h('section', { class: 'panel event-panel span2' }, h('h2', {}, 'Event log'), this.empty, this.list);
  }

  /** Adds events it has not seen; returns those that were new. */
  add(events: readonly CampaignEventMessage[]): CampaignEventMessage[] {
    const fresh = events.filter((e) => e.seq > this.lastSeq).sort((a, b) => a.seq - b.seq);
    for (const event of fresh) {
      this.lastSeq = event.seq;
      this.list.prepend(h('li', { class: `event event-${event.type}`, 'data-seq': event.seq },
        h('span', { class: 'time' }, formatClock(event.at)), h('span', { class: 'type' }, event.type), h('span', { class: 'text' }, describeEvent(event))));
    }
    while (this.list.childElementCount > MAX_SHOWN) this.list.lastElementChild?.remove();
    this.empty.hidden = this.lastSeq > 0;
    return fresh;
  }
}
