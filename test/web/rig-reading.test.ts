import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDuration } from '../../src/web/format.js';
import { RIG_STALE_AFTER_S, rigReadingNote } from '../../src/web/rig-reading.js';

describe('rig reading age', () => {
  const atMs = new Date(2026, 0, 1, 23, 59, 50).getTime();

  it('gives the time and age of a live reading, and calls it stale once readings stop coming', () => {
    expect(rigReadingNote({ atMs, final: false }, atMs + 2000, true)).toEqual({ text: 'read 2 s ago (2026-01-01 23:59:50)', stale: false });
    const late = rigReadingNote({ atMs, final: false }, atMs + (RIG_STALE_AFTER_S + 7) * 1000, true);
    expect(late.stale).toBe(true);
    expect(late.text).toBe('No reading for 12 s (last 2026-01-01 23:59:50): this may no longer be the rig\'s state.');
  });

  it('says which reading is shown after a run: the one taken once the rig was made safe', () => {
    const note = rigReadingNote({ atMs, final: true }, atMs + 3 * 3600_000 + 60_000, false);
    expect(note.stale).toBe(true);
    expect(note.text).toBe('Last reading, taken when the run ended and the rig was made safe (2026-01-01 23:59:50, 3 h 1 min ago). Nothing is read while no run is active here.');
    // A reading that is not the run's last one (the server stopped streaming it) is not passed off as the rig now.
    expect(rigReadingNote({ atMs, final: false }, atMs + 1000, false).text).toMatch(/^Last reading \(2026-01-01 23:59:50, 1 s ago\): the campaign is not running in this server/);
  });

  it('writes dates with the day (an overnight log spans midnight) and spans in the largest units that matter', () => {
    expect(formatDateTime(new Date(2026, 0, 2, 0, 0, 7).getTime())).toBe('2026-01-02 00:00:07');
    expect(formatDateTime('not a time')).toBe('not a time');
    expect([0, 59.6, 60, 125, 3600, 7260, 86_400, 93_600, -5].map(formatDuration)).toEqual(['0 s', '1 min', '1 min', '2 min 5 s', '1 h', '2 h 1 min', '1 d', '1 d 2 h', '0 s']);
    expect(formatDuration(Number.NaN)).toBe('–');
  });
});
