// Report sections of an exploration campaign's digital twin: quality (Fig. 6), Shapley
// analysis (Fig. 7A) and response surface (Fig. 7B).
import type { CampaignInsights, TwinInsights } from '../../campaigns/insights.js';
import { RIG_INPUT_NAMES } from '../../domain/rig-space.js';
import { experimentsForTestR2, formatSplitR2, MIN_POINTS_FOR_R2 } from '../../domain/twin-quality.js';
import { labelOf, shortLabelOf } from '../charts/common.js';
import { parityChart } from '../charts/parity.js';
import { uncertaintyBySizeChart } from '../charts/uncertainty-by-size.js';
import { shapBeeswarmChart } from '../charts/shap-beeswarm.js';
import { shapImportanceChart } from '../charts/shap-importance.js';
import { responseSurfaceChart } from '../charts/response-surface.js';
import { formatPercent, formatR2, formatValue, listText } from '../format.js';
import type { ReportSection } from '../report-types.js';
import { describeAxisTrend, surfaceAxisTrend } from '../surface-trend.js';

export function twinSections(insights: CampaignInsights): ReportSection[] {
  const id = insights.summary.id;
  if (!insights.twin || !insights.dataset) {
    return [{
      id: `twin-${id}`,
      title: `Fig. 6-7: digital twin of ${id}`,
      campaigns: [id],
      paper: PAPER_TWIN,
      ours: `No twin analysis for this campaign: ${insights.notes.join('; ')}.`,
      figures: [],
      tables: [],
      notes: insights.notes,
    }];
  }
  const twin = insights.twin;
  const objective = insights.dataset.objective;
  return [qualitySection(id, twin, objective, insights.seed), shapleySection(id, twin, objective), surfaceSection(id, twin, objective)];
}

const PAPER_TWIN = 'The ENN twin trained on 60 experiments (9 LHS + 51 maximum-variance) reached R² ≈ 0.81 on the test part of an 80/20 split (Fig. 6C/D); '
  + 'the twin trained on all 60 experiments had the lowest mean predictive uncertainty on 1000 Monte Carlo conditions (Fig. 6B).';

function qualitySection(id: string, twin: TwinInsights, objective: string, seed: number): ReportSection {
  const { quality, parity, crossValidation: cv, uncertainty } = twin;
  const sizes = uncertainty.bySize;
  const first = sizes[0];
  const last = sizes[sizes.length - 1];
  const lowest = sizes.reduce((a, b) => (b.meanStd < a.meanStd ? b : a));
  const testText = quality.testR2 === null
    ? `no test R² (only ${quality.testSize} held-out experiments; an R² is given on ${MIN_POINTS_FOR_R2} or more, from ${experimentsForTestR2()} experiments on)`
    : `R² ${formatR2(quality.testR2)} on the held-out ${quality.testSize}`;
  const ours = `On ${twin.experiments} experiments, split 80/20 as the campaign splits them (${quality.trainSize} to train, ${quality.testSize} to test; the same split and figure as the campaign's own twin check), `
    + `the twin has R² ${formatSplitR2(quality.trainR2, quality.trainSize, 'training')} on its training part and ${testText}. `
    + `${twin.folds}-fold cross-validation (seed ${seed}), where every experiment is predicted by a twin that did not see it, gives R² ${formatR2(cv.pooledR2)} `
    + `(mean over folds ${formatR2(cv.meanFoldR2)}). The mean predictive std on ${uncertainty.monteCarloPoints} feasible Monte Carlo points goes from ${formatValue(first.meanStd)} `
    + `with ${first.size} experiments to ${formatValue(last.meanStd)} with ${last.size}; it is lowest with ${lowest.size}.`;
  const notes: string[] = [];
  if (quality.testR2 !== null && Math.abs(quality.testR2 - cv.pooledR2) > 0.1) notes.push('The single 80/20 split and the cross-validation disagree by more than 0.1: with this few test points one split is noisy; trust the cross-validated R².');
  notes.push('The predictive std is what the ensemble believes about itself, not its error; it need not fall as data are added.');
  return {
    id: `twin-quality-${id}`,
    title: 'Fig. 6B-D: digital twin quality',
    campaigns: [id],
    paper: PAPER_TWIN,
    ours,
    figures: [
      {
        id: `fig6cd-${id}`,
        alt: `Parity plots of the twin: training set ${quality.trainSize} experiments, R² ${formatSplitR2(quality.trainR2, quality.trainSize, 'training')}; test set ${quality.testSize} experiments, R² ${formatSplitR2(quality.testR2, quality.testSize, 'test')}`,
        spec: parityChart({
          points: [...parity.train.map((p) => ({ ...p, split: 'train' as const })), ...parity.test.map((p) => ({ ...p, split: 'test' as const }))],
          r2: { train: quality.trainR2, test: quality.testR2 },
          objective,
        }),
      },
      {
        id: `fig6b-${id}`,
        alt: `Mean predictive std of the twin against the number of training experiments: ${formatValue(first.meanStd)} with ${first.size}, ${formatValue(last.meanStd)} with ${last.size}, lowest with ${lowest.size}`,
        spec: uncertaintyBySizeChart({ bySize: sizes, monteCarloPoints: uncertainty.monteCarloPoints, objective }),
      },
    ],
    tables: [
      {
        caption: 'Twin accuracy',
        columns: ['experiments', 'train n', 'test n', 'train R² (80 %)', 'test R² (20 %)', `CV R² (${twin.folds}-fold, pooled)`, 'CV R² (mean of folds)'],
        rows: [[twin.experiments, quality.trainSize, quality.testSize, formatSplitR2(quality.trainR2, quality.trainSize, 'training'), formatSplitR2(quality.testR2, quality.testSize, 'test'), formatR2(cv.pooledR2), formatR2(cv.meanFoldR2)]],
      },
      {
        caption: `Predictive std on ${uncertainty.monteCarloPoints} Monte Carlo points`,
        columns: ['training experiments', 'mean std', 'std of std'],
        rows: sizes.map((s) => [s.size, formatValue(s.meanStd), formatValue(s.stdOfStd)]),
      },
    ],
    notes,
  };
}

