// `sdfl insights` output: the numbers of a campaign's twin analyses as JSON (stable field
// names, NaN written as null) or as a short text.
import type { CampaignInsights } from '../campaigns/insights.js';
import { RIG_INPUT_NAMES } from '../domain/rig-space.js';
import { formatSplitR2 } from '../domain/twin-quality.js';
import { labelOf } from './charts/common.js';
import { formatPercent, formatR2, formatValue } from './format.js';

export function insightsJson(insights: CampaignInsights): Record<string, unknown> {
  const { summary, twin } = insights;
  const byName = <T>(entries: readonly { name: string }[], pick: (entry: never) => T) => Object.fromEntries(entries.map((e) => [e.name, pick(e as never)]));
  return {
    campaign: { id: summary.id, name: summary.name, kind: summary.kind, policy: summary.policy ?? null, status: summary.status, measured: summary.measured, failed: summary.failed },
    seed: insights.seed,
    data: insights.dataset ?? null,
    best: summary.best,
    twin: twin && {
      experiments: twin.experiments,
      trainR2: twin.quality.trainR2,
      testR2: twin.quality.testR2,
      cvR2: twin.crossValidation.pooledR2,
      cvMeanFoldR2: twin.crossValidation.meanFoldR2,
      cvFoldR2: twin.crossValidation.folds.map((f) => f.r2),
      folds: twin.folds,
      trainSize: twin.quality.trainSize,
      testSize: twin.quality.testSize,
      parity: { train: twin.parity.train, test: twin.parity.test },
    },
    uncertaintyBySize: twin ? twin.uncertainty.bySize : null,
    monteCarloPoints: twin ? twin.uncertainty.monteCarloPoints : null,
    shap: twin && {
      method: twin.shap.method,
      inputs: twin.shap.names,
      ranking: twin.shap.ranking.map((r) => r.name),
      meanAbs: byName(twin.shap.ranking, (r: { meanAbsoluteShap: number }) => r.meanAbsoluteShap),
      share: byName(twin.shap.ranking, (r: { share: number }) => r.share),
      correlation: byName(twin.shap.ranking, (r: { correlation: number }) => r.correlation),
      trends: byName(twin.shap.ranking, (r: { trend: string }) => r.trend),
      baseline: twin.shap.baseline,
      background: twin.shapBackground,
      backgroundSize: twin.shap.backgroundSize,
      values: twin.shap.values,
      warnings: twin.shap.warnings,
    },
    surface: twin && {
      x: twin.surface.xName,
      y: twin.surface.yName,
      anchorSource: twin.surface.anchorSource,
      anchor: twin.surface.anchorPhysical ? Object.fromEntries(RIG_INPUT_NAMES.map((name, i) => [name, twin.surface.anchorPhysical![i]])) : null,
      gridLevels: [twin.surface.xLevels, twin.surface.yLevels],
      feasiblePoints: twin.surface.rows.filter((r) => r.feasible).length,
      bestFeasible: bestFeasible(insights),
    },
    notes: insights.notes,
  };
}

function bestFeasible(insights: CampaignInsights): { x: number; y: number; mean: number; std: number } | null {
  const feasible = insights.twin?.surface.rows.filter((r) => r.feasible) ?? [];
  if (feasible.length === 0) return null;
  const best = feasible.reduce((a, b) => (b.mean > a.mean ? b : a));
  return { x: best.xPhysical as number, y: best.yPhysical as number, mean: best.mean, std: best.std };
}

/** JSON text with NaN and infinities as null (JSON has no such numbers). */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
}

export function formatInsights(insights: CampaignInsights): string {
  const { summary, twin } = insights;
  const lines = [`campaign ${summary.id} (${summary.kind}${summary.policy ? `, ${summary.policy}` : ''}): ${summary.measured} measured, ${summary.failed} failed`];
  if (insights.dataset && insights.dataset.sources.length > 1) lines.push(`data: ${insights.dataset.experiments} experiments from ${insights.dataset.sources.join(', ')}`);
  if (!twin) {
    lines.push(...insights.notes.map((n) => `note: ${n}`), '');
    return lines.join('\n');
  }
  const { quality, crossValidation: cv } = twin;
  lines.push(
    `twin: train R^2 ${formatSplitR2(quality.trainR2, quality.trainSize, 'training')}, test R^2 ${formatSplitR2(quality.testR2, quality.testSize, 'test')} (the campaign's 80/20 split: ${quality.trainSize} train, ${quality.testSize} test)`,
    `${twin.folds}-fold cross-validated R^2 (seed ${insights.seed}) ${formatR2(cv.pooledR2)} (pooled), ${formatR2(cv.meanFoldR2)} (mean of folds)`,
    '',
    `predictive std on ${twin.uncertainty.monteCarloPoints} Monte Carlo points`,
    `${'experiments'.padStart(12)} ${'mean std'.padStart(12)} ${'std of std'.padStart(12)}`,
    ...twin.uncertainty.bySize.map((s) => `${String(s.size).padStart(12)} ${formatValue(s.meanStd).padStart(12)} ${formatValue(s.stdOfStd).padStart(12)}`),
    '',
    `Shapley ranking (${twin.shap.method}, background ${twin.shap.backgroundSize} ${twin.shapBackground === 'uniform' ? 'uniform random feasible conditions' : 'experiments'})`,
    `${'rank'.padStart(4)}  ${'input'.padEnd(28)} ${'mean |SHAP|'.padStart(12)} ${'share'.padStart(8)}  trend`,
    ...twin.shap.ranking.map((r, k) => `${String(k + 1).padStart(4)}  ${labelOf(r.name).padEnd(28)} ${formatValue(r.meanAbsoluteShap).padStart(12)} ${formatPercent(r.share).padStart(8)}  ${r.trend}`),
  );
  const best = bestFeasible(insights);
  lines.push('', `response surface over ${labelOf(twin.surface.xName)} and ${labelOf(twin.surface.yName)} (others at the ${twin.surface.anchorSource} point)`);
  if (best) lines.push(`  highest feasible prediction ${formatValue(best.mean)} +- ${formatValue(best.std)} at ${formatValue(best.x)}, ${formatValue(best.y)}`);
  for (const warning of twin.shap.warnings) lines.push(`warning: ${warning}`);
  lines.push('');
  return lines.join('\n');
}
