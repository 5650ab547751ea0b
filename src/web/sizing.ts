// Fitting the report's fixed-size charts into dashboard panels of any width.
import type { TopLevelSpec } from 'vega-lite';
import { facetPanelWidth, type LiveChartSize } from '../reports/charts/live-layout.js';

/** A single or layered view: its whole width, axes and legend included, becomes the panel's. */
export function fitToWidth(spec: TopLevelSpec, size: LiveChartSize): TopLevelSpec {
  if (size.widthPx === undefined) return spec;
  return { ...spec, width: Math.max(160, Math.floor(size.widthPx)), autosize: { type: 'fit-x', contains: 'padding' } } as TopLevelSpec;
}

/** A faceted view cannot fit; its panels get the width that `columns` of them leave. */
export function facetToWidth(spec: TopLevelSpec, size: LiveChartSize, columns: number, overheadPx: number): TopLevelSpec {
  if (size.widthPx === undefined || !('spec' in spec) || !spec.spec) return spec;
  return { ...spec, spec: { ...spec.spec, width: facetPanelWidth(size, columns, overheadPx, 150) } } as TopLevelSpec;
}

/** Whole-number ticks on x (iterations), for charts that leave the axis to Vega's defaults. */
export function integerXTicks(spec: TopLevelSpec): TopLevelSpec {
  return { ...spec, config: { ...spec.config, axisX: { ...spec.config?.axisX, tickMinStep: 1 } } } as TopLevelSpec;
}
