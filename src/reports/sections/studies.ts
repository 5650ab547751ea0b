// Report sections of the platform studies (paper Fig. 3-5), one per study campaign.
import { z } from 'zod';
import { stabilityChart } from '../charts/stability.js';
import { perturbationChart } from '../charts/perturbation.js';
import { residenceTimeChart } from '../charts/residence-time.js';
import { flowrateChart, MIXING_THRESHOLD_UL_PER_MIN } from '../charts/flowrate.js';
import { reactionTimeChart } from '../charts/reaction-time.js';
import { gridSpectraChart } from '../charts/grid-spectra.js';
import { spectraByLevelChart } from '../charts/spectra-by-level.js';
import { labelOf, shortLabelOf, unitOf } from '../charts/common.js';
import { formatCount, formatPercent, formatValue, listText } from '../format.js';
import type { StudyData, StudyRowValue } from '../study-data.js';
import type { ReportSection, ReportTable } from '../report-types.js';

const rsdSchema = z.object({ rsdPercent: z.object({ abs300: z.number().nullable(), plIntensity: z.number().nullable(), plArea: z.number().nullable() }) });
const segmentsSchema = z.object({
  segments: z.array(z.object({ reactionTimeS: z.number(), residenceTimeS: z.number(), steadyAfterS: z.number().nullable(), steadyAfterResidenceTimes: z.number().nullable() })),
});

/** Paper order of the studies. */
export const STUDY_ORDER = ['stability', 'perturbation', 'residence-time', 'flowrate', 'reaction-time', 'grid'] as const;

export function studySection(data: StudyData): ReportSection {
  const base = { id: `study-${data.campaignId}`, campaigns: [data.campaignId], notes: [...data.notes] };
  if (data.rows.length === 0) {
    return { ...base, title: `Study ${data.study}`, paper: '', ours: 'The study has no result yet.', figures: [], tables: [] };
  }
  switch (data.study) {
    case 'stability': return { ...base, ...stability(data) };
    case 'perturbation': return { ...base, ...perturbation(data) };
    case 'residence-time': return { ...base, ...residenceTime(data) };
    case 'flowrate': return { ...base, ...flowrate(data) };
    case 'reaction-time': return { ...base, ...reactionTime(data) };
    case 'grid': return { ...base, ...grid(data) };
  }
}

type SectionBody = Pick<ReportSection, 'title' | 'paper' | 'ours' | 'figures' | 'tables'>;

function num(value: StudyRowValue | undefined): number {
  return typeof value === 'number' ? value : Number.NaN;
}

function numericRows<K extends string>(data: StudyData, fields: readonly K[]): Record<K, number>[] {
  return data.rows.map((row) => Object.fromEntries(fields.map((f) => [f, num(row[f])])) as Record<K, number>);
}

function rsdTable(data: StudyData, caption: string): { table: ReportTable; rsd: z.infer<typeof rsdSchema>['rsdPercent'] | null } {
  const parsed = rsdSchema.safeParse(data.summary);
  const rsd = parsed.success ? parsed.data.rsdPercent : null;
  const cell = (v: number | null | undefined) => (v === null || v === undefined ? 'n/a' : `${v.toFixed(2)} %`);
  return { rsd, table: { caption, columns: ['feature', 'relative std'], rows: [[labelOf('abs300'), cell(rsd?.abs300)], [labelOf('plIntensity'), cell(rsd?.plIntensity)], [labelOf('plArea'), cell(rsd?.plArea)]] } };
}

function rsdText(rsd: { abs300: number | null; plIntensity: number | null; plArea: number | null } | null): string {
  const f = (v: number | null) => (v === null ? 'n/a' : `${v.toFixed(1)} %`);
  return rsd ? `${f(rsd.abs300)}, ${f(rsd.plIntensity)} and ${f(rsd.plArea)} for Abs300, PL intensity and PL area` : 'not recorded';
}