function shapleySection(id: string, twin: TwinInsights, objective: string): ReportSection {
  const shap = twin.shap;
  const points = shap.values.flatMap((row, p) => row.map((value, i) => ({
    input: shap.names[i],
    shap: value,
    featureUnit: shap.features[p][i],
    featurePhysical: shap.physicalFeatures?.[p][i] ?? shap.features[p][i],
    experiment: p + 1,
  })));
  const top = shap.ranking.slice(0, 3);
  const trendText = (trend: string) => (trend === 'increasing' ? 'PL rises with it' : trend === 'decreasing' ? 'PL falls with it' : 'no clear direction');
  const ours = `The twin ranks ${listText(top.map((r) => `${shortLabelOf(r.name)} (${formatPercent(r.share, 0)} of the summed mean |SHAP|, ${trendText(r.trend)})`))} highest; `
    + `the least important input is ${shortLabelOf(shap.ranking[shap.ranking.length - 1].name)}. Exact values over all ${2 ** shap.names.length} coalitions, `
    + `${shap.backgroundSize} ${twin.shapBackground === 'uniform' ? 'uniform random feasible conditions' : 'experiments of the campaign'} as background.`;
  return {
    id: `shapley-${id}`,
    title: 'Fig. 7A: which inputs the twin relies on (Shapley analysis)',
    campaigns: [id],
    paper: 'CuI concentration and reaction temperature were the most important inputs, PL rising with both; more OAm lowered PL, and Cs-oleate ranked low.',
    ours,
    figures: [
      { id: `fig7a-${id}`, alt: `SHAP beeswarm, most important input ${labelOf(shap.ranking[0].name)}`, spec: shapBeeswarmChart({ points, ranking: shap.ranking.map((r) => r.name), objective }) },
      { id: `fig7a-ranking-${id}`, alt: 'Mean absolute SHAP value per input', spec: shapImportanceChart({ ranking: shap.ranking.map((r) => ({ input: r.name, meanAbsoluteShap: r.meanAbsoluteShap, share: r.share, trend: r.trend })), objective }) },
    ],
    tables: [{
      caption: 'Shapley ranking',
      columns: ['rank', 'input', 'mean |SHAP|', 'share', 'correlation (input, SHAP)', 'effect on PL'],
      rows: shap.ranking.map((r, k) => [k + 1, labelOf(r.name), formatValue(r.meanAbsoluteShap), formatPercent(r.share), Number.isFinite(r.correlation) ? r.correlation.toFixed(2) : 'n/a', r.trend === 'increasing' ? 'rises' : r.trend === 'decreasing' ? 'falls' : 'unclear']),
    }],
    notes: [...shap.warnings, ...backgroundNote(twin), 'Shapley values explain the twin, not the chemistry; read trends only for inputs with a sizeable share.'],
  };
}

