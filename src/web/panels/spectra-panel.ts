/// <reference lib="dom" />
// Absorbance and PL spectra of the newest measured experiment, with a caption naming it.
import { liveAbsorbanceSpectrumSpec, livePlSpectrumSpec, type AbsorbancePoint, type PlPoint } from '../../reports/charts/live-spectra.js';
import { ChartSlot } from '../chart.js';
import { h } from '../dom.js';
import { describeSpectra } from '../format.js';
import { spectrumPoints, type NewestSpectra } from '../live-data.js';
import { summarizeAbsorbance, summarizePl } from '../chart-summaries.js';
import type { Panel } from './panel.js';

const EMPTY_TEXT = 'Spectra appear when the first experiment is measured.';

export class SpectraPanel implements Panel {
  readonly element: HTMLElement;
  private readonly caption = h('p', { class: 'muted', 'data-testid': 'spectra-caption' }, 'No measured experiment yet.');
  /** Axis unit of the PL plot: dark-corrected counts per second unless the rig reports raw counts. */
  private plUnit = 'counts/s';
  private readonly absorbanceChart = new ChartSlot<AbsorbancePoint>({
    testId: 'absorbance-spectrum', emptyText: EMPTY_TEXT, spec: (rows, size) => liveAbsorbanceSpectrumSpec(rows, size),
    title: 'Absorbance spectrum of the newest experiment', showTitle: false, summary: summarizeAbsorbance,
  });
  private readonly plChart = new ChartSlot<PlPoint>({
    testId: 'pl-spectrum', emptyText: EMPTY_TEXT, spec: (rows, size) => livePlSpectrumSpec(rows, this.plUnit, size),
    title: 'PL spectrum of the newest experiment', showTitle: false, summary: (rows) => summarizePl(rows, this.plUnit),
  });

  constructor() {
    this.element = h('section', { class: 'panel' }, h('h2', {}, 'Newest spectra'), this.caption, this.absorbanceChart.element, this.plChart.element);
  }

  async update(newest: NewestSpectra): Promise<void> {
    const { spectra } = newest;
    this.plUnit = spectra.features?.plUnit === 'counts' ? 'counts' : 'counts/s';
    this.caption.textContent = describeSpectra(newest.experimentId, newest.iteration, spectra.features);
    const points = spectrumPoints(spectra);
    await Promise.all([this.absorbanceChart.update(points.absorbance), this.plChart.update(points.pl)]);
  }

  dispose(): void {
    this.absorbanceChart.dispose();
    this.plChart.dispose();
  }
}
