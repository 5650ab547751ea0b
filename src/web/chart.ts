/// <reference lib="dom" />
// A chart slot: shows an empty-state line until data come, then embeds a Vega-Lite spec sized
// to the slot. Specs with a named dataset are embedded once and get new rows in place (the rig
// charts, once a second); the others are re-embedded on each update (once per experiment).
// Every chart is a figure with a title and a short text summary of what it shows (its
// numbers), which screen readers read instead of the SVG.
import embed, { type Result } from 'vega-embed';
import type { TopLevelSpec } from 'vega-lite';
import type { LiveChartSize } from '../reports/charts/live-layout.js';
import { h, replaceChildren } from './dom.js';

export interface ChartSlotOptions<Row> {
  testId: string;
  emptyText: string;
  /** The chart's name, for people and screen readers. */
  title: string;
  /** Shown above the chart (default); false when the spec draws the same title itself. */
  showTitle?: boolean;
  /** The numbers a reader takes off the chart, in a sentence or two (read out instead of the SVG). */
  summary: (rows: Row[]) => string;
  spec: (rows: Row[], size: LiveChartSize) => TopLevelSpec;
  /** Named dataset the rows go into without re-embedding. */
  dataset?: string;
}

/** vega's log level Error (vega.Error), without importing vega itself here. */
const VEGA_LOG_ERROR = 1;

/** Widths within this many pixels count as the same (no re-embed on tiny resizes). */
const WIDTH_STEP_PX = 24;

export class ChartSlot<Row> {
  readonly element: HTMLElement;
  /** Where the chart (or the empty-state line) goes. */
  private readonly view: HTMLElement;
  private readonly caption: HTMLElement;
  private result: Result | null = null;
  private pending: Promise<void> = Promise.resolve();
  private rows: Row[] = [];
  private embeddedWidth = 0;
  private readonly resizeObserver: ResizeObserver;

  constructor(private readonly options: ChartSlotOptions<Row>) {
    this.view = h('div', { class: 'chart-view' }, h('p', { class: 'empty' }, options.emptyText));
    this.caption = h('figcaption', { class: 'sr-only', 'data-testid': `${options.testId}-summary` }, options.emptyText);
    this.element = h('figure', { class: 'chart', 'data-testid': options.testId, 'data-points': 0, 'aria-label': options.title },
      h('div', { class: options.showTitle === false ? 'chart-title sr-only' : 'chart-title' }, options.title),
      this.view,
      this.caption,
    );
    this.resizeObserver = new ResizeObserver(() => {
      if (this.result && Math.abs(this.width() - this.embeddedWidth) >= WIDTH_STEP_PX) void this.update(this.rows, true);
    });
    this.resizeObserver.observe(this.view);
  }

  /** Queued, so a slow embed never interleaves with the next update. */
  update(rows: Row[], reembed = false): Promise<void> {
    this.pending = this.pending.then(() => this.apply(rows, reembed)).catch((error: unknown) => {
      this.result?.finalize();
      this.result = null;
      this.view.removeAttribute('aria-hidden');
      replaceChildren(this.view, h('p', { class: 'error' }, `chart failed: ${(error as Error).message}`));
    });
    return this.pending;
  }

  private width(): number {
    return this.view.clientWidth;
  }

  private async apply(rows: Row[], reembed: boolean): Promise<void> {
    this.rows = rows;
    if (rows.length === 0) {
      this.result?.finalize();
      this.result = null;
      this.view.removeAttribute('aria-hidden');
      replaceChildren(this.view, h('p', { class: 'empty' }, this.options.emptyText));
    } else if (this.result && this.options.dataset && !reembed) {
      await this.result.view.data(this.options.dataset, rows).runAsync();
    } else {
      const widthPx = this.width();
      // A sized chart is drawn off-page and swapped in, so updates do not flicker; a container-sized one needs its place first.
      let drawn = await this.draw(rows, widthPx, widthPx === 0);
      // Faceted charts cannot fit themselves: if labels made one wider than the slot, draw it once more that much narrower.
      const overflowPx = renderedWidth(drawn.host) - widthPx;
      if (widthPx > 0 && overflowPx > 1) {
        drawn.result.finalize();
        drawn = await this.draw(rows, widthPx - overflowPx, false);
      }
      const { host, result } = drawn;
      this.result?.finalize();
      if (widthPx > 0) replaceChildren(this.view, host);
      this.result = result;
      this.embeddedWidth = widthPx;
    }
    // The SVG is for the eye; the caption tells a screen reader what it shows.
    if (rows.length > 0) this.view.setAttribute('aria-hidden', 'true');
    this.caption.textContent = rows.length > 0 ? `${this.options.title}: ${this.options.summary(rows)}.` : this.options.emptyText;
    this.element.dataset.points = String(rows.length);
  }

  private async draw(rows: Row[], widthPx: number, inPlace: boolean): Promise<{ host: HTMLElement; result: Result }> {
    const host = h('div', { class: 'vega-host' });
    if (inPlace) replaceChildren(this.view, host);
    const spec = this.options.spec(rows, widthPx > 0 ? { widthPx } : {});
    // Warnings such as the empty-band extent of a single-campaign best-so-far chart are expected.
    const result = await embed(host, spec, { actions: false, renderer: 'svg', tooltip: true, logLevel: VEGA_LOG_ERROR });
    return { host, result };
  }

  dispose(): void {
    this.resizeObserver.disconnect();
    this.result?.finalize();
    this.result = null;
  }
}

/** Width the SVG renderer gave the chart (an attribute, so it is known before the chart is on the page). */
function renderedWidth(host: HTMLElement): number {
  return Number(host.querySelector('svg')?.getAttribute('width') ?? 0);
}