/** Above this share of input values on a bound, the background is far from the feasible space as a whole. */
const BOUND_HEAVY_SHARE = 0.3;

function backgroundNote(twin: TwinInsights): string[] {
  if (twin.shapBackground !== 'experiments') return [];
  const values = twin.shap.features.flat();
  const onBound = values.filter((v) => v < 0.02 || v > 0.98).length / values.length;
  if (onBound < BOUND_HEAVY_SHARE) return [];
  return [`${formatPercent(onBound, 0)} of the experiments' input values sit on a bound (a variance-seeking exploration goes to the edges), and they are the Shapley background: `
    + 'credit between inputs depends on that; sdfl insights --shap-background uniform shows the ranking against uniform feasible conditions.'];
}

function surfaceSection(id: string, twin: TwinInsights, objective: string): ReportSection {
  const surface = twin.surface;
  const feasible = surface.rows.filter((r) => r.feasible);
  const cells = surface.rows.map((r) => ({ x: r.xPhysical as number, y: r.yPhysical as number, mean: r.mean, std: r.std, feasible: r.feasible }));
  const anchor = surface.anchorPhysical;
  const bestCell = feasible.length > 0 ? feasible.reduce((a, b) => (b.mean > a.mean ? b : a)) : null;
  const alongX = surfaceAxisTrend(surface, 'x');
  const alongY = surfaceAxisTrend(surface, 'y');
  const ours = `Over the feasible part of the grid (${feasible.length} of ${surface.rows.length} points) the predicted PL ${describeAxisTrend(alongX)} with ${shortLabelOf(surface.xName)} `
    + `(up in ${formatPercent(alongX.risingShare, 0)} of grid steps) and ${describeAxisTrend(alongY)} with ${shortLabelOf(surface.yName)} (up in ${formatPercent(alongY.risingShare, 0)}); `
    + (bestCell ? `its highest feasible point is ${shortLabelOf(surface.xName)} ${formatValue(bestCell.xPhysical)}, ${shortLabelOf(surface.yName)} ${formatValue(bestCell.yPhysical)} (predicted ${formatValue(bestCell.mean)} ± ${formatValue(bestCell.std)}). ` : '')
    + `The other inputs are held at the ${surface.anchorSource === 'best-observed' ? 'best measured experiment' : surface.anchorSource === 'centre' ? 'centre of the space' : 'given point'}.`;
  return {
    id: `surface-${id}`,
    title: 'Fig. 7B: response surface of the two most important inputs',
    campaigns: [id],
    paper: 'With the other inputs fixed, the twin predicts higher PL at higher CuI and higher temperature.',
    ours,
    figures: [{
      id: `fig7b-${id}`,
      alt: `Predicted PL over ${surface.xName} and ${surface.yName}`,
      spec: responseSurfaceChart({
        xName: surface.xName,
        yName: surface.yName,
        cells,
        anchor: anchor ? { x: anchor[surface.xIndex], y: anchor[surface.yIndex], label: 'best measured experiment (other inputs held here)' } : undefined,
        objective,
      }),
    }],
    tables: [{
      caption: 'Inputs held fixed (physical units)',
      columns: ['input', 'value', 'role'],
      rows: RIG_INPUT_NAMES.map((name, i) => [labelOf(name), anchor ? formatValue(anchor[i]) : 'n/a', i === surface.xIndex ? 'x axis' : i === surface.yIndex ? 'y axis' : 'held']),
    }],
    notes: ['A 2-D slice through a 7-D model: its shape depends on where the other inputs are held.'],
  };
}
