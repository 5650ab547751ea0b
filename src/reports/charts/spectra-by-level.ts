// Absorbance and PL spectra side by side, one line per level of what was varied (paper Fig. 4:
// total flow or reaction time; Fig. 8C: the best condition alone), the legend naming each level
// with its unit.
import { VEGA_LITE_SCHEMA, type ChartSpec } from './common.js';

export interface LevelSpectrumPoint {
  /** The level this spectrum belongs to, e.g. 600 (uL/min) or 31 (s). */
  level: number;
  channel: 'absorbance' | 'pl';
  wavelengthNm: number;
  value: number;
}

export interface SpectraByLevelData {
  title: string;
  points: readonly LevelSpectrumPoint[];
  /** Legend title with the unit, e.g. 'total precursor flow (µL/min)'. */
  levelTitle: string;
  /** Legend label of a level; default its value with up to 4 significant digits. */
  levelLabels?: Readonly<Record<number, string>>;
  /** y title of the PL panel, e.g. 'PL (counts/s)'. */
  plTitle: string;
  panelWidth?: number;
  panelHeight?: number;
}

export function spectraByLevelChart(data: SpectraByLevelData): ChartSpec {
  const levels = [...new Set(data.points.map((p) => p.level))].sort((a, b) => a - b);
  const label = (level: number) => data.levelLabels?.[level] ?? String(Number(level.toPrecision(4)));
  const rows = data.points.filter((p) => Number.isFinite(p.value) && Number.isFinite(p.wavelengthNm)).map((p) => ({ ...p, levelLabel: label(p.level) }));
  const color = {
    field: 'levelLabel',
    type: 'ordinal' as const,
    title: data.levelTitle,
    sort: levels.map(label),
    scale: levels.length > 1 ? { scheme: 'viridis' } : { range: ['#6a3d9a'] },
    legend: { titleLimit: 240, labelLimit: 200 },
  };
  const panel = (channel: 'absorbance' | 'pl', title: string, yTitle: string) => ({
    title,
    width: data.panelWidth ?? 300,
    height: data.panelHeight ?? 200,
    transform: [{ filter: `datum.channel === '${channel}'` }],
    mark: { type: 'line' as const, strokeWidth: 1.3 },
    encoding: {
      x: { field: 'wavelengthNm', type: 'quantitative' as const, title: 'wavelength (nm)', scale: { zero: false, nice: false } },
      y: { field: 'value', type: 'quantitative' as const, title: yTitle, axis: { format: channel === 'pl' ? '~s' : '.2f' } },
      color,
      detail: { field: 'level', type: 'quantitative' as const },
      tooltip: [
        { field: 'levelLabel', type: 'nominal' as const, title: data.levelTitle },
        { field: 'wavelengthNm', type: 'quantitative' as const, format: '.0f', title: 'wavelength (nm)' },
        { field: 'value', type: 'quantitative' as const, format: channel === 'pl' ? '.4~s' : '.3f', title: yTitle },
      ],
    },
  });
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: data.title,
    data: { values: rows },
    hconcat: [panel('absorbance', 'Absorbance', 'absorbance (unitless)'), panel('pl', 'Photoluminescence', data.plTitle)],
  };
}