function stability(data: StudyData): SectionBody {
  const rows = numericRows(data, ['timeMin', 'abs300', 'plIntensity', 'plArea']);
  const { table, rsd } = rsdTable(data, 'Relative standard deviation at steady state');
  const span = rows.length > 0 ? Math.max(...rows.map((r) => r.timeMin)) - Math.min(...rows.map((r) => r.timeMin)) : 0;
  return {
    title: 'Fig. 3A: continuous operation at one condition',
    paper: 'Held for 120 min, the platform reached steady state at 1.2 residence times; the relative standard deviations were about 1.3 %, 1.1 % and 1.0 % for Abs300, PL intensity and PL area.',
    ours: `${rows.length} readings over ${span.toFixed(0)} min after equilibration; relative standard deviations ${rsdText(rsd)}.`,
    figures: [{ id: `fig3a-${data.campaignId}`, alt: `Abs300, PL intensity and PL area over ${span.toFixed(0)} min; relative standard deviations ${rsdText(rsd)}`, spec: stabilityChart({ rows }) }],
    tables: [table],
  };
}

function perturbation(data: StudyData): SectionBody {
  const rows = data.rows.map((row) => ({ index: num(row.index), role: row.role === 'baseline' ? 'baseline' as const : 'perturbation' as const, abs300: num(row.abs300), plIntensity: num(row.plIntensity), plArea: num(row.plArea) }));
  const { table, rsd } = rsdTable(data, 'Relative standard deviation of the baseline replicates');
  const replicates = rows.filter((r) => r.role === 'baseline').length;
  return {
    title: 'Fig. 3B: reproducibility after perturbations',
    paper: 'A baseline condition repeated five times between random conditions gave relative standard deviations of about 2.8 %, 1.2 % and 1.1 % for Abs300, PL intensity and PL area.',
    ours: `${replicates} baseline replicates between ${rows.length - replicates} random conditions; relative standard deviations ${rsdText(rsd)}.`,
    figures: [{ id: `fig3b-${data.campaignId}`, alt: `Features of ${replicates} baseline runs and ${rows.length - replicates} perturbing conditions in sequence; baseline relative standard deviations ${rsdText(rsd)}`, spec: perturbationChart({ rows }) }],
    tables: [table],
  };
}

function residenceTime(data: StudyData): SectionBody {
  const rows = numericRows(data, ['reactionTimeS', 'residenceTimes', 'abs300', 'plIntensity']);
  const parsed = segmentsSchema.safeParse(data.summary);
  const segments = parsed.success ? parsed.data.segments : [];
  const settled = segments.map((s) => s.steadyAfterResidenceTimes).filter((v): v is number => v !== null);
  return {
    title: 'Fig. 3C: dynamic residence time',
    paper: 'At reaction times of 25, 31 and 42 s every condition reached steady state after 1.2 residence times (t_E = 1.2 τ), with all features within 5 % afterwards.',
    ours: segments.length > 0
      ? `Abs300 stayed within 5 % of its plateau after ${listText(segments.map((s) => `${s.steadyAfterResidenceTimes === null ? 'never' : `${s.steadyAfterResidenceTimes.toFixed(2)} τ`} (${s.reactionTimeS.toFixed(0)} s)`))}`
        + (settled.length > 0 ? `; the longest is ${Math.max(...settled).toFixed(2)} τ.` : '.')
      : 'No per-condition summary recorded.',
    figures: [{ id: `fig3c-${data.campaignId}`, alt: `Abs300 and PL intensity after each flow change, in residence times; steady after ${segments.length > 0 ? listText(segments.map((s) => `${s.steadyAfterResidenceTimes === null ? 'never' : `${s.steadyAfterResidenceTimes.toFixed(2)} τ`} at ${s.reactionTimeS.toFixed(0)} s`)) : 'n/a'}`, spec: residenceTimeChart({ rows }) }],
    tables: [{
      caption: 'Time to steady state',
      columns: ['reaction time (s)', 'residence time τ (s)', 'steady after (s)', 'steady after (τ)'],
      rows: segments.map((s) => [s.reactionTimeS.toFixed(1), s.residenceTimeS.toFixed(1), s.steadyAfterS === null ? 'never' : s.steadyAfterS.toFixed(0), s.steadyAfterResidenceTimes === null ? 'never' : s.steadyAfterResidenceTimes.toFixed(2)]),
    }],
  };
}

