/// <reference lib="dom" />
// One campaign live: header and controls, spectra of the newest experiment, feature series,
// best-so-far, chosen inputs, rig state, event log and report. The WebSocket drives updates;
// each event that changes the campaign triggers one (debounced) refetch of the snapshot.
import { RIG_INPUT_NAMES } from '../../domain/rig-space.js';
import { bestSoFarChart } from '../../reports/charts/best-so-far.js';
import { featurePanelsChart } from '../../reports/charts/feature-panels.js';
import { inputChoicesChart, type InputChoicePoint } from '../../reports/charts/input-choices.js';
import { liveAbsorbanceSpectrumSpec, livePlSpectrumSpec, type AbsorbancePoint, type PlPoint } from '../../reports/charts/live-spectra.js';
import { api } from '../api.js';
import {
  campaignDetailSchema,
  controlReplySchema,
  eventListSchema,
  experimentListSchema,
  experimentSpectraSchema,
  type CampaignDetail,
  type LiveMessage,
} from '../api-schemas.js';
import { ChartSlot } from '../chart.js';
import { h, replaceChildren } from '../dom.js';
import { eventChangesSnapshot, formatProgress, formatR2, formatValue } from '../format.js';
import {
  bestSoFarData,
  featureRows,
  INITIAL_DESIGN_LABEL,
  inputChoicePoints,
  iterationByExperiment,
  LIVE_FEATURES,
  newestMeasuredExperimentId,
  newestMeasuredStoredId,
  spectrumPoints,
  type FeatureRow,
} from '../live-data.js';
import { LiveSocket, type SocketState } from '../live-socket.js';
import { EventLog } from '../panels/event-log.js';
import { ReportPanel } from '../panels/report-panel.js';
import { RigPanel } from '../panels/rig-panel.js';
import type { View } from './list-view.js';
import { facetToWidth, fitToWidth, integerXTicks } from '../sizing.js';
import { statusBadge } from './status-badge.js';

/** Without a live stream the view polls; with one it still checks now and then. */
const POLL_WITHOUT_SOCKET_MS = 3000;
const POLL_WITH_SOCKET_MS = 20_000;

