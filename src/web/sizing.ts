// Fitting the report's fixed-size charts into dashboard panels of any width.
import type { TopLevelSpec } from 'vega-lite';
import { facetPanelWidth, type LiveChartSize } from '../reports/charts/live-layout.js';

/** A single or layered view: its whole width, axes and legend included, becomes the panel's. */
export function fitToWidth(spec: TopLevelSpec, size: LiveChartSize): TopLevelSpec {
  if (size.widthPx === undefined) return spec;
  return { ...spec, width: Math.max(160, Math.floor(size.widthPx)), autosize: { type: 'fit-x', contains: 'padding' } } as TopLevelSpec;
}

/** Narrowest panel worth drawing in a faceted view; fewer columns when a row would not fit them. */
export const MIN_FACET_PANEL_PX = 110;

/** Columns of at most `columns` panels of at least MIN_FACET_PANEL_PX (and their axes) that fit the width (a phone: 2). */
export function facetColumns(widthPx: number, columns: number, overheadPx: number): number {
  return Math.max(1, Math.min(columns, Math.floor(widthPx / (MIN_FACET_PANEL_PX + overheadPx))));
}

/** A faceted view cannot fit; its panels get the width that as many columns as fit (up to `columns`) leave. */
export function facetToWidth(spec: TopLevelSpec, size: LiveChartSize, columns: number, overheadPx: number): TopLevelSpec {
  if (size.widthPx === undefined || !('spec' in spec) || !spec.spec) return spec;
  const fitting = facetColumns(size.widthPx, columns, overheadPx);
  return { ...spec, columns: fitting, spec: { ...spec.spec, width: facetPanelWidth(size, fitting, overheadPx, 150) } } as TopLevelSpec;
}

/** Whole-number ticks on x (iterations), for charts that leave the axis to Vega's defaults. */
export function integerXTicks(spec: TopLevelSpec): TopLevelSpec {
  return { ...spec, config: { ...spec.config, axisX: { ...spec.config?.axisX, tickMinStep: 1 } } } as TopLevelSpec;
}
