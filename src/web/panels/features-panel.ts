/// <reference lib="dom" />
// Abs300, PL intensity and PL area of each measured experiment against iteration, one panel
// each (their scales differ by orders of magnitude), drawn by the report's own chart function.
import { featurePanelsChart } from '../../reports/charts/feature-panels.js';
import type { Experiment, Proposal } from '../api-schemas.js';
import { ChartSlot } from '../chart.js';
import { h } from '../dom.js';
import { featureRows, LIVE_FEATURES, type FeatureRow } from '../live-data.js';
import { integerXTicks } from '../sizing.js';
import { summarizeFeatures } from '../chart-summaries.js';
import type { Panel } from './panel.js';

export class FeaturesPanel implements Panel {
  readonly element: HTMLElement;
  private readonly chart = new ChartSlot<FeatureRow>({
    testId: 'feature-series',
    emptyText: 'Features appear as experiments are measured.',
    title: 'Abs300, PL intensity and PL area per iteration',
    showTitle: false,
    summary: summarizeFeatures,
    spec: (rows, size) => integerXTicks(featurePanelsChart({
      title: '',
      rows,
      x: { field: 'iteration', title: 'iteration' },
      features: LIVE_FEATURES,
      connect: true,
      panelHeight: 80,
      // Room for the y axis and its title next to the panels.
      width: size.widthPx === undefined ? undefined : Math.max(120, size.widthPx - 80),
    })),
  });

  constructor() {
    this.element = h('section', { class: 'panel' }, h('h2', {}, 'Features per experiment'), this.chart.element);
  }

  update(proposals: readonly Proposal[], experiments: readonly Experiment[]): Promise<void> {
    return this.chart.update(featureRows(proposals, experiments));
  }

  dispose(): void {
    this.chart.dispose();
  }
}