export function liveView(id: string): View {
  const base = `/api/campaigns/${encodeURIComponent(id)}`;
  let disposed = false;
  let socketState: SocketState = 'connecting';
  let seqShown = -1;
  /** A study logs only at its end; while one runs the view polls for its experiments. */
  let studyRunning = false;
  let newestStored: number | null = null;
  let spectraExperimentShown: number | null = null;

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
  let objective = { feature: 'plIntensity', direction: 'maximize' as 'maximize' | 'minimize' };
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
    await refresh();
  }

  let refreshRunning: Promise<void> | null = null;
  let refreshAgain = false;
  /** One refresh at a time; a request during one runs once more after it. */
  function refresh(): Promise<void> {
    if (refreshRunning) {
      refreshAgain = true;
      return refreshRunning;
    }
    refreshRunning = (async () => {
      do {
        refreshAgain = false;
        await refreshOnce();
      } while (refreshAgain && !disposed);
      refreshRunning = null;
    })();
    return refreshRunning;
  }

  async function refreshOnce(): Promise<void> {
    try {
      const d = await api.get(base, campaignDetailSchema);
      if (disposed) return;
      showError(null);
      renderHead(d);
      studyRunning = d.summary.kind === 'study' && d.summary.active === true;
      objective = d.spec.objective ?? objective;
      policy = d.summary.policy ?? d.summary.kind;
      const proposals = d.state.proposals;
      await Promise.all([
        bestChart.update(bestSoFarData(proposals, objective.direction, policy, id).runs),
        inputsChart.update(inputChoicePoints(proposals, RIG_INPUT_NAMES, policy, id)),
      ]);
      // Studies store experiments without proposals, so the log position, not the count of measured proposals, says when to look again.
      if (d.state.lastSeq !== seqShown || (d.summary.kind === 'study' && d.summary.active)) {
        const experiments = await api.get(`${base}/experiments`, experimentListSchema);
        if (disposed) return;
        await featureChart.update(featureRows(proposals, experiments));
        newestStored = newestMeasuredStoredId(experiments);
        seqShown = d.state.lastSeq;
      }
      const newest = newestMeasuredExperimentId(proposals) ?? newestStored;
      if (newest !== null && newest !== spectraExperimentShown) {
        const spectra = await api.get(`/api/experiments/${newest}/spectra`, experimentSpectraSchema);
        if (disposed) return;
        const points = spectrumPoints(spectra);
        plUnit = spectra.features?.plUnit === 'counts' ? 'counts' : 'counts/s';
        const iteration = iterationByExperiment(proposals).get(newest);
        spectraCaption.textContent = `Experiment ${newest}${iteration ? ` (iteration ${iteration})` : ''}: PL intensity ${formatValue(spectra.features?.plIntensity)}, Abs300 ${formatValue(spectra.features?.abs300)}`;
        await Promise.all([absorbanceChart.update(points.absorbance), plChart.update(points.pl)]);
        spectraExperimentShown = newest;
      }
    } catch (error) {
      if (!disposed) showError((error as Error).message);
    }
  }

  async function backfillEvents(): Promise<void> {
    try {
      const fresh = events.add(await api.get(`${base}/events?after=${events.lastSeq}`, eventListSchema));
      if (fresh.some((e) => eventChangesSnapshot(e.type))) void refresh();
    } catch (error) {
      if (!disposed) showError((error as Error).message);
    }
  }

  let refreshTimer: number | undefined;
  function scheduleRefresh(): void {
    window.clearTimeout(refreshTimer);
    refreshTimer = window.setTimeout(() => void refresh(), 150);
  }

  function onMessage(message: LiveMessage): void {
    if (message.type === 'event') {
      const fresh = events.add([message.event]);
      if (fresh.some((e) => eventChangesSnapshot(e.type))) scheduleRefresh();
    } else if (message.type === 'rig') {
      rig.update(message.state);
    } else {
      rig.setRunActive(message.active);
      if (message.error) showError(`run stopped with an error: ${message.error}`);
      scheduleRefresh();
    }
  }

  function setSocketState(state: SocketState, detailText?: string): void {
    socketState = state;
    liveBadge.className = `badge live-${state}`;
    liveBadge.textContent = state === 'open' ? 'live' : state === 'connecting' ? 'connecting' : `reconnecting${detailText ? ` (${detailText})` : ''}`;
  }

  const socket = new LiveSocket(`${base}/live`, {
    onMessage,
    onState: setSocketState,
    onOpen: () => {
      void backfillEvents();
      void refresh();
    },
  });

  let pollTimer: number | undefined;
  let lastPollMs = Date.now();
  function poll(): void {
    const interval = socketState === 'open' && !studyRunning ? POLL_WITH_SOCKET_MS : POLL_WITHOUT_SOCKET_MS;
    if (Date.now() - lastPollMs >= interval) {
      lastPollMs = Date.now();
      void backfillEvents();
      void refresh();
    }
    pollTimer = window.setTimeout(poll, 1000);
  }
  void refresh().then(() => backfillEvents());
  poll();

  return {
    element,
    dispose() {
      disposed = true;
      socket.close();
      window.clearTimeout(pollTimer);
      window.clearTimeout(refreshTimer);
      for (const chart of [absorbanceChart, plChart, featureChart, bestChart, inputsChart]) chart.dispose();
      rig.dispose();
    },
  };
}

function stat(label: string, value: Node | string, testId?: string): HTMLElement {
  return h('div', { class: 'stat' }, h('div', { class: 'stat-label' }, label), h('div', { class: 'stat-value', 'data-testid': testId }, value));
}
