/// <reference lib="dom" />
// The seven rig inputs of every proposal against iteration, queued and running ones included,
// coloured by who chose them (the initial design or the campaign's policy).
import { RIG_INPUT_NAMES } from '../../domain/rig-space.js';
import { inputChoicesChart, type InputChoicePoint } from '../../reports/charts/input-choices.js';
import type { Proposal } from '../api-schemas.js';
import { ChartSlot } from '../chart.js';
import { h } from '../dom.js';
import { INITIAL_DESIGN_LABEL, inputChoicePoints, type PlotContext } from '../live-data.js';
import { facetToWidth } from '../sizing.js';
import { summarizeInputs } from '../chart-summaries.js';
import type { Panel } from './panel.js';

/** Panels per row of the faceted chart, and the room its axes take beside them. */
const COLUMNS = 4;
const AXES_PX = 60;

export class InputsPanel implements Panel {
  readonly element: HTMLElement;
  private policy = 'policy';
  private readonly chart = new ChartSlot<InputChoicePoint>({
    testId: 'inputs-chart',
    emptyText: 'The inputs appear when the planner proposes its first condition.',
    title: 'Inputs chosen over the iterations',
    showTitle: false,
    summary: summarizeInputs,
    spec: (points, size) => facetToWidth(inputChoicesChart({ points, inputs: RIG_INPUT_NAMES, policies: [INITIAL_DESIGN_LABEL, this.policy] }), size, COLUMNS, AXES_PX),
  });

  constructor() {
    this.element = h('section', { class: 'panel wide' }, h('h2', {}, 'Inputs chosen (physical units)'), this.chart.element);
  }

  update(proposals: readonly Proposal[], context: PlotContext): Promise<void> {
    this.policy = context.policy;
    return this.chart.update(inputChoicePoints(proposals, RIG_INPUT_NAMES, context.policy, context.campaignId));
  }

  dispose(): void {
    this.chart.dispose();
  }
}
