// Which of pause, resume and abort can apply to a campaign, and what a reply means (pure).
import type { CampaignSummary, ControlReply } from '../api-schemas.js';

export const CONTROL_ACTIONS = ['pause', 'resume', 'abort'] as const;
export type ControlAction = (typeof CONTROL_ACTIONS)[number];

export function availableControls(summary: Pick<CampaignSummary, 'status' | 'kind' | 'active' | 'controlRequested'>): Record<ControlAction, boolean> {
  const ended = summary.status === 'completed' || summary.status === 'aborted';
  // A study cannot be paused (it would start over), only aborted.
  const study = summary.kind === 'study';
  return {
    // Only the server that runs the campaign can pause it.
    pause: !ended && !study && summary.status !== 'paused' && summary.controlRequested !== 'pause' && summary.active === true,
    resume: !ended && summary.active !== true,
    abort: !ended,
  };
}

/** Pause and abort answer with the status at the time of the request; resume with the summary. */
export function controlOutcome(action: ControlAction, reply: ControlReply): string {
  const status = reply.summary?.status ?? reply.status;
  if (action === 'pause' && status === 'running') return 'pause requested: takes effect after the current experiment';
  return `${action} done (status ${status ?? 'unknown'})`;
}

/** What a control reply is true of: the status, a pending request and whether this server runs it. */
export function controlStateKey(summary: Pick<CampaignSummary, 'status' | 'controlRequested' | 'active'>): string {
  return `${summary.status}/${summary.controlRequested ?? ''}/${summary.active === true}`;
}

/** A campaign paused for low stocks resumes with its syringes recorded as refilled. */
export function resumeNeedsRefill(summary: Pick<CampaignSummary, 'status' | 'statusReason'>): boolean {
  return summary.status === 'paused' && (summary.statusReason ?? '').startsWith('stock low');
}
