/// <reference lib="dom" />
// The campaign's event log, newest first, up to the last few hundred, each with its local date
// and time (an overnight log spans midnight).
import type { CampaignEventMessage } from '../api-schemas.js';
import { h } from '../dom.js';
import { describeEvent, formatDateTime } from '../format.js';
import type { Panel } from './panel.js';

const MAX_SHOWN = 300;

export class EventLog implements Panel {
  readonly element: HTMLElement;
  private readonly list = h('ol', { class: 'events', 'data-testid': 'event-log', reversed: true });
  private readonly empty = h('p', { class: 'empty' }, 'No events yet.');

  constructor() {
    this.element = h('section', { class: 'panel event-panel span2' }, h('h2', {}, 'Event log'), this.empty, this.list);
  }

  /** New events in log order (the feed lets each through once). */
  add(events: readonly CampaignEventMessage[]): void {
    for (const event of events) {
      this.list.prepend(h('li', { class: `event event-${event.type}`, 'data-seq': event.seq },
        h('time', { class: 'time', datetime: event.at }, formatDateTime(event.at)), h('span', { class: 'type' }, event.type), h('span', { class: 'text' }, describeEvent(event))));
    }
    while (this.list.childElementCount > MAX_SHOWN) this.list.lastElementChild?.remove();
    this.empty.hidden = this.list.childElementCount > 0;
  }

  dispose(): void {}
}
