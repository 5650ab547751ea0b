/// <reference lib="dom" />
// Top of the live view: the campaign's name, the state of the live stream, the latest error,
// the campaign's stats, and the control bar under them.
import type { CampaignSummary } from '../api-schemas.js';
import { h, replaceChildren } from '../dom.js';
import { describeTestR2 } from '../../domain/twin-quality.js';
import { formatProgress, formatValue } from '../format.js';
import type { SocketState } from '../live-socket.js';
import { statusBadge } from '../status-badge.js';
import { stat, type Panel } from './panel.js';

export class CampaignHeader implements Panel {
  readonly element: HTMLElement;
  private readonly title: HTMLElement;
  private readonly streamBadge = h('span', { class: 'badge live-connecting', 'data-testid': 'live-state' }, 'connecting');
  private readonly errorLine = h('p', { class: 'error', hidden: true, 'data-testid': 'view-error' });
  private readonly stats = h('div', { class: 'stats', 'data-testid': 'campaign-head' }, h('p', { class: 'empty' }, 'Loading campaign…'));

  constructor(private readonly campaignId: string, controls: HTMLElement) {
    this.title = h('h2', {}, campaignId);
    this.element = h('section', { class: 'panel head-panel' },
      h('div', { class: 'panel-head' }, h('div', {}, h('a', { href: '#/' }, '← campaigns'), this.title), this.streamBadge),
      this.errorLine,
      this.stats,
      controls,
    );
  }

  update(summary: CampaignSummary): void {
    this.title.textContent = summary.name;
    replaceChildren(this.stats,
      stat('status', statusBadge(summary.status, summary.controlRequested, summary.statusReason), 'campaign-status'),
      stat('kind / policy', `${summary.kind}${summary.policy ? ` / ${summary.policy}` : ''}`),
      stat('measured / planned', formatProgress(summary.measured, summary.failed, summary.planned), 'campaign-progress'),
      stat('best', summary.best ? `${formatValue(summary.best.value)} @ iteration ${summary.best.iteration}` : '–'),
      stat('twin test R²', describeTestR2(summary.twin), 'twin-r2'),
      stat('id', this.campaignId),
      summary.statusReason ? stat('reason', summary.statusReason) : null,
    );
  }

  showStream(state: SocketState, detail?: string): void {
    this.streamBadge.className = `badge live-${state}`;
    this.streamBadge.textContent = state === 'open' ? 'live' : state === 'connecting' ? 'connecting' : `reconnecting${detail ? ` (${detail})` : ''}`;
  }

  /** The latest problem (a request refused, the run stopped), or null to clear it. */
  showError(message: string | null): void {
    this.errorLine.hidden = message === null;
    this.errorLine.textContent = message ?? '';
  }

  dispose(): void {}
}
