/// <reference lib="dom" />
// The virtual lab's instruments as the live stream reports them: heater, pressure, lights,
// pumps and syringe levels, always with when they were read. After a run the server's last
// reading (taken once the rig was made safe) stays, with its age.
import { liveHeaterSpec, liveSyringesSpec, LIVE_HEATER_DATASET, LIVE_SYRINGES_DATASET, type HeaterPoint, type SyringeLevel } from '../../reports/charts/live-rig.js';
import type { RigReadingMessage, RigState } from '../api-schemas.js';
import { ChartSlot } from '../chart.js';
import { h, replaceChildren } from '../dom.js';
import { appendHeaterReading, syringeLevels } from '../live-data.js';
import { rigReadingNote, type RigReadingTime } from '../rig-reading.js';
import { Throttle } from '../throttle.js';
import { summarizeHeater, summarizeSyringes } from '../chart-summaries.js';
import { stat, type Panel } from './panel.js';

const LIGHT_LABELS: Record<string, string> = { uvLed: 'UV LED', broadbandLamp: 'lamp' };
/** Charts redraw at most this often; the text follows every message. */
const CHART_INTERVAL_MS = 1000;
/** The age of the reading is written again this often. */
const AGE_INTERVAL_MS = 1000;

export class RigPanel implements Panel {
  readonly element: HTMLElement;
  private readonly summary = h('div', { class: 'rig-summary', 'data-testid': 'rig-summary' });
  private readonly pumps = h('div', { class: 'pumps' });
  private readonly heaterChart = new ChartSlot<HeaterPoint>({
    testId: 'heater-chart', emptyText: 'Temperature appears with the first rig reading.', dataset: LIVE_HEATER_DATASET, spec: liveHeaterSpec,
    title: 'Reactor temperature and setpoint', summary: summarizeHeater,
  });
  private readonly syringeChart = new ChartSlot<SyringeLevel>({
    testId: 'syringe-chart', emptyText: 'Syringe levels appear with the first rig reading.', dataset: LIVE_SYRINGES_DATASET, spec: liveSyringesSpec,
    title: 'Syringe levels against capacity', summary: summarizeSyringes,
  });
  private readonly chartRedraw = new Throttle(CHART_INTERVAL_MS, () => this.renderCharts());
  private heaterPoints: HeaterPoint[] = [];
  /** Rig time of readings without their own clock: seconds since the panel opened. */
  private readonly startMs = Date.now();
  private latest: RigState | null = null;
  /** When the latest reading was taken, and whether it is a run's last one. */
  private readingTime: RigReadingTime | null = null;
  private runActive = false;
  private readonly readingNote = h('p', { class: 'rig-reading small', 'data-testid': 'rig-note' }, 'No rig reading yet: the lab streams its state while this server runs the campaign.');
  private readonly ageTimer: ReturnType<typeof setInterval>;

  constructor() {
    this.element = h('section', { class: 'panel rig', 'data-testid': 'rig-panel' },
      h('h2', {}, 'Rig'),
      this.readingNote,
      this.summary,
      this.heaterChart.element,
      h('h3', {}, 'Pumps'), this.pumps,
      this.syringeChart.element,
    );
    this.ageTimer = setInterval(() => this.renderNote(), AGE_INTERVAL_MS);
  }

  /** Whether this server runs the campaign: readings keep coming only while it does. */
  setRunActive(active: boolean): void {
    this.runActive = active;
    this.renderNote();
  }

  update(reading: RigReadingMessage): void {
    const { state } = reading;
    const receivedMs = Date.now();
    const atMs = reading.at ? Date.parse(reading.at) : Number.NaN;
    this.latest = state;
    this.readingTime = { atMs: Number.isFinite(atMs) ? atMs : receivedMs, final: reading.final === true };
    this.heaterPoints = appendHeaterReading(this.heaterPoints, state, state.timeS ?? (receivedMs - this.startMs) / 1000);
    this.renderText(state);
    this.renderNote();
    this.chartRedraw.request();
  }

  private renderNote(): void {
    if (!this.readingTime) {
      this.readingNote.textContent = this.runActive ? 'Waiting for the first rig reading…' : 'No rig reading: the rig is read only while this server runs the campaign.';
      return;
    }
    const note = rigReadingNote(this.readingTime, Date.now(), this.runActive);
    this.readingNote.textContent = note.text;
    this.element.classList.toggle('stale', note.stale);
    this.readingNote.dataset.final = String(this.readingTime.final);
  }

  private renderCharts(): void {
    void this.heaterChart.update(this.heaterPoints);
    if (this.latest) void this.syringeChart.update(syringeLevels(this.latest));
  }

  private renderText(state: RigState): void {
    const heater = state.heater;
    const lights = Object.entries(state.lights).map(([name, on]) =>
      h('span', { class: `light ${on ? 'on' : 'off'}`, 'data-light': name }, h('span', { class: 'dot' }), `${LIGHT_LABELS[name] ?? name}: ${on ? 'on' : 'off'}`));
    replaceChildren(this.summary,
      h('div', { class: 'stats' },
        stat('reactor', `${heater.temperatureC.toFixed(1)} °C`, 'rig-temperature'),
        stat('setpoint', `${heater.setpointC.toFixed(1)} °C`),
        stat('heater', `${heater.mode}${heater.outputPercent !== undefined ? `, ${heater.outputPercent.toFixed(0)} %` : ''}`, 'rig-heater'),
        stat('pressure', `${state.pressureKpa.toFixed(1)} kPa`, 'rig-pressure'),
      ),
      h('div', { class: 'lights' }, ...lights),
      state.lostLinks && state.lostLinks.length > 0 ? h('p', { class: 'error' }, `no link to: ${state.lostLinks.join(', ')}`) : null,
    );
    const rows = Object.entries(state.pumps).map(([id, pump]) =>
      h('tr', { 'data-pump': id },
        h('td', {}, id),
        h('td', {}, h('span', { class: `pump-state pump-${pump.state}` }, pump.state)),
        h('td', { class: 'num' }, pump.programmedRateUlPerMin.toFixed(1)),
        h('td', { class: 'num' }, pump.deliveredRateUlPerMin === undefined ? '–' : pump.deliveredRateUlPerMin.toFixed(1)),
        h('td', { class: 'num col-syringe' }, `${pump.syringeLevelUl.toFixed(0)} / ${pump.syringeCapacityUl.toFixed(0)}`),
      ));
    replaceChildren(this.pumps, h('table', { class: 'compact' },
      h('thead', {}, h('tr', {}, h('th', {}, 'pump'), h('th', {}, 'state'), h('th', { class: 'num' }, 'programmed (uL/min)'), h('th', { class: 'num' }, 'delivered (uL/min)'), h('th', { class: 'num col-syringe' }, 'syringe (uL)'))),
      h('tbody', {}, ...rows)));
  }

  dispose(): void {
    clearInterval(this.ageTimer);
    this.chartRedraw.dispose();
    this.heaterChart.dispose();
    this.syringeChart.dispose();
  }
}
