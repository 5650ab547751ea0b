// What every report chart shares: the schema, a fixed size (the report renders headless,
// where 'container' has no meaning), input labels with units and a data clean-up.
import type { TopLevelSpec } from 'vega-lite';

export type ChartSpec = TopLevelSpec;

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

export const PANEL_WIDTH_PX = 260;
export const PANEL_HEIGHT_PX = 200;

const INPUT_LABELS: Record<string, string> = {
  temperatureC: 'Temperature (°C)',
  cuiFlowUlPerMin: 'CuI (µL/min)',
  csOleateFlowUlPerMin: 'Cs-oleate (µL/min)',
  oaOdeCsFlowUlPerMin: 'OA-ODE, Cs stream (µL/min)',
  oaOdeCuiFlowUlPerMin: 'OA-ODE, CuI stream (µL/min)',
  oamOdeFlowUlPerMin: 'OAm-ODE (µL/min)',
  odeCuiFlowUlPerMin: 'ODE, CuI stream (µL/min)',
};

const FEATURE_LABELS: Record<string, string> = {
  abs300: 'Abs at 300 nm',
  plIntensity: 'PL intensity (counts)',
  plArea: 'PL area',
  plPeakNm: 'PL peak (nm)',
  plFwhmNm: 'PL FWHM (nm)',
};

/** Axis label of an input or feature, with its unit; unknown names are shown as they are. */
export function labelOf(name: string): string {
  return INPUT_LABELS[name] ?? FEATURE_LABELS[name] ?? name;
}

/**
 * Rows whose listed fields are all finite numbers. Vega drops NaN silently but JSON turns it
 * into null, so the browser and the headless report would disagree without this.
 */
export function finiteRows<T extends object>(rows: readonly T[], fields: readonly (keyof T)[]): T[] {
  return rows.filter((row) => fields.every((field) => {
    const value = row[field];
    return typeof value === 'number' && Number.isFinite(value);
  }));
}

/** The label without its unit, for running text ('CuI', 'Temperature'). */
export function shortLabelOf(name: string): string {
  return labelOf(name).replace(/ \([^)]*\)$/, '');
}
