// Shared layout of the platform-study figures: one stacked panel per spectral feature (their
// scales differ by orders of magnitude), a common x axis, optional colour and marker line.
import { labelOf, VEGA_LITE_SCHEMA, type ChartSpec } from './common.js';

export interface FeaturePanelsOptions {
  title: string;
  rows: readonly Record<string, number | string>[];
  x: { field: string; title: string };
  features: readonly string[];
  /** Colour by a field (e.g. the reaction time or the role of a run). */
  color?: { field: string; title: string; type: 'nominal' | 'ordinal' | 'quantitative' };
  /** Lines between points in x order (within each colour). */
  connect?: boolean;
  /** A vertical marker, e.g. the 600 uL/min mixing threshold. */
  rule?: { x: number; label: string };
  width?: number;
  panelHeight?: number;
}

/** Absorbance reads best with decimals; counts and areas with SI prefixes. */
const AXIS_FORMATS: Record<string, string> = { abs300: '.2f', plPeakNm: '.0f', plFwhmNm: '.0f' };

/** 'PL intensity (counts/s)' as two lines, name over unit, so it fits beside a short panel. */
function twoLines(label: string): string | string[] {
  const match = /^(.*) (\([^)]*\))$/.exec(label);
  return match ? [match[1], match[2]] : label;
}

export function featurePanelsChart(options: FeaturePanelsOptions): ChartSpec {
  const finite = (row: Record<string, number | string>, field: string) => typeof row[field] === 'number' && Number.isFinite(row[field]);
  const color = options.color ? { color: { field: options.color.field, type: options.color.type, title: options.color.title } } : {};
  const fixedColor = options.color ? {} : { color: '#1f6fb2' };
  const panels = options.features.map((feature, k) => {
    // Finite values only: a missing feature would otherwise reach the browser as null.
    const values = options.rows.filter((row) => finite(row, feature) && finite(row, options.x.field)).map((row) => ({ ...row }));
    const last = k === options.features.length - 1;
    const x = { field: options.x.field, type: 'quantitative' as const, title: last ? options.x.title : null, scale: { zero: false }, axis: { labels: last } };
    // The whole label: each panel has its own unit (absorbance is unitless, PL in counts/s, areas in counts/s nm).
    const y = { field: feature, type: 'quantitative' as const, title: twoLines(labelOf(feature)), scale: { zero: false }, axis: { format: AXIS_FORMATS[feature] ?? '~s' } };
    const layer: NonNullable<Extract<ChartSpec, { layer: unknown }>['layer']> = [];
    if (options.connect) layer.push({ mark: { type: 'line', strokeWidth: 1.2, opacity: 0.8, ...fixedColor }, encoding: { x, y, ...color } });
    layer.push({
      mark: { type: 'point', filled: true, size: 28, ...fixedColor },
      encoding: {
        x,
        y,
        ...color,
        tooltip: [
          { field: options.x.field, type: 'quantitative', format: '.4~g', title: options.x.title },
          { field: feature, type: 'quantitative', format: '.4~g', title: labelOf(feature) },
          ...(options.color ? [{ field: options.color.field, type: options.color.type, title: options.color.title }] : []),
        ],
      },
    });
    // One rule per panel, not one per row.
    if (options.rule) layer.push({ data: { values: [{}] }, mark: { type: 'rule', strokeDash: [5, 4], color: '#c00' }, encoding: { x: { datum: options.rule.x, type: 'quantitative' } } });
    return { width: options.width ?? 420, height: options.panelHeight ?? 110, data: { values }, layer };
  });
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: options.title,
    vconcat: panels,
    spacing: 8,
    resolve: { scale: { x: 'shared' } },
  };
}
