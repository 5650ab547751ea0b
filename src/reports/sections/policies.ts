// Report sections comparing decision policies over optimisation campaigns: best so far
// (Fig. 8A) and the inputs chosen (Fig. 8B).
import type { PolicyComparisonInsights } from '../../campaigns/insights.js';
import { RIG_INPUT_NAMES, rigParameterSpace } from '../../domain/rig-space.js';
import { bestSoFarChart } from '../charts/best-so-far.js';
import { inputChoicesChart } from '../charts/input-choices.js';
import { formatCount, formatPercent, formatValue, listText } from '../format.js';
import { shortLabelOf } from '../charts/common.js';
import type { ReportSection } from '../report-types.js';

const PAPER_BEST = 'EI, UCB and EPLT all found conditions with higher PL than the grid search and the exploration campaign; '
  + 'EI reached its best in 6 iterations, UCB in 8 and EPLT in 10, while random sampling ended about 20 % below EI (10 experiments each, informed by the 60-experiment twin).';

export function policySections(data: PolicyComparisonInsights): ReportSection[] {
  const { comparison, campaigns, informedBest } = data;
  const ids = campaigns.map((c) => c.id);
  const policies = comparison.policies.map((p) => p.policy);
  const objective = campaigns[0].objective;
  const objectiveText = shortLabelOf(objective);
  const sign = campaigns[0].direction === 'maximize' ? 1 : -1;
  const runs = comparison.runs.flatMap((run) => run.bestSoFar.map((best, t) => ({ policy: run.policy, replicate: String(run.replicate), iteration: t + 1, best })));
  const bands = comparison.policies.flatMap((p) => p.iterations.map((it) => ({
    policy: p.policy, iteration: it.iteration, median: it.median, lowerQuartile: it.lowerQuartile, upperQuartile: it.upperQuartile, replicates: it.count,
  })));
  const ranked = [...comparison.policies].filter((p) => Number.isFinite(p.medianBestValue)).sort((a, b) => sign * (b.medianBestValue - a.medianBestValue));
  const leader = ranked[0];
  const random = comparison.policies.find((p) => p.policy === 'random');
  const replicated = comparison.policies.some((p) => p.replicates > 1);
  let ours = leader
    ? `${leader.policy.toUpperCase()} found the best ${objectiveText} (${replicated ? 'median over replicates ' : ''}${formatValue(leader.medianBestValue)}, first reached at iteration ${formatCount(leader.medianIterationOfBest)}). `
      + `In order: ${listText(ranked.map((p) => `${p.policy} ${formatValue(p.medianBestValue)} (iteration ${formatCount(p.medianIterationOfBest)})`))}.`
    : 'No campaign measured a value yet.';
  if (leader && random && random !== leader) ours += ` Random sampling ended ${formatPercent(1 - random.medianBestValue / leader.medianBestValue)} below ${leader.policy.toUpperCase()}.`;
  if (informedBest) {
    const beat = ranked.filter((p) => sign * (p.medianBestValue - informedBest.value) > 0).map((p) => p.policy);
    ours += ` The informing campaign${informedBest.campaigns.length > 1 ? 's' : ''} had measured ${formatValue(informedBest.value)} at best; `
      + (beat.length > 0 ? `${listText(beat)} went beyond it.` : 'no policy went beyond it.');
  }
  const inputRows = comparison.inputChoices.map((c) => ({ ...c, replicate: String(c.replicate) }));
  return [
    {
      id: 'policies-best',
      title: 'Fig. 8A: best condition so far per decision policy',
      campaigns: ids,
      paper: PAPER_BEST,
      ours,
      figures: [{
        id: 'fig8a',
        alt: `Best ${objectiveText} so far against iteration: ${listText(ranked.map((p) => `${p.policy} reached ${formatValue(p.medianBestValue)} at iteration ${formatCount(p.medianIterationOfBest)}`))}`
          + (informedBest ? `; the informing exploration's best was ${formatValue(informedBest.value)}` : ''),
        spec: bestSoFarChart({ runs, bands, policies, objective, reference: informedBest ? { label: 'best of the informing exploration', value: informedBest.value } : undefined }),
      }],
      tables: [
        {
          caption: 'Best per campaign',
          columns: ['policy', 'campaign', 'seed', 'experiments', 'failed', `best ${objectiveText}`, 'reached at iteration'],
          rows: comparison.runs.map((run, k) => [run.policy, campaigns[k].id, campaigns[k].seed, campaigns[k].values.length, campaigns[k].values.filter((v) => !Number.isFinite(v)).length, formatValue(run.bestValue), formatCount(run.iterationOfBest)]),
        },
        {
          caption: 'Per policy (median over replicates)',
          columns: ['policy', 'replicates', `median best ${objectiveText}`, 'median iteration of best'],
          rows: comparison.policies.map((p) => [p.policy, p.replicates, formatValue(p.medianBestValue), formatCount(p.medianIterationOfBest)]),
        },
      ],
      notes: replicated ? [] : ['One campaign per policy: no spread across replicates. Run the same policy with several seeds to see it.'],
    },
    {
      id: 'policies-inputs',
      title: 'Fig. 8B: inputs chosen over the iterations',
      campaigns: ids,
      paper: 'The paper shows the inputs each policy selected over its 10 iterations and notes that the twin\'s remaining uncertainty is why closed-loop optimisation was still needed after the exploration.',
      ours: `Mean share of each input's range spanned by a campaign's choices: ${listText(comparison.policies.map((p) => `${p.policy} ${formatPercent(rangeSpanned(data, p.policy), 0)}`))} `
        + '(a policy that settles spans little; random sampling spans much).',
      figures: [{ id: 'fig8b', alt: `The seven inputs chosen by each policy against iteration, one panel per input; share of each input's range spanned: ${listText(comparison.policies.map((p) => `${p.policy} ${formatPercent(rangeSpanned(data, p.policy), 0)}`))}`, spec: inputChoicesChart({ points: inputRows, inputs: RIG_INPUT_NAMES, policies }) }],
      tables: [],
      notes: [],
    },
  ];
}

/** Mean over inputs and the policy's campaigns of (max - min) of the chosen values / bound width. */
export function rangeSpanned(data: PolicyComparisonInsights, policy: string): number {
  const space = rigParameterSpace();
  const shares: number[] = [];
  for (const campaign of data.campaigns.filter((c) => c.policy === policy)) {
    if (campaign.inputs.length === 0) continue;
    space.parameters.forEach((parameter, i) => {
      const values = campaign.inputs.map((x) => x[i]);
      shares.push((Math.max(...values) - Math.min(...values)) / (parameter.upper - parameter.lower));
    });
  }
  return shares.length > 0 ? shares.reduce((a, b) => a + b, 0) / shares.length : Number.NaN;
}
