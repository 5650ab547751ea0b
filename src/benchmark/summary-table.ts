// The terminal summary of a benchmark: per policy, median [IQR] of the best value and of the
// regret after the initial design, half the budget and the full budget.
import type { BenchmarkReport } from './report.js';
import type { Spread } from './summary.js';

export function formatSummaryTable(report: BenchmarkReport): string {
  const { objective, settings } = report;
  const optimum = objective.optimum === null ? 'optimum unknown' : `optimum ${formatNumber(objective.optimum)}`;
  const lines = [
    `${objective.name}: ${objective.direction}, ${optimum}; ${settings.replicates} replicate(s) of ${settings.init} initial + ${settings.budget - settings.init} policy evaluations; seed ${settings.seed}; ${report.workers} worker(s); ${(report.wallMs / 1000).toFixed(1)} s`,
  ];
  const policyWidth = Math.max(8, ...report.summary.map((s) => s.policy.length)) + 2;
  const cellWidth = 2 + Math.max(...report.checkpoints.map((n) => `after ${n}`.length), ...report.summary.flatMap((p) => p.checkpoints.flatMap((c) => [formatSpread(c.bestSoFar).length, formatSpread(c.regret).length])));
  const header = 'policy'.padEnd(policyWidth) + report.checkpoints.map((n) => `after ${n}`.padEnd(cellWidth)).join('');
  const table = (title: string, pick: (c: BenchmarkReport['summary'][number]['checkpoints'][number]) => Spread | null, withTiming: boolean) => {
    lines.push('', `${title}, median [25%, 75%] over replicates`, (header + (withTiming ? 'ms/iteration' : '')).trimEnd());
    for (const policy of report.summary) {
      const cells = policy.checkpoints.map((c) => formatSpread(pick(c)).padEnd(cellWidth)).join('');
      const timing = withTiming ? (policy.medianIterationMs === null ? '-' : policy.medianIterationMs.toFixed(0)) : '';
      lines.push((policy.policy.padEnd(policyWidth) + cells + timing).trimEnd());
    }
  };
  table('best so far', (c) => c.bestSoFar, true);
  if (objective.optimum !== null) table(objective.noisy ? 'regret (noise-free values)' : 'regret', (c) => c.regret, false);
  return `${lines.join('\n')}\n`;
}

function formatSpread(spread: Spread | null): string {
  if (spread === null) return '-';
  return `${formatNumber(spread.median)} [${formatNumber(spread.q25)}, ${formatNumber(spread.q75)}]`;
}

export function formatNumber(value: number): string {
  const magnitude = Math.abs(value);
  if (value !== 0 && (magnitude >= 1e4 || magnitude < 1e-3)) return value.toExponential(3);
  return value.toPrecision(4);
}
