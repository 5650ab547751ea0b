// Report section of paper Fig. 8C: spectra and relative PLQY of the best condition found.
import { COMPOSITION_AXES } from '../../chemistry/composition.js';
import { RIG_INPUT_NAMES } from '../../domain/rig-space.js';
import type { BestCondition } from '../best-condition.js';
import { labelOf, shortLabelOf, unitOf } from '../charts/common.js';
import { spectraByLevelChart } from '../charts/spectra-by-level.js';
import { formatValue } from '../format.js';
import type { ReportSection } from '../report-types.js';

export function bestConditionSection(best: BestCondition): ReportSection {
  const { spectra, features } = { spectra: best.spectra, features: best.spectra.features };
  const sorted = [...best.others].sort((a, b) => a.relativePlqy - b.relativePlqy);
  const median = sorted.length > 0 ? (sorted[Math.floor((sorted.length - 1) / 2)].relativePlqy + sorted[Math.ceil((sorted.length - 1) / 2)].relativePlqy) / 2 : Number.NaN;
  const rank = best.relativePlqy === null ? null : 1 + sorted.filter((o) => o.relativePlqy > (best.relativePlqy as number)).length;
  const plUnit = spectra.plUnit;
  const plqyText = best.relativePlqy === null
    ? 'Its relative PLQY cannot be given (no absorbance at 300 nm or no PL area).'
    : `Its relative PLQY, the PL area per share of the 300 nm excitation absorbed (1 − 10^−Abs300 = ${formatValue(1 - 10 ** -(features.abs300 as number))}), is ${formatValue(best.relativePlqy)} ${plUnit} nm: `
      + `${formatValue(best.relativePlqy / median)} times the median of the ${sorted.length} measured experiments of these campaigns, rank ${rank} of ${sorted.length}.`;
  const ours = `The best ${shortLabelOf(best.objective)} of these campaigns, ${formatValue(best.value)} ${unitOf(best.objective)}, was measured in experiment ${best.experimentId} of ${best.campaignId} (${best.policy}) `
    + `at ${formatValue(best.condition.temperatureC)} °C with ${formatValue(best.composition.cuMillimolar)} mM CuI and ${formatValue(best.composition.csMillimolar)} mM Cs-oleate in the droplet (reaction time ${formatValue(best.composition.reactionTimeS)} s). `
    + `Its PL peaks at ${formatValue(features.plPeakNm)} nm with a FWHM of ${formatValue(features.plFwhmNm)} nm; Abs300 is ${formatValue(features.abs300)}. ${plqyText}`;
  return {
    id: 'best-condition',
    title: 'Fig. 8C: spectra and relative PLQY of the best condition',
    campaigns: [best.campaignId],
    paper: 'The in-situ absorption and PL spectra of the best Cs3Cu2I5 nanocrystals found (EI policy); purified, they had a PLQY of about 17 %, measured offline.',
    ours,
    figures: [{
      id: 'fig8c',
      alt: `Absorbance and PL spectra of experiment ${best.experimentId}: PL peak at ${formatValue(features.plPeakNm)} nm, PL intensity ${formatValue(features.plIntensity)} ${plUnit}, Abs300 ${formatValue(features.abs300)}`,
      spec: spectraByLevelChart({
        title: `Best condition: experiment ${best.experimentId} (${best.policy})`,
        points: [
          ...spectra.absorbance.map((b) => ({ level: best.experimentId, channel: 'absorbance' as const, wavelengthNm: b.wavelengthNm, value: b.signal })),
          ...spectra.pl.map((b) => ({ level: best.experimentId, channel: 'pl' as const, wavelengthNm: b.wavelengthNm, value: b.signal })),
        ],
        levelTitle: 'experiment',
        levelLabels: { [best.experimentId]: `${best.experimentId} (${best.policy})` },
        plTitle: `PL (${plUnit})`,
      }),
    }],
    tables: [
      {
        caption: 'The best condition',
        columns: ['quantity', 'value'],
        rows: [
          ...RIG_INPUT_NAMES.map((name) => [labelOf(name), formatValue(best.condition[name])]),
          ...COMPOSITION_AXES.filter((axis) => axis !== 'temperatureC').map((axis) => [labelOf(axis), formatValue(best.composition[axis])]),
          [labelOf('abs300'), formatValue(features.abs300)],
          [labelOf('plIntensity'), formatValue(features.plIntensity)],
          [labelOf('plArea'), formatValue(features.plArea)],
          [labelOf('plPeakNm'), formatValue(features.plPeakNm)],
          [labelOf('plFwhmNm'), formatValue(features.plFwhmNm)],
          [`relative PLQY (${plUnit} nm per absorbed share)`, formatValue(best.relativePlqy)],
          ['relative PLQY, median of the campaigns\' experiments', formatValue(median)],
        ],
      },
    ],
    notes: [
      'This is not the absolute PLQY the paper reports: that takes an integrating sphere and purified nanocrystals (the paper measured about 17 % offline). '
        + 'The relative PLQY is the comparative method within this rig: emitted PL (area) per absorbed share of the excitation, so it compares experiments measured with the same detection; '
        + 'it ignores re-absorption of the emission and scattering, and assumes the absorbance at 300 nm is that of the PL flowcell\'s path.',
      'The paper used the PL intensity as its PLQY proxy (its Fig. S3: PL intensity in flow against the offline PLQY is linear); the relative PLQY also corrects for how much light each sample absorbs.',
    ],
  };
}
