/// <reference lib="dom" />
// Top of the live view: the campaign's name, the state of the live stream, what needs the
// operator's attention (an alert region that screen readers announce), the latest request
// error, the campaign's stats with its start, elapsed time and ETA, and the control bar.
import { describeTestR2 } from '../../domain/twin-quality.js';
import { campaignAlert, type CampaignAlert } from '../alert-state.js';
import type { CampaignSummary } from '../api-schemas.js';
import { h, replaceChildren } from '../dom.js';
import { formatProgress, formatValue } from '../format.js';
import type { SocketState } from '../live-socket.js';
import { statusBadge } from '../status-badge.js';
import { campaignClock } from '../timing.js';
import { stat, type Panel } from './panel.js';

/** Elapsed time and ETA are written again this often. */
const CLOCK_INTERVAL_MS = 1000;

export class CampaignHeader implements Panel {
  readonly element: HTMLElement;
  private readonly title: HTMLElement;
  private readonly streamBadge = h('span', { class: 'badge live-connecting', 'data-testid': 'live-state' }, 'connecting');
  /** Announced at once by screen readers; empty when nothing needs attention. */
  private readonly alertRegion = h('div', { class: 'alert', role: 'alert', 'aria-live': 'assertive', 'aria-atomic': 'true', 'data-testid': 'campaign-alert', hidden: true });
  /** Status changes, announced politely ("status: paused"). */
  private readonly statusRegion = h('p', { class: 'sr-only', role: 'status', 'aria-live': 'polite', 'data-testid': 'status-announcement' });
  private readonly errorLine = h('p', { class: 'error', hidden: true, 'data-testid': 'view-error' });
  private readonly stats = h('div', { class: 'stats', 'data-testid': 'campaign-head' }, h('p', { class: 'empty' }, 'Loading campaign…'));
  private readonly started = h('div', { class: 'stat-value', 'data-testid': 'campaign-started' }, '–');
  private readonly elapsed = h('div', { class: 'stat-value', 'data-testid': 'campaign-elapsed' }, '–');
  private readonly eta = h('div', { class: 'stat-value', 'data-testid': 'campaign-eta' }, '–');
  private readonly clockTimer: ReturnType<typeof setInterval>;
  private summary: CampaignSummary | null = null;
  private runError: string | null = null;
  private lostLinks: string[] = [];
  private shownAlert = '';
  private announcedStatus = '';

  constructor(private readonly campaignId: string, controls: HTMLElement) {
    this.title = h('h2', {}, campaignId);
    this.element = h('section', { class: 'panel head-panel' },
      h('div', { class: 'panel-head' }, h('div', { class: 'title-block' }, h('a', { href: '#/' }, '← campaigns'), this.title), this.streamBadge),
      this.alertRegion,
      this.statusRegion,
      this.errorLine,
      this.stats,
      h('div', { class: 'stats clock' },
        h('div', { class: 'stat' }, h('div', { class: 'stat-label' }, 'started'), this.started),
        h('div', { class: 'stat' }, h('div', { class: 'stat-label' }, 'elapsed'), this.elapsed),
        h('div', { class: 'stat' }, h('div', { class: 'stat-label' }, 'ETA'), this.eta)),
      controls,
    );
    this.clockTimer = setInterval(() => this.renderClock(), CLOCK_INTERVAL_MS);
  }

  update(summary: CampaignSummary): void {
    this.summary = summary;
    this.title.textContent = summary.name;
    replaceChildren(this.stats,
      stat('status', statusBadge(summary.status, summary.controlRequested, summary.statusReason), 'campaign-status'),
      stat('kind / policy', `${summary.kind}${summary.policy ? ` / ${summary.policy}` : ''}`),
      stat('measured / planned', formatProgress(summary.measured, summary.failed, summary.planned), 'campaign-progress'),
      stat('best', summary.best ? `${formatValue(summary.best.value)} @ iteration ${summary.best.iteration}` : '–'),
      stat('twin test R²', describeTestR2(summary.twin), 'twin-r2'),
      stat('id', this.campaignId),
      // A reason the alert region already gives (a fault, low stocks) is not repeated.
      summary.statusReason && !(summary.status === 'paused' && campaignAlert({ ...summary, runError: null })) ? stat('reason', summary.statusReason) : null,
    );
    const status = `Campaign ${summary.status}${summary.statusReason ? `: ${summary.statusReason}` : ''}`;
    if (status !== this.announcedStatus) {
      this.announcedStatus = status;
      this.statusRegion.textContent = status;
    }
    this.renderClock();
    this.renderAlert();
  }

  showStream(state: SocketState, detail?: string): void {
    this.streamBadge.className = `badge live-${state}`;
    this.streamBadge.textContent = state === 'open' ? 'live' : state === 'connecting' ? 'connecting' : `reconnecting${detail ? ` (${detail})` : ''}`;
  }

  /** A request the page made was refused or failed, or null once one succeeds again. */
  showError(message: string | null): void {
    this.errorLine.hidden = message === null;
    this.errorLine.textContent = message === null ? '' : `Request failed: ${message}`;
  }

  /** The error the campaign's run in this server stopped with; null once it runs again. Kept apart from request errors. */
  showRunError(message: string | null): void {
    this.runError = message;
    this.renderAlert();
  }

  /** Devices the latest rig reading could not reach. */
  showLostLinks(devices: readonly string[]): void {
    if (devices.join() === this.lostLinks.join()) return;
    this.lostLinks = [...devices];
    this.renderAlert();
  }

  /** The alert currently shown, for tests. */
  get alert(): CampaignAlert | null {
    return this.summary ? campaignAlert({ ...this.summary, runError: this.runError, lostLinks: this.lostLinks }) : null;
  }

  private renderAlert(): void {
    const alert = this.alert;
    const text = alert ? `${alert.title}: ${alert.text}` : '';
    // Rewritten only when it changes, so a screen reader announces each alert once.
    if (text === this.shownAlert) return;
    this.shownAlert = text;
    this.alertRegion.hidden = alert === null;
    this.alertRegion.className = `alert${alert ? ` alert-${alert.level}` : ''}`;
    replaceChildren(this.alertRegion, ...(alert ? [h('strong', {}, `${alert.title}: `), alert.text] : []));
  }

  private renderClock(): void {
    if (!this.summary) return;
    const clock = campaignClock(this.summary, Date.now());
    this.started.textContent = clock.started;
    this.elapsed.textContent = clock.elapsed;
    this.eta.textContent = clock.eta;
  }

  dispose(): void {
    clearInterval(this.clockTimer);
  }
}
