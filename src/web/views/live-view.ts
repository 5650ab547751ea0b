/// <reference lib="dom" />
// One campaign live: header and controls, spectra of the newest experiment, feature series,
// best-so-far, chosen inputs, rig state, event log and report. The WebSocket drives updates;
// each event that changes the campaign triggers one (debounced) refetch of the snapshot.
import { RIG_INPUT_NAMES } from '../../domain/rig-space.js';
import { bestSoFarChart } from '../../reports/charts/best-so-far.js';
import { featurePanelsChart } from '../../reports/charts/feature-panels.js';
import { inputChoicesChart, type InputChoicePoint } from '../../reports/charts/input-choices.js';
import { liveAbsorbanceSpectrumSpec, livePlSpectrumSpec, type AbsorbancePoint, type PlPoint } from '../../reports/charts/live-spectra.js';
import { api, campaignPath } from '../api.js';
import { controlReplySchema, type CampaignDetail } from '../api-schemas.js';
import { ChartSlot } from '../chart.js';
import { h, replaceChildren } from '../dom.js';
import { CampaignFeed } from '../feed/campaign-feed.js';
import { formatProgress, formatR2, formatValue } from '../format.js';
import {
  bestSoFarData,
  DEFAULT_OBJECTIVE,
  featureRows,
  INITIAL_DESIGN_LABEL,
  inputChoicePoints,
  LIVE_FEATURES,
  plotContext,
  spectrumPoints,
  type FeatureRow,
  type PlotContext,
} from '../live-data.js';
import type { SocketState } from '../live-socket.js';
import { EventLog } from '../panels/event-log.js';
import { ReportPanel } from '../panels/report-panel.js';
import { RigPanel } from '../panels/rig-panel.js';
import type { View } from './list-view.js';
import { facetToWidth, fitToWidth, integerXTicks } from '../sizing.js';
import { statusBadge } from './status-badge.js';


