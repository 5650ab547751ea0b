// Paper Fig. 5: PL spectra of the partial grid search, one panel per varied input, one line
// per level of that input (dark = low, light = high).
import { labelOf, VEGA_LITE_SCHEMA, type ChartSpec } from './common.js';

export interface GridSpectrumPoint {
  varied: string;
  level: number;
  wavelengthNm: number;
  /** Dark-corrected PL signal. */
  signal: number;
}

export interface GridSpectraChartData {
  points: readonly GridSpectrumPoint[];
  /** Panel order. */
  varied: readonly string[];
  /** y axis title, e.g. 'PL (counts/s)'. */
  signalTitle?: string;
}

export function gridSpectraChart(data: GridSpectraChartData): ChartSpec {
  // Colour by the level's rank within its panel, since every input has its own units and range.
  const levelsOf = new Map<string, number[]>();
  for (const p of data.points) {
    const levels = levelsOf.get(p.varied) ?? [];
    if (!levels.includes(p.level)) levels.push(p.level);
    levelsOf.set(p.varied, levels);
  }
  for (const levels of levelsOf.values()) levels.sort((a, b) => a - b);
  const rows = data.points
    .filter((p) => Number.isFinite(p.signal))
    .map((p) => {
      const levels = levelsOf.get(p.varied)!;
      return { ...p, panel: labelOf(p.varied), levelRank: levels.length > 1 ? levels.indexOf(p.level) / (levels.length - 1) : 0.5 };
    });
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: 'PL spectra of the partial grid search',
    data: { values: rows },
    facet: { field: 'panel', type: 'nominal', title: null, sort: data.varied.map(labelOf) },
    columns: 3,
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 200,
      height: 120,
      mark: { type: 'line', strokeWidth: 1.2 },
      encoding: {
        x: { field: 'wavelengthNm', type: 'quantitative', title: 'wavelength (nm)', scale: { zero: false, nice: false } },
        y: { field: 'signal', type: 'quantitative', title: data.signalTitle ?? 'PL signal', axis: { format: '~s' } },
        color: { field: 'levelRank', type: 'quantitative', title: ['level of the', 'varied input'], scale: { scheme: 'plasma', domain: [0, 1] }, legend: { values: [0, 1], labelExpr: "datum.value === 0 ? 'low' : 'high'" } },
        detail: { field: 'level', type: 'quantitative' },
        tooltip: [
          { field: 'varied', type: 'nominal', title: 'varied input' },
          { field: 'level', type: 'quantitative', format: '.4~g' },
        ],
      },
    },
  };
}
