// Position in a campaign's event log. The same event can come twice (over the stream and in a
// backfill after a reconnect); the cursor lets each through once, in log order.
export class EventCursor {
  /** Sequence number of the newest event taken; backfills ask for the events after it. */
  lastSeq = 0;

  take<E extends { seq: number }>(events: readonly E[]): E[] {
    const fresh: E[] = [];
    for (const event of [...events].sort((a, b) => a.seq - b.seq)) {
      if (event.seq <= this.lastSeq) continue;
      fresh.push(event);
      this.lastSeq = event.seq;
    }
    return fresh;
  }
}
