// The CSV columns of a campaign export: one name per quantity, units in the names. Conditions
// keep the planner's input names; the eight pump flows of the recipe are pump-prefixed (the
// CuI flow is both an input and a pump flow, and the two must not share a column).
import { PUMP_IDS, type PumpId } from '../chemistry/rig-geometry.js';
import { RIG_INPUT_NAMES } from '../domain/rig-space.js';

/** How a PL unit is written in a column name. */
const PL_UNIT_SUFFIX = { countsPerS: { height: 'CountsPerS', area: 'CountsPerSNm' }, counts: { height: 'Counts', area: 'CountsNm' } } as const;
export type PlUnit = keyof typeof PL_UNIT_SUFFIX;

export const PL_HEIGHT_FEATURES = ['plIntensity'] as const;
export const PL_AREA_FEATURES = ['plArea', 'band380Area', 'band600Area'] as const;
/** Features whose unit is fixed: absorbance units and nanometres. */
export const FIXED_UNIT_FEATURES = { abs300: 'abs300Au', plPeakNm: 'plPeakNm', plFwhmNm: 'plFwhmNm' } as const;

export function pumpFlowColumn(pump: PumpId): string {
  return `pump${pump[0].toUpperCase()}${pump.slice(1)}FlowUlPerMin`;
}

export function plFeatureColumn(feature: (typeof PL_HEIGHT_FEATURES)[number] | (typeof PL_AREA_FEATURES)[number], unit: PlUnit): string {
  const kind = (PL_HEIGHT_FEATURES as readonly string[]).includes(feature) ? 'height' : 'area';
  return `${feature}${PL_UNIT_SUFFIX[unit][kind]}`;
}

/** Every column, for the PL units the exported experiments use (normally one). */
export function exportColumns(plUnits: readonly PlUnit[]): string[] {
  return [
    'campaignId', 'iteration', 'experimentId', 'status', 'reason', 'measuredAt',
    ...RIG_INPUT_NAMES,
    ...PUMP_IDS.map(pumpFlowColumn),
    'reactionTimeS', 'residenceTimeS',
    FIXED_UNIT_FEATURES.abs300,
    ...plUnits.flatMap((unit) => [...PL_HEIGHT_FEATURES, ...PL_AREA_FEATURES].map((f) => plFeatureColumn(f, unit))),
    FIXED_UNIT_FEATURES.plPeakNm, FIXED_UNIT_FEATURES.plFwhmNm,
    'error',
  ];
}
