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
