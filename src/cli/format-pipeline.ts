// The text `sdfl run` prints: the twin, then each policy's best condition as measured and as
// the virtual lab's ground truth has it (PL and PLQY), against the true optimum and the exploration.
import type { CampaignSummary } from '../campaigns/campaign-service.js';
import type { PipelineEvaluation } from '../campaigns/pipeline-evaluation.js';

const percent = (share: number) => `${(100 * share).toFixed(1)} %`;

export function formatPipeline(twin: CampaignSummary, optimisations: readonly CampaignSummary[], evaluation: PipelineEvaluation | null, db: string): string {
  const r2 = twin.twin?.testR2;
  const split = twin.twin?.testSize !== undefined ? `, ${twin.twin.testSize} test points` : '';
  const lines = [
    '',
    `digital twin: ${twin.measured} experiments, test R^2 ${r2 === null || r2 === undefined ? 'n/a' : r2.toFixed(3)} (80/20 split${split})${twin.status !== 'completed' ? `; ${twin.status}: ${twin.statusReason}` : ''}`,
  ];
  const exploration = evaluation?.exploration;
  if (exploration) {
    lines.push(`exploration best: PL ${exploration.measuredPl.toFixed(0)} measured, ${exploration.truePl.toFixed(0)} noise-free (${percent(exploration.trueShare)} of the optimum), PLQY ${percent(exploration.plqy)}`);
  } else {
    lines.push(`exploration best: PL ${twin.best ? twin.best.value.toFixed(0) : 'n/a'} measured`);
  }
  lines.push('');
  if (evaluation) {
    lines.push(`${'policy'.padEnd(8)} ${'best PL'.padStart(9)} ${'noise-free'.padStart(10)} ${'of optimum'.padStart(10)} ${'PLQY'.padStart(7)} ${'at'.padStart(3)}  ${'vs exploration'.padEnd(14)}  campaign`);
    for (const o of optimisations) {
      const p = evaluation.policies.find((e) => e.campaignId === o.id);
      if (!p) {
        lines.push(`${(o.policy ?? '').padEnd(8)} ${'n/a'.padStart(9)}  ${o.id} (${o.status})`);
        continue;
      }
      const verdict = p.beatsExploration === null ? '-' : p.beatsExploration ? 'better' : 'not better';
      lines.push(`${p.label.padEnd(8)} ${p.measuredPl.toFixed(0).padStart(9)} ${p.truePl.toFixed(0).padStart(10)} ${percent(p.trueShare).padStart(10)} ${percent(p.plqy).padStart(7)} ${String(p.iteration).padStart(3)}  ${verdict.padEnd(14)}  ${o.id}${o.status !== 'completed' ? ` (${o.status})` : ''}`);
    }
    lines.push('', `true optimum of the virtual lab: PL ${evaluation.optimum.plIntensity.toFixed(0)} counts/s, PLQY ${percent(evaluation.optimum.plqy)} (noise-free)`);
  } else {
    lines.push(`${'policy'.padEnd(8)} ${'best PL'.padStart(9)} ${'at'.padStart(3)}  campaign`);
    for (const o of optimisations) lines.push(`${(o.policy ?? '').padEnd(8)} ${(o.best?.value.toFixed(0) ?? 'n/a').padStart(9)} ${String(o.best?.iteration ?? '-').padStart(3)}  ${o.id}${o.status !== 'completed' ? ` (${o.status})` : ''}`);
  }
  lines.push(`all data in ${db}`, '');
  return lines.join('\n');
}
