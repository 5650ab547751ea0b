// Report sections of an exploration campaign's digital twin: quality (Fig. 6), Shapley
// analysis (Fig. 7A) and response surface (Fig. 7B).
import type { CampaignInsights, TwinInsights } from '../../campaigns/insights.js';
import { RIG_INPUT_NAMES } from '../../domain/rig-space.js';
import { experimentsForTestR2, formatSplitR2, MIN_POINTS_FOR_R2 } from '../../domain/twin-quality.js';
import { labelOf, shortLabelOf, unitOf } from '../charts/common.js';
import { COMPOSITION_AXES } from '../../chemistry/composition.js';
import { parityChart } from '../charts/parity.js';
import { valueVersusInputChart } from '../charts/pl-versus-input.js';
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

const PAPER_TWIN = 'The 60 experiments (9 LHS + 51 maximum-variance) spread over the temperature range (Fig. 6A); the ENN twin trained on them reached R² ≈ 0.81 on the test part of an 80/20 split (Fig. 6C/D), '
  + 'and the twin trained on all 60 experiments had the lowest mean predictive uncertainty on 1000 Monte Carlo conditions (Fig. 6B).';

/** Fig. 6A: the measured objective of the twin's experiments against temperature, by who chose them. */
function dataFigure(id: string, twin: TwinInsights, objective: string): ReportSection['figures'][number] {
  const origin = (e: TwinInsights['data'][number]) => (e.reason === 'initial-design' ? 'initial design' : e.policy);
  const origins = [...new Set(twin.data.map(origin))].sort((a, b) => (a === 'initial design' ? -1 : b === 'initial design' ? 1 : a.localeCompare(b)));
  const points = twin.data.map((e, k) => ({ x: e.condition.temperatureC, value: e.value, origin: origin(e), experiment: e.experimentId ?? k + 1 }));
  const best = points.reduce((a, b) => (b.value > a.value ? b : a));
  const counts = origins.map((o) => `${points.filter((p) => p.origin === o).length} ${o === 'initial design' ? 'from the initial design' : `chosen by ${o}`}`);
  const temperatures = points.map((p) => p.x);
  return {
    id: `fig6a-${id}`,
    alt: `Measured ${labelOf(objective)} of the ${points.length} experiments against temperature (${formatValue(Math.min(...temperatures))} to ${formatValue(Math.max(...temperatures))} °C): ${listText(counts)}; `
      + `the highest, ${formatValue(best.value)}, at ${formatValue(best.x)} °C`,
    spec: valueVersusInputChart({ points, input: 'temperatureC', objective, origins }),
  };
}

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
    title: 'Fig. 6: the digital twin, its data and its quality',
    campaigns: [id],
    paper: PAPER_TWIN,
    ours,
    figures: [
      dataFigure(id, twin, objective),
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
        columns: ['training experiments', `mean std (${unitOf(objective)})`, `std of std (${unitOf(objective)})`],
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
      { id: `fig7a-${id}`, alt: `SHAP values of every experiment for each input, inputs from most to least important: ${listText(shap.ranking.map((r) => `${shortLabelOf(r.name)} ${formatPercent(r.share, 0)} (${trendText(r.trend)})`))}`, spec: shapBeeswarmChart({ points, ranking: shap.ranking.map((r) => r.name), objective }) },
      { id: `fig7a-ranking-${id}`, alt: `Mean absolute SHAP value per input: ${listText(shap.ranking.map((r) => `${shortLabelOf(r.name)} ${formatValue(r.meanAbsoluteShap)}`))}`, spec: shapImportanceChart({ ranking: shap.ranking.map((r) => ({ input: r.name, meanAbsoluteShap: r.meanAbsoluteShap, share: r.share, trend: r.trend })), objective }) },
    ],
    tables: [{
      caption: 'Shapley ranking',
      columns: ['rank', 'input', `mean |SHAP| (${unitOf(objective)})`, 'share', 'correlation (input, SHAP)', 'effect on PL'],
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
  const surface = twin.compositionSurface;
  const feasible = surface.rows.filter((r) => r.feasible);
  const cells = surface.rows.map((r) => ({ x: r.x, y: r.y, mean: r.mean, std: r.std, feasible: r.feasible }));
  const anchor = surface.anchor;
  const bestCell = feasible.length > 0 ? feasible.reduce((a, b) => (b.mean > a.mean ? b : a)) : null;
  const alongX = surfaceAxisTrend(surface, 'x');
  const alongY = surfaceAxisTrend(surface, 'y');
  const x = surface.xAxis;
  const y = surface.yAxis;
  const held = COMPOSITION_AXES.filter((axis) => axis !== x && axis !== y);
  const heldText = listText(held.map((axis) => `${shortLabelOf(axis)} ${formatAxisValue(axis, anchor[axis])}`));
  const anchorExperiment = twin.compositionAnchor;
  const experimentName = `experiment ${anchorExperiment.experimentId ?? '?'} (${formatValue(anchorExperiment.value)} ${unitOf(objective)})`;
  const heldAtText = surface.anchorIndex === 0
    ? `the best measured experiment, ${experimentName}`
    : `${experimentName}, the best measured experiment whose slice the rig can run over a sizeable area `
      + `(the ${surface.anchorIndex === 1 ? 'best' : `${surface.anchorIndex} better`} one${surface.anchorIndex === 1 ? '' : 's'} sit${surface.anchorIndex === 1 ? 's' : ''} on bounds where the slice is feasible over only ${formatPercent(surface.firstFeasibleShare, 0)} of the window, against ${formatPercent(surface.anchorFeasibleShare, 0)} here)`;
  const ours = `Over the feasible part of the grid (${feasible.length} of ${surface.rows.length} points) the predicted PL ${describeAxisTrend(alongX)} with ${shortLabelOf(x)} `
    + `(up in ${formatPercent(alongX.risingShare, 0)} of grid steps) and ${describeAxisTrend(alongY)} with ${shortLabelOf(y)} (up in ${formatPercent(alongY.risingShare, 0)}); `
    + (bestCell ? `its highest feasible point is ${shortLabelOf(x)} ${formatAxisValue(x, bestCell.x)}, ${shortLabelOf(y)} ${formatAxisValue(y, bestCell.y)} (predicted ${formatValue(bestCell.mean)} ± ${formatValue(bestCell.std)} ${unitOf(objective)}). ` : '')
    + `The axes are the two most important inputs (${listText([surface.xInput, surface.yInput].map((name) => (name === 'temperatureC' ? 'temperature' : `${shortLabelOf(name)} flow`)))}) as the droplet composition they set; `
    + `${heldText} are held at ${heldAtText}, and the flows of each grid point follow from its composition.`;
  return {
    id: `surface-${id}`,
    title: 'Fig. 7B: response surface of the two most important inputs',
    campaigns: [id],
    paper: 'With the other synthesis parameters held, the twin predicts higher PL at higher CuI concentration and higher temperature.',
    ours,
    figures: [{
      id: `fig7b-${id}`,
      alt: `Predicted ${labelOf(objective)} over ${labelOf(x)} and ${labelOf(y)}, ${feasible.length} of ${surface.rows.length} grid points feasible`
        + (bestCell ? `; highest ${formatValue(bestCell.mean)} at ${formatAxisValue(x, bestCell.x)} and ${formatAxisValue(y, bestCell.y)}` : '')
        + `; PL ${describeAxisTrend(alongX)} along x and ${describeAxisTrend(alongY)} along y`,
      spec: responseSurfaceChart({
        xName: x,
        yName: y,
        cells,
        anchor: { x: anchor[x], y: anchor[y], label: `${experimentName}: the others are held at its composition` },
        objective,
        subtitle: [`others held at experiment ${anchorExperiment.experimentId ?? '?'}: ${heldText}`, 'grey: breaks a rig constraint'],
      }),
    }],
    tables: [{
      caption: 'Composition held',
      columns: ['quantity', 'value', 'role'],
      rows: COMPOSITION_AXES.map((axis) => [labelOf(axis), formatAxisValue(axis, anchor[axis], false), axis === x ? 'x axis' : axis === y ? 'y axis' : 'held']),
    }, {
      caption: `Flows of ${experimentName}, where the others are held`,
      columns: RIG_INPUT_NAMES.map(labelOf),
      rows: [RIG_INPUT_NAMES.map((name) => formatValue(surface.anchorCondition[name]))],
    }],
    notes: ['A 2-D slice through a 7-D model: its shape depends on where the other inputs are held.',
      'Concentrations are those of the droplet\'s precursor phase (both streams, without the PFO carrier), from the stock compositions of the recipe; the CuI-stream ODE fills the stream up, so holding every concentration and the reaction time fixes all flows.'],
  };
}

/** A composition value with its unit: "1.13 mM", "150 °C", "8.5 % v/v", "31 s". */
function formatAxisValue(axis: string, value: number, withUnit = true): string {
  const text = !Number.isFinite(value) ? 'n/a' : axis === 'temperatureC' || axis === 'reactionTimeS' ? value.toFixed(1) : String(Number(value.toPrecision(4)));
  const unit = unitOf(axis);
  return withUnit && unit ? `${text} ${unit}` : text;
}
