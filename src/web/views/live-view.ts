/// <reference lib="dom" />
// One campaign live. The feed keeps the campaign's data current; this view only hands what it
// brings to the panels, each of which owns its part of the page.
import { api, campaignPath } from '../api.js';
import { controlReplySchema } from '../api-schemas.js';
import { h } from '../dom.js';
import { CampaignFeed } from '../feed/campaign-feed.js';
import { plotContext } from '../live-data.js';
import { CampaignHeader } from '../panels/campaign-header.js';
import { ControlBar } from '../panels/control-bar.js';
import { EventLog } from '../panels/event-log.js';
import { FeaturesPanel } from '../panels/features-panel.js';
import { InputsPanel } from '../panels/inputs-panel.js';
import { ObjectivePanel } from '../panels/objective-panel.js';
import type { Panel } from '../panels/panel.js';
import { ReportPanel } from '../panels/report-panel.js';
import { RigPanel } from '../panels/rig-panel.js';
import { SpectraPanel } from '../panels/spectra-panel.js';
import type { View } from './list-view.js';

export function liveView(id: string): View {
  const base = campaignPath(id);
  const controls = new ControlBar({
    send: (action, body) => api.post(`${base}/${action}`, controlReplySchema, body ?? {}),
    settled: () => feed.refresh(),
  });
  const header = new CampaignHeader(id, controls.element);
  const spectra = new SpectraPanel();
  const features = new FeaturesPanel();
  const objective = new ObjectivePanel();
  const rig = new RigPanel();
  const events = new EventLog();
  const inputs = new InputsPanel();
  const report = new ReportPanel(base);
  const panels: Panel[] = [header, controls, spectra, features, objective, rig, events, inputs, report];

  const feed = new CampaignFeed(id, {
    detail: async (detail) => {
      header.update(detail.summary);
      controls.update(detail.summary);
      const context = plotContext(detail);
      await Promise.all([objective.update(detail.state.proposals, context), inputs.update(detail.state.proposals, context)]);
    },
    experiments: (list, proposals) => features.update(proposals, list),
    spectra: (newest) => spectra.update(newest),
    events: (fresh) => events.add(fresh),
    rig: (reading) => {
      rig.update(reading);
      header.showLostLinks(reading.state.lostLinks ?? []);
    },
    run: (active) => rig.setRunActive(active),
    runError: (message) => header.showRunError(message),
    stream: (state, detail) => header.showStream(state, detail),
    error: (message) => header.showError(message),
  });

  const element = h('main', { class: 'live-view' },
    header.element,
    h('div', { class: 'grid' }, spectra.element, features.element, objective.element, rig.element, events.element, inputs.element, report.element),
  );
  feed.start();

  return {
    element,
    dispose() {
      feed.dispose();
      for (const panel of panels) panel.dispose();
    },
  };
}
