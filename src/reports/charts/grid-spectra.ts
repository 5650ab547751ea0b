// Paper Fig. 5: PL spectra of the partial grid search, one panel per varied input, one line
// per level of that input; each panel has its own legend naming the levels in the input's
// units (and, where given, the droplet concentration they set).
import { labelOf, VEGA_LITE_SCHEMA, type ChartSpec } from './common.js';

export interface GridSpectrumPoint {
  varied: string;
  level: number;
  wavelengthNm: number;
  /** Dark-corrected PL signal. */
  signal: number;
  /** What the level means besides its value, e.g. '1.13 mM' for a CuI flow. */
  levelNote?: string;
}

export interface GridSpectraChartData {
  points: readonly GridSpectrumPoint[];
  /** Panel order. */
  varied: readonly string[];
  /** y axis title, e.g. 'PL (counts/s)'. */
  signalTitle?: string;
  columns?: number;
}

/** "150" or "150 (1.13 mM)". */
export function gridLevelLabel(level: number, note?: string): string {
  const value = String(Number(level.toPrecision(4)));
  return note ? `${value} (${note})` : value;
}

export function gridSpectraChart(data: GridSpectraChartData): ChartSpec {
  const rows = data.points
    .filter((p) => Number.isFinite(p.signal) && Number.isFinite(p.wavelengthNm))
    .map((p) => ({ varied: p.varied, level: p.level, wavelengthNm: p.wavelengthNm, signal: p.signal, levelLabel: gridLevelLabel(p.level, p.levelNote) }));
  const panels = data.varied.filter((varied) => rows.some((r) => r.varied === varied)).map((varied) => {
    const own = rows.filter((r) => r.varied === varied);
    const labels = [...new Map(own.map((r) => [r.level, r.levelLabel])).entries()].sort((a, b) => a[0] - b[0]).map(([, text]) => text);
    return {
      title: labelOf(varied).replace(/ \(.*\)$/, ''),
      width: 200,
      height: 120,
      transform: [{ filter: { field: 'varied', equal: varied } }],
      mark: { type: 'line' as const, strokeWidth: 1.2 },
      encoding: {
        x: { field: 'wavelengthNm', type: 'quantitative' as const, title: 'wavelength (nm)', scale: { zero: false, nice: false } },
        y: { field: 'signal', type: 'quantitative' as const, title: data.signalTitle ?? 'PL signal', axis: { format: '~s' } },
        // One ordinal scale per panel: dark = low, light = high, the legend gives the values.
        color: { field: 'levelLabel', type: 'ordinal' as const, title: labelOf(varied), sort: labels, scale: { scheme: 'plasma', domain: labels }, legend: { titleLimit: 240, labelLimit: 200 } },
        detail: { field: 'level', type: 'quantitative' as const },
        tooltip: [
          { field: 'varied', type: 'nominal' as const, title: 'varied input' },
          { field: 'levelLabel', type: 'nominal' as const, title: 'level' },
        ],
      },
    };
  });
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: 'PL spectra of the partial grid search',
    data: { values: rows },
    concat: panels,
    columns: data.columns ?? 2,
    resolve: { scale: { color: 'independent', y: 'independent' } },
  };
}
