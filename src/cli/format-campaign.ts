// One campaign's summary for people.
import type { CampaignSummary } from '../campaigns/campaign-service.js';

export function formatSummary(s: CampaignSummary): string {
  const lines = [
    `campaign ${s.id} (${s.name})`,
    `  kind ${s.kind}${s.policy ? `, ${s.policy}` : ''}; status ${s.status}${s.statusReason ? `: ${s.statusReason}` : ''}${s.controlRequested ? ` (${s.controlRequested} requested)` : ''}`,
    `  experiments ${s.measured} measured, ${s.failed} failed${s.planned !== null ? ` of ${s.planned} planned` : ''}${s.queued > 0 ? `, ${s.queued} queued` : ''}`,
  ];
  if (s.best) lines.push(`  best ${s.best.value.toFixed(1)} at iteration ${s.best.iteration} (experiment ${s.best.experimentId})`);
  if (s.twin) lines.push(`  twin on ${s.twin.observations} experiments: test R^2 ${s.twin.testR2?.toFixed(3) ?? 'n/a'}, train R^2 ${s.twin.trainR2?.toFixed(3) ?? 'n/a'}`);
  return `${lines.join('\n')}\n`;
}
