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

/** Features as the analysis stores them: PL dark-corrected per second of integration (its default unit). */
const FEATURE_LABELS: Record<string, string> = {
  abs300: 'Abs at 300 nm (unitless)',
  plIntensity: 'PL intensity (counts/s)',
  plArea: 'PL area (counts/s nm)',
  plPeakNm: 'PL peak (nm)',
  plFwhmNm: 'PL FWHM (nm)',
  band380Area: '380 nm band area (counts/s nm)',
  band600Area: '600 nm band area (counts/s nm)',
};

/** Droplet composition (src/chemistry/recipe.ts) and derived recipe quantities. */
const COMPOSITION_LABELS: Record<string, string> = {
  cuMillimolar: '[CuI] in the droplet (mM)',
  csMillimolar: '[Cs-oleate] in the droplet (mM)',
  oaCsPercent: 'OA, Cs stream (% v/v)',
  oaCuiPercent: 'OA, CuI stream (% v/v)',
  oamPercent: 'OAm (% v/v)',
  reactionTimeS: 'Reaction time (s)',
  totalPrecursorFlowUlPerMin: 'Total precursor flow (µL/min)',
};

/** Axis label of an input, feature or composition, with its unit; unknown names are shown as they are. */
export function labelOf(name: string): string {
  return INPUT_LABELS[name] ?? FEATURE_LABELS[name] ?? COMPOSITION_LABELS[name] ?? name;
}

/** The unit of a name's label ('counts/s' for plIntensity), or '' if it has none. */
export function unitOf(name: string): string {
  return /\(([^)]*)\)$/.exec(labelOf(name))?.[1] ?? '';
}

/** "title (unit)" with the unit of `name`'s values, e.g. for SHAP values or predictive std of the objective. */
export function withUnitOf(title: string, name: string): string {
  const unit = unitOf(name);
  return unit ? `${title} (${unit})` : title;
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