function flowrate(data: StudyData): SectionBody {
  const rows = numericRows(data, ['totalPrecursorFlowUlPerMin', 'abs300', 'plIntensity', 'plArea']);
  const high = rows.filter((r) => r.totalPrecursorFlowUlPerMin >= MIXING_THRESHOLD_UL_PER_MIN && Number.isFinite(r.plIntensity));
  const lowest = rows.reduce((a, b) => (b.totalPrecursorFlowUlPerMin < a.totalPrecursorFlowUlPerMin ? b : a));
  const plateau = high.length > 0 ? high.reduce((s, r) => s + r.plIntensity, 0) / high.length : Number.NaN;
  const spread = high.length > 0 ? (Math.max(...high.map((r) => r.plIntensity)) - Math.min(...high.map((r) => r.plIntensity))) / plateau : Number.NaN;
  return {
    title: 'Fig. 4A/B: total flow rate at constant reaction time',
    paper: 'At a fixed reaction time the synthesis was mass-transfer limited at low total flows; above 600 µL/min the optical features reached a plateau.',
    ours: `At ${formatValue(lowest.totalPrecursorFlowUlPerMin)} µL/min the PL intensity is ${formatPercent(lowest.plIntensity / plateau, 0)} of its mean above ${MIXING_THRESHOLD_UL_PER_MIN} µL/min (${formatValue(plateau)}), `
      + `where the ${high.length} flows spread by ${formatPercent(spread)}.`,
    figures: [
      ...levelSpectraFigure(data, `fig4ab-spectra-${data.campaignId}`, 'Spectra at constant reaction time, by total flow', 'total precursor flow (µL/min)', 'µL/min'),
      { id: `fig4ab-${data.campaignId}`, alt: `Abs300, PL intensity and PL area against total precursor flow; PL at ${formatValue(lowest.totalPrecursorFlowUlPerMin)} µL/min is ${formatPercent(lowest.plIntensity / plateau, 0)} of its mean above ${MIXING_THRESHOLD_UL_PER_MIN} µL/min`, spec: flowrateChart({ rows }) },
    ],
    tables: [featureTable(rows, 'totalPrecursorFlowUlPerMin', 'total flow (µL/min)')],
  };
}

function reactionTime(data: StudyData): SectionBody {
  const rows = numericRows(data, ['reactionTimeS', 'abs300', 'plIntensity', 'plArea']).sort((a, b) => a.reactionTimeS - b.reactionTimeS);
  const abs = rows.map((r) => r.abs300).filter(Number.isFinite);
  const absMean = abs.reduce((a, b) => a + b, 0) / abs.length;
  const peak = rows.reduce((a, b) => (b.plIntensity > a.plIntensity ? b : a));
  const last = rows[rows.length - 1];
  return {
    title: 'Fig. 4C/D: reaction time',
    paper: 'Between 25 and 42 s the reaction yield (Abs300) was similar, while the PL intensity dropped slightly above about 28 s.',
    ours: `Abs300 varies by ${formatPercent((Math.max(...abs) - Math.min(...abs)) / absMean)} of its mean over ${formatValue(rows[0].reactionTimeS)}-${formatValue(last.reactionTimeS)} s; `
      + `PL intensity peaks at ${formatValue(peak.reactionTimeS)} s and is ${formatPercent(1 - last.plIntensity / peak.plIntensity)} lower at ${formatValue(last.reactionTimeS)} s.`,
    figures: [
      ...levelSpectraFigure(data, `fig4cd-spectra-${data.campaignId}`, 'Spectra at mixing-independent flows, by reaction time', 'reaction time (s)', 's'),
      { id: `fig4cd-${data.campaignId}`, alt: `Abs300, PL intensity and PL area against reaction time; PL peaks at ${formatValue(peak.reactionTimeS)} s`, spec: reactionTimeChart({ rows }) },
    ],
    tables: [featureTable(rows, 'reactionTimeS', 'reaction time (s)')],
  };
}

/** "at 449 nm" or "between 447 and 451 nm". */
function rangeText(values: number[], unit: string): string {
  const low = formatValue(Math.min(...values));
  const high = formatValue(Math.max(...values));
  return low === high ? `at ${low} ${unit}` : `between ${low} and ${high} ${unit}`;
}

