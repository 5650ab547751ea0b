/// <reference lib="dom" />
// Pause, resume and abort, with the server's answer next to them. Buttons that cannot apply
// to the campaign as it is are disabled.
import type { CampaignSummary, ControlReply } from '../api-schemas.js';
import { h } from '../dom.js';
import { availableControls, CONTROL_ACTIONS, controlOutcome, type ControlAction } from './control-state.js';
import type { Panel } from './panel.js';

export interface ControlRequests {
  send(action: ControlAction): Promise<ControlReply>;
  /** After each request, answered or not: the campaign as it is now. */
  settled(): Promise<void>;
}

const LABELS: Record<ControlAction, string> = { pause: 'Pause', resume: 'Resume', abort: 'Abort' };
const ABORT_QUESTION = 'Abort this campaign? The rig goes to its safe state and the campaign cannot be resumed.';

export class ControlBar implements Panel {
  readonly element: HTMLElement;
  private readonly message = h('span', { class: 'message', 'data-testid': 'control-message' });
  private readonly buttons: Record<ControlAction, HTMLButtonElement>;

  constructor(private readonly requests: ControlRequests) {
    const button = (action: ControlAction) =>
      h('button', { type: 'button', class: action === 'abort' ? 'danger' : null, 'data-testid': action, onclick: () => void this.request(action) }, LABELS[action]);
    this.buttons = { pause: button('pause'), resume: button('resume'), abort: button('abort') };
    this.element = h('div', { class: 'row controls' }, ...CONTROL_ACTIONS.map((action) => this.buttons[action]), this.message);
  }

  update(summary: CampaignSummary): void {
    const available = availableControls(summary);
    for (const action of CONTROL_ACTIONS) this.buttons[action].disabled = !available[action];
  }

  private async request(action: ControlAction): Promise<void> {
    if (action === 'abort' && !window.confirm(ABORT_QUESTION)) return;
    this.message.className = 'message';
    this.message.textContent = `${action}…`;
    try {
      this.message.textContent = controlOutcome(action, await this.requests.send(action));
    } catch (error) {
      this.message.className = 'message error';
      this.message.textContent = (error as Error).message;
    }
    await this.requests.settled();
  }

  dispose(): void {}
}