export function liveView(id: string): View {
  const base = campaignPath(id);

  const title = h('h2', {}, id);
  const headStats = h('div', { class: 'stats', 'data-testid': 'campaign-head' }, h('p', { class: 'empty' }, 'Loading campaign…'));
  const liveBadge = h('span', { class: 'badge live-connecting', 'data-testid': 'live-state' }, 'connecting');
  const viewError = h('p', { class: 'error', hidden: true, 'data-testid': 'view-error' });
  const controlMessage = h('span', { class: 'message', 'data-testid': 'control-message' });
  const buttons = {
    pause: h('button', { type: 'button', 'data-testid': 'pause', onclick: () => void control('pause') }, 'Pause'),
    resume: h('button', { type: 'button', 'data-testid': 'resume', onclick: () => void control('resume') }, 'Resume'),
    abort: h('button', { type: 'button', class: 'danger', 'data-testid': 'abort', onclick: () => void control('abort') }, 'Abort'),
  };

  const spectraEmpty = 'Spectra appear when the first experiment is measured.';
  const absorbanceChart = new ChartSlot<AbsorbancePoint>({ testId: 'absorbance-spectrum', emptyText: spectraEmpty, spec: (rows, size) => liveAbsorbanceSpectrumSpec(rows, size) });
  let plUnit = 'counts/s';
  const plChart = new ChartSlot<PlPoint>({ testId: 'pl-spectrum', emptyText: spectraEmpty, spec: (rows, size) => livePlSpectrumSpec(rows, plUnit, size) });
  const spectraCaption = h('p', { class: 'muted', 'data-testid': 'spectra-caption' }, 'No measured experiment yet.');
  const featureChart = new ChartSlot<FeatureRow>({
    testId: 'feature-series',
    emptyText: 'Features appear as experiments are measured.',
    spec: (rows, size) => integerXTicks(featurePanelsChart({
      title: '',
      rows,
      x: { field: 'iteration', title: 'iteration' },
      features: LIVE_FEATURES,
      connect: true,
      panelHeight: 80,
      width: size.widthPx === undefined ? undefined : Math.max(120, size.widthPx - 80),
    })),
  });
  let objective = DEFAULT_OBJECTIVE as PlotContext['objective'];
  let policy = 'policy';
  const bestChart = new ChartSlot<ReturnType<typeof bestSoFarData>['runs'][number]>({
    testId: 'best-so-far',
    emptyText: 'The best-so-far curve starts with the first measured experiment.',
    spec: (runs, size) => fitToWidth(bestSoFarChart({ runs, bands: runs.map((r) => ({ policy: r.policy, iteration: r.iteration, median: r.best, lowerQuartile: r.best, upperQuartile: r.best, replicates: 1 })), policies: [policy], objective: objective.feature }), size),
  });
  const inputsChart = new ChartSlot<InputChoicePoint>({
    testId: 'inputs-chart',
    emptyText: 'The inputs appear when the planner proposes its first condition.',
    spec: (points, size) => facetToWidth(inputChoicesChart({ points, inputs: RIG_INPUT_NAMES, policies: [INITIAL_DESIGN_LABEL, policy] }), size, 4, 60),
  });
  const rig = new RigPanel();
  const events = new EventLog();
  const report = new ReportPanel(base);

  const element = h('main', { class: 'live-view' },
    h('section', { class: 'panel head-panel' },
      h('div', { class: 'panel-head' }, h('div', {}, h('a', { href: '#/' }, '← campaigns'), title), liveBadge),
      viewError,
      headStats,
      h('div', { class: 'row controls' }, buttons.pause, buttons.resume, buttons.abort, controlMessage),
    ),
    h('div', { class: 'grid' },
      h('section', { class: 'panel' }, h('h2', {}, 'Newest spectra'), spectraCaption, absorbanceChart.element, plChart.element),
      h('section', { class: 'panel' }, h('h2', {}, 'Features per experiment'), featureChart.element),
      h('section', { class: 'panel' }, h('h2', {}, 'Objective'), bestChart.element),
      rig.element,
      events.element,
      h('section', { class: 'panel wide' }, h('h2', {}, 'Inputs chosen (physical units)'), inputsChart.element),
      report.element,
    ),
  );

  function showError(message: string | null): void {
    viewError.hidden = message === null;
    viewError.textContent = message ?? '';
  }

  function renderHead(d: CampaignDetail): void {
    const s = d.summary;
    title.textContent = s.name;
    replaceChildren(headStats,
      stat('status', statusBadge(s.status, s.controlRequested, s.statusReason), 'campaign-status'),
      stat('kind / policy', `${s.kind}${s.policy ? ` / ${s.policy}` : ''}`),
      stat('measured / planned', formatProgress(s.measured, s.failed, s.planned), 'campaign-progress'),
      stat('best', s.best ? `${formatValue(s.best.value)} @ iteration ${s.best.iteration}` : '–'),
      stat('twin test R²', formatR2(s.twin?.testR2)),
      stat('id', id),
      s.statusReason ? stat('reason', s.statusReason) : null,
    );
    const ended = s.status === 'completed' || s.status === 'aborted';
    // A study cannot be paused (it would start over), only aborted.
    const study = s.kind === 'study';
    buttons.pause.disabled = ended || study || s.status === 'paused' || s.controlRequested === 'pause' || !s.active;
    buttons.resume.disabled = ended || s.active === true;
    buttons.abort.disabled = ended;
  }

  async function control(action: 'pause' | 'resume' | 'abort'): Promise<void> {
    if (action === 'abort' && !window.confirm('Abort this campaign? The rig goes to its safe state and the campaign cannot be resumed.')) return;
    controlMessage.className = 'message';
    controlMessage.textContent = `${action}…`;
    try {
      const reply = await api.post(`${base}/${action}`, controlReplySchema, {});
      const status = reply.summary?.status ?? reply.status;
      controlMessage.textContent = action === 'pause' && status === 'running'
        ? 'pause requested: takes effect after the current experiment'
        : `${action} done (status ${status ?? 'unknown'})`;
    } catch (error) {
      controlMessage.className = 'message error';
      controlMessage.textContent = (error as Error).message;
    }
    await feed.refresh();
  }

  const feed = new CampaignFeed(id, {
    detail: async (d) => {
      renderHead(d);
      const context = plotContext(d);
      objective = context.objective;
      policy = context.policy;
      const proposals = d.state.proposals;
      await Promise.all([
        bestChart.update(bestSoFarData(proposals, objective.direction, policy, id).runs),
        inputsChart.update(inputChoicePoints(proposals, RIG_INPUT_NAMES, policy, id)),
      ]);
    },
    experiments: (experiments, proposals) => featureChart.update(featureRows(proposals, experiments)),
    spectra: async ({ experimentId, iteration, spectra }) => {
      const points = spectrumPoints(spectra);
      plUnit = spectra.features?.plUnit === 'counts' ? 'counts' : 'counts/s';
      spectraCaption.textContent = `Experiment ${experimentId}${iteration ? ` (iteration ${iteration})` : ''}: PL intensity ${formatValue(spectra.features?.plIntensity)}, Abs300 ${formatValue(spectra.features?.abs300)}`;
      await Promise.all([absorbanceChart.update(points.absorbance), plChart.update(points.pl)]);
    },
    events: (fresh) => events.add(fresh),
    rig: (state) => rig.update(state),
    run: (active) => rig.setRunActive(active),
    stream: setSocketState,
    error: showError,
  });

  function setSocketState(state: SocketState, detailText?: string): void {
    liveBadge.className = `badge live-${state}`;
    liveBadge.textContent = state === 'open' ? 'live' : state === 'connecting' ? 'connecting' : `reconnecting${detailText ? ` (${detailText})` : ''}`;
  }

  feed.start();

  return {
    element,
    dispose() {
      feed.dispose();
      for (const chart of [absorbanceChart, plChart, featureChart, bestChart, inputsChart]) chart.dispose();
      rig.dispose();
    },
  };
}

function stat(label: string, value: Node | string, testId?: string): HTMLElement {
  return h('div', { class: 'stat' }, h('div', { class: 'stat-label' }, label), h('div', { class: 'stat-value', 'data-testid': testId }, value));
}
