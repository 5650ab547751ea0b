/// <reference lib="dom" />
import { h } from './dom.js';

/** Status with a pending control ("running, pause requested") and the reason as tooltip. */
export function statusBadge(status: string, controlRequested?: string | null, reason?: string | null): HTMLElement {
  const pending = controlRequested && status === 'running' ? `, ${controlRequested} requested` : '';
  return h('span', { class: `badge status-${status}`, 'data-status': status, title: reason ?? '' }, `${status}${pending}`);
}
