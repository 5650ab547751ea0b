/// <reference lib="dom" />
// Pause, resume and abort, with the server's answer next to them. Buttons that cannot apply
// to the campaign as it is are disabled. A reply is true of the state it was given in: once the
// campaign's state changes (the pause took effect, the run ended), it is taken down, and the
// header's status and alert say what holds now. After a pause for low stocks, Resume says it
// records the syringes as refilled.
import type { CampaignSummary, ControlReply } from '../api-schemas.js';
import { h } from '../dom.js';
import { formatClock } from '../format.js';
import { availableControls, CONTROL_ACTIONS, controlOutcome, controlStateKey, resumeNeedsRefill, type ControlAction } from './control-state.js';
import type { Panel } from './panel.js';

export interface ControlRequests {
  send(action: ControlAction, body?: Record<string, unknown>): Promise<ControlReply>;
  /** After each request, answered or not: the campaign as it is now. */
  settled(): Promise<void>;
}

const LABELS: Record<ControlAction, string> = { pause: 'Pause', resume: 'Resume', abort: 'Abort' };
const ABORT_QUESTION = 'Abort this campaign? The rig goes to its safe state and the campaign cannot be resumed.';
const REFILL_QUESTION = 'Resume with every syringe recorded as refilled to capacity? Refill them first: the campaign plans its runs on these levels.';

export class ControlBar implements Panel {
  readonly element: HTMLElement;
  private readonly message = h('span', { class: 'message', 'data-testid': 'control-message' });
  private readonly buttons: Record<ControlAction, HTMLButtonElement>;
  /** The campaign's state when the message was written; a different state takes it down. */
  private messageState: string | null = null;
  private currentState = '';
  private refill = false;

  constructor(private readonly requests: ControlRequests) {
    const button = (action: ControlAction) =>
      h('button', { type: 'button', class: action === 'abort' ? 'danger' : null, 'data-testid': action, onclick: () => void this.request(action) }, LABELS[action]);
    this.buttons = { pause: button('pause'), resume: button('resume'), abort: button('abort') };
    this.element = h('div', { class: 'row controls' }, ...CONTROL_ACTIONS.map((action) => this.buttons[action]), this.message);
  }

  update(summary: CampaignSummary): void {
    const available = availableControls(summary);
    for (const action of CONTROL_ACTIONS) this.buttons[action].disabled = !available[action];
    this.refill = resumeNeedsRefill(summary);
    this.buttons.resume.textContent = this.refill ? 'Resume, refilled' : LABELS.resume;
    this.currentState = controlStateKey(summary);
    if (this.messageState !== null && this.messageState !== this.currentState) this.showMessage('', null);
  }

  private showMessage(text: string, state: string | null, error = false): void {
    this.message.className = error ? 'message error' : 'message';
    this.message.textContent = text;
    this.messageState = text ? state : null;
  }

  private async request(action: ControlAction): Promise<void> {
    if (action === 'abort' && !window.confirm(ABORT_QUESTION)) return;
    const refilled = action === 'resume' && this.refill;
    if (refilled && !window.confirm(REFILL_QUESTION)) return;
    this.showMessage(`${action}…`, null);
    let replyStatus: string | undefined;
    try {
      const reply = await this.requests.send(action, refilled ? { refilled: true } : undefined);
      replyStatus = reply.summary?.status ?? reply.status;
      this.showMessage(`${formatClock(new Date().toISOString())}: ${controlOutcome(action, reply)}`, null);
    } catch (error) {
      this.showMessage(`${action} refused: ${(error as Error).message}`, null, true);
    }
    await this.requests.settled();
    // True of the state the request left the campaign in; the next change takes it down, and a
    // reply the campaign has already moved past (a pause that took effect meanwhile) is not kept.
    if (replyStatus !== undefined && !this.currentState.startsWith(`${replyStatus}/`)) this.showMessage('', null);
    else if (this.message.textContent) this.messageState = this.currentState;
  }

  dispose(): void {}
}
