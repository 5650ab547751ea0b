/// <reference lib="dom" />
// The best value so far against iteration, in the objective's direction: the report's
// best-so-far chart with this campaign as its only run.
import { bestSoFarChart, type BestSoFarRunPoint } from '../../reports/charts/best-so-far.js';
import type { Proposal } from '../api-schemas.js';
import { ChartSlot } from '../chart.js';
import { h } from '../dom.js';
import { bestSoFarData, singleRunBands, type PlotContext } from '../live-data.js';
import { fitToWidth } from '../sizing.js';
import { summarizeBestSoFar } from '../chart-summaries.js';
import type { Panel } from './panel.js';

export class ObjectivePanel implements Panel {
  readonly element: HTMLElement;
  /** Kept for redraws on resize, which take the rows only. */
  private context: PlotContext | null = null;
  private readonly chart = new ChartSlot<BestSoFarRunPoint>({
    testId: 'best-so-far',
    emptyText: 'The best-so-far curve starts with the first measured experiment.',
    title: 'Best condition so far',
    showTitle: false,
    summary: (runs) => summarizeBestSoFar(runs, this.context?.objective.feature ?? 'objective', this.context?.objective.direction ?? 'maximize'),
    spec: (runs, size) => fitToWidth(bestSoFarChart({
      runs,
      bands: singleRunBands(runs),
      policies: [this.context?.policy ?? 'policy'],
      objective: this.context?.objective.feature,
    }), size),
  });

  constructor() {
    this.element = h('section', { class: 'panel' }, h('h2', {}, 'Objective'), this.chart.element);
  }

  update(proposals: readonly Proposal[], context: PlotContext): Promise<void> {
    this.context = context;
    return this.chart.update(bestSoFarData(proposals, context.objective.direction, context.policy, context.campaignId).runs);
  }

  dispose(): void {
    this.chart.dispose();
  }
}