/** Absorbance and PL spectra of each level, as the paper draws Fig. 4; none if the spectra are not stored. */
function levelSpectraFigure(data: StudyData, id: string, title: string, levelTitle: string, unit: string): ReportSection['figures'] {
  const points = data.levelSpectra ?? [];
  if (points.length === 0) return [];
  const levels = [...new Set(points.map((p) => p.level))].sort((a, b) => a - b);
  const peakOf = (level: number) => points.filter((p) => p.level === level && p.channel === 'pl').reduce((a, b) => (b.value > a.value ? b : a), { value: Number.NEGATIVE_INFINITY, wavelengthNm: Number.NaN } as { value: number; wavelengthNm: number });
  const peaks = levels.map(peakOf);
  return [{
    id,
    alt: `${title}: ${levels.length} absorbance and ${levels.length} PL spectra, ${formatValue(levels[0])} to ${formatValue(levels[levels.length - 1])} ${unit}; `
      + `the PL maximum lies ${rangeText(peaks.map((p) => p.wavelengthNm), 'nm')} and its height ${rangeText(peaks.map((p) => p.value), data.spectraUnit ?? 'counts/s')}`,
    spec: spectraByLevelChart({ title, points, levelTitle, plTitle: `PL (${data.spectraUnit ?? 'counts/s'})`, levelLabels: Object.fromEntries(levels.map((l) => [l, `${Number(l.toPrecision(4)).toLocaleString('en-US')} ${unit}`])) }),
  }];
}

function featureTable<K extends string>(rows: Record<K | 'abs300' | 'plIntensity' | 'plArea', number>[], x: K, title: string): ReportTable {
  return {
    caption: 'Measured features',
    columns: [title, labelOf('abs300'), labelOf('plIntensity'), labelOf('plArea')],
    rows: rows.map((r) => [formatValue(r[x]), formatValue(r.abs300), formatValue(r.plIntensity), formatValue(r.plArea)]),
  };
}

function grid(data: StudyData): SectionBody {
  const varied = [...new Set(data.rows.map((r) => r.varied).filter((v): v is string => typeof v === 'string'))];
  const peaks = data.rows.map((r) => num(r.plPeakNm)).filter(Number.isFinite);
  const perInput = varied.map((input) => {
    const own = data.rows.filter((r) => r.varied === input).map((r) => ({ level: num(r.level), pl: num(r.plIntensity), b380: num(r.band380Area), b600: num(r.band600Area) })).sort((a, b) => a.level - b.level);
    const best = own.reduce((a, b) => (b.pl > a.pl ? b : a));
    return { input, own, best };
  });
  const shape = (own: { level: number; pl: number }[], best: { level: number }) => (best.level === own[own.length - 1].level ? 'rises to the highest level' : best.level === own[0].level ? 'is highest at the lowest level' : 'peaks inside the range');
  const figures = data.spectra && data.spectra.length > 0
    ? [{ id: `fig5-${data.campaignId}`, alt: `PL spectra of the partial grid search, one panel per varied input (${listText(varied.map(shortLabelOf))}), one line per level; the PL peak stays between ${formatValue(Math.min(...peaks))} and ${formatValue(Math.max(...peaks))} nm`, spec: gridSpectraChart({ points: data.spectra, varied, signalTitle: `PL (${data.spectraUnit ?? 'counts'})` }) }]
    : [];
  return {
    title: 'Fig. 5: partial grid search, one input at a time',
    paper: 'The 450 nm emission peak did not move with any input; the 380 nm band grew with Cs-oleate; PL rose with CuI, showed an optimum in OA, fell with OAm, '
      + 'and rose with temperature up to 150 °C before falling, with a second band near 600 nm below 120 °C.',
    ours: `The PL peak stays between ${formatValue(Math.min(...peaks))} and ${formatValue(Math.max(...peaks))} nm. PL intensity `
      + `${listText(perInput.map((p) => `${shape(p.own, p.best)} for ${shortLabelOf(p.input)}`))}.`,
    figures,
    tables: [{
      caption: 'PL intensity per varied input',
      columns: ['varied input', 'levels', `PL at lowest level (${unitOf('plIntensity')})`, `PL at highest level (${unitOf('plIntensity')})`, 'level of highest PL', `380 nm band, low → high level (${unitOf('band380Area')})`, `600 nm band, low → high level (${unitOf('band600Area')})`],
      rows: perInput.map((p) => {
        const lo = p.own[0];
        const hi = p.own[p.own.length - 1];
        return [labelOf(p.input), p.own.map((o) => formatCount(o.level)).join(', '), formatValue(lo.pl), formatValue(hi.pl), formatCount(p.best.level), `${formatValue(lo.b380)} → ${formatValue(hi.b380)}`, `${formatValue(lo.b600)} → ${formatValue(hi.b600)}`];
      }),
    }],
  };
}
