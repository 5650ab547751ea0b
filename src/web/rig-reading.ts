// What the rig panel says about its reading: when it was taken, how old it is, and whether it
// can still be trusted as the rig's state now (pure, tested under Node).
import { formatDateTime, formatDuration } from './format.js';

/** Readings come about once a second while a run is active; older than this they are stale. */
export const RIG_STALE_AFTER_S = 5;

export interface RigReadingTime {
  /** When the reading was taken (epoch ms). */
  atMs: number;
  /** The last reading of a run, taken after the rig was put in its safe state. */
  final: boolean;
}

export interface RigReadingNote {
  text: string;
  stale: boolean;
}

/**
 * "read 2 s ago (2026-01-01 23:41:07)" while readings keep coming; once they stop, which
 * reading is shown and why nothing newer comes. `active`: this server runs the campaign.
 */
export function rigReadingNote(reading: RigReadingTime, nowMs: number, active: boolean): RigReadingNote {
  const ageS = Math.max(0, (nowMs - reading.atMs) / 1000);
  const when = `${formatDateTime(reading.atMs)}, ${formatDuration(ageS)} ago`;
  if (reading.final && !active) {
    return { text: `Last reading, taken when the run ended and the rig was made safe (${when}). Nothing is read while no run is active here.`, stale: true };
  }
  if (!active) return { text: `Last reading (${when}): the campaign is not running in this server, so this may no longer be the rig's state.`, stale: true };
  const stale = ageS > RIG_STALE_AFTER_S;
  return { text: stale ? `No reading for ${formatDuration(ageS)} (last ${formatDateTime(reading.atMs)}): this may no longer be the rig's state.` : `read ${formatDuration(ageS)} ago (${formatDateTime(reading.atMs)})`, stale };
}
