/// <reference lib="dom" />
// Campaign list (refreshing) and the form that starts a campaign from a spec.
import { z } from 'zod';
import { api } from '../api.js';
import { campaignSummarySchema, type CampaignSummary } from '../api-schemas.js';
import { DEFAULT_CAMPAIGN_SPEC_TEXT } from '../default-spec.js';
import { h, replaceChildren } from '../dom.js';
import { describeTestR2 } from '../../domain/twin-quality.js';
import { formatDateTime, formatProgress, formatValue } from '../format.js';
import { campaignClock } from '../timing.js';
import { statusBadge } from '../status-badge.js';

const REFRESH_MS = 3000;
const listSchema = z.union([z.array(campaignSummarySchema), z.looseObject({ campaigns: z.array(campaignSummarySchema) }).transform((body) => body.campaigns)]);
const createdSchema = z.looseObject({ id: z.string() });

export interface View {
  element: HTMLElement;
  dispose(): void;
}

export function listView(): View {
  // Newest first: the campaign an operator just started is on top.
  const tableHost = h('div', { 'data-testid': 'campaign-list' }, h('p', { class: 'empty' }, 'Loading campaigns…'));
  const updated = h('span', { class: 'muted' });
  const listError = h('p', { class: 'error', hidden: true });

  const specInput = h('textarea', { id: 'spec', 'data-testid': 'spec-input', rows: 18, spellcheck: 'false' });
  specInput.value = DEFAULT_CAMPAIGN_SPEC_TEXT;
  const startMessage = h('pre', { class: 'message', 'data-testid': 'start-message' });
  const startButton = h('button', { type: 'submit', 'data-testid': 'start-campaign' }, 'Start campaign');
  const form = h('form', { class: 'start-form' },
    h('label', { for: 'spec' }, 'Campaign spec (JSON)'),
    specInput,
    h('div', { class: 'row' }, startButton, h('button', { type: 'button', class: 'secondary', onclick: () => { specInput.value = DEFAULT_CAMPAIGN_SPEC_TEXT; } }, 'Reset to example')),
    startMessage,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void start();
  });

  async function start(): Promise<void> {
    let spec: unknown;
    try {
      spec = JSON.parse(specInput.value);
    } catch (error) {
      startMessage.className = 'message error';
      startMessage.textContent = `The spec is not valid JSON: ${(error as Error).message}`;
      return;
    }
    startButton.disabled = true;
    startMessage.className = 'message';
    startMessage.textContent = 'Starting…';
    try {
      const { id } = await api.post('/api/campaigns', createdSchema, spec);
      location.hash = `#/campaigns/${encodeURIComponent(id)}`;
    } catch (error) {
      startMessage.className = 'message error';
      startMessage.textContent = (error as Error).message;
    } finally {
      startButton.disabled = false;
    }
  }

  let timer: number | undefined;
  let disposed = false;
  async function refresh(): Promise<void> {
    try {
      const campaigns = await api.get('/api/campaigns', listSchema);
      if (disposed) return;
      replaceChildren(tableHost, campaigns.length === 0 ? h('p', { class: 'empty' }, 'No campaigns in this database yet. Start one with the form below.') : campaignTable([...campaigns].reverse()));
      listError.hidden = true;
      updated.textContent = `updated ${formatDateTime(Date.now())}`;
    } catch (error) {
      if (disposed) return;
      listError.hidden = false;
      listError.textContent = (error as Error).message;
    }
    if (!disposed) timer = window.setTimeout(() => void refresh(), REFRESH_MS);
  }
  void refresh();

  const element = h('main', { class: 'list-view' },
    h('section', { class: 'panel' }, h('div', { class: 'panel-head' }, h('h2', {}, 'Campaigns'), updated), listError, tableHost),
    h('section', { class: 'panel' }, h('h2', {}, 'Start a campaign'), h('p', { class: 'muted' }, 'Kinds: exploration (builds the digital twin), optimisation (policy ei, ucb, eplt, random or mv), study. Lab clock "realtime" runs at speedFactor times the wall clock.'), form),
  );
  return {
    element,
    dispose() {
      disposed = true;
      window.clearTimeout(timer);
    },
  };
}

function campaignTable(campaigns: readonly CampaignSummary[]): HTMLElement {
  const now = Date.now();
  const rows = campaigns.map((c) => {
    const share = c.planned ? Math.min(1, (c.measured + c.failed) / c.planned) : 0;
    const clock = campaignClock(c, now);
    // data-label: on a phone the table becomes one card per campaign, each cell with its label.
    return h('tr', { 'data-campaign-id': c.id },
      h('td', { 'data-label': 'campaign' }, h('a', { href: `#/campaigns/${encodeURIComponent(c.id)}` }, c.name), h('div', { class: 'muted small' }, c.id)),
      h('td', { 'data-label': 'kind / policy' }, c.kind, c.policy ? h('span', { class: 'muted' }, ` / ${c.policy}`) : null),
      h('td', { 'data-label': 'status' }, statusBadge(c.status, c.controlRequested, c.statusReason), h('div', { class: 'muted small' }, `started ${clock.started}`)),
      h('td', { 'data-label': 'measured / planned' }, formatProgress(c.measured, c.failed, c.planned), c.planned ? h('div', { class: 'progress' }, h('div', { style: `width:${(100 * share).toFixed(1)}%` })) : null,
        c.status === 'running' && clock.etaMs !== null ? h('div', { class: 'muted small' }, `ETA ${formatDateTime(clock.etaMs).slice(0, 16)}`) : null),
      h('td', { class: 'num', 'data-label': 'best' }, c.best ? `${formatValue(c.best.value)}` : '–', c.best ? h('span', { class: 'muted small' }, ` @${c.best.iteration}`) : null),
      h('td', { class: 'num', 'data-label': 'twin test R²' }, c.twin ? describeTestR2(c.twin) : '–'),
    );
  });
  return h('table', { class: 'campaigns' },
    h('thead', {}, h('tr', {}, h('th', {}, 'campaign'), h('th', {}, 'kind / policy'), h('th', {}, 'status'), h('th', {}, 'measured / planned'), h('th', { class: 'num' }, 'best'), h('th', { class: 'num' }, 'twin test R²'))),
    h('tbody', {}, ...rows),
  );
}
