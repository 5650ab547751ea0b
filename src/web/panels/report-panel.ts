/// <reference lib="dom" />
// The campaign report (HTML from the server, with the report figures). Loaded on request with
// the token header, since a plain link cannot carry it.
import { ApiError } from '../api.js';
import { h } from '../dom.js';
import { formatDateTime } from '../format.js';
import { readToken } from '../token.js';
import type { Panel } from './panel.js';

export class ReportPanel implements Panel {
  readonly element: HTMLElement;
  private readonly frame = h('iframe', { class: 'report-frame', title: 'campaign report', sandbox: 'allow-scripts allow-popups', hidden: true });
  private readonly message = h('span', { class: 'message' });

  constructor(private readonly campaignPath: string) {
    const load = h('button', { type: 'button', 'data-testid': 'load-report', onclick: () => void this.load() }, 'Show report here');
    this.element = h('section', { class: 'panel wide' },
      h('h2', {}, 'Report'),
      h('p', { class: 'muted' }, 'Parity plot, Shapley beeswarm, response surface, best-so-far and inputs over iterations, computed by the server from the campaign so far.'),
      h('div', { class: 'row' }, load, h('a', { href: `${campaignPath}/report`, target: '_blank', rel: 'noopener', 'data-testid': 'report-link' }, 'Open in a new tab'), this.message),
      this.frame,
    );
  }

  private async load(): Promise<void> {
    this.message.className = 'message';
    this.message.textContent = 'Building the report…';
    try {
      const token = readToken();
      const response = await fetch(`${this.campaignPath}/report`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      if (!response.ok) throw new ApiError(`report: ${response.status} ${(await response.text()).slice(0, 300)}`, response.status);
      this.frame.srcdoc = await response.text();
      this.frame.hidden = false;
      this.message.textContent = `built at ${formatDateTime(Date.now())} from the campaign as it was then; press again for a newer one`;
    } catch (error) {
      this.message.className = 'message error';
      this.message.textContent = (error as Error).message;
    }
  }

  dispose(): void {}
}
