// Tubing volumes and syringes of the rig. Volumes come from the inner diameters in the
// paper (0.02" delivery, 0.03" reactor, 0.04" flowcell tubing); lengths are chosen so that
// the reactor gives 25-42 s at the rig's flows.

export const PUMP_IDS = ['cui', 'csOleate', 'oaOdeCs', 'oaOdeCui', 'oamOde', 'odeCui', 'odeCs', 'pfo'] as const;
export type PumpId = (typeof PUMP_IDS)[number];

/** One value per reagent line, e.g. volumes or flows keyed by pump. */
export function perPump<T>(value: (id: PumpId) => T): Record<PumpId, T> {
  return Object.fromEntries(PUMP_IDS.map((id) => [id, value(id)])) as Record<PumpId, T>;
}

/** uL per mm of tubing with inner diameter `idInch`. */
export function tubingUlPerMm(idInch: number): number {
  const radiusMm = (idInch * 25.4) / 2;
  return Math.PI * radiusMm * radiusMm;
}

/** Both flowcells are 1/16" OD x 0.04" ID FEP tubing (paper, section 2.3): light crosses the bore. */
export const FLOWCELL_INNER_DIAMETER_INCH = 0.04;
export const FLOWCELL_PATH_CM = FLOWCELL_INNER_DIAMETER_INCH * 2.54;

export interface RigGeometry {
  /** CuI-stream line from the five-way junction through preheating and mixer to segmentation (flows at S). */
  cuiStreamLineUl: number;
  /** Heated reactor, droplets move at precursor + PFO flow. */
  reactorVolumeUl: number;
  /** Cooling line and flowcell tubing after the reactor (droplet flow). */
  outletToFlowcellUl: number;
  /** Syringe capacities in uL. */
  syringeCapacityUl: Record<PumpId, number>;
  /** Syringe inner diameters in mm (50 mL and 100 mL stainless steel). */
  syringeDiameterMm: Record<PumpId, number>;
}

const fifty = 50_000;
export const DEFAULT_RIG_GEOMETRY: RigGeometry = {
  cuiStreamLineUl: 500 * tubingUlPerMm(0.02),
  reactorVolumeUl: 840,
  outletToFlowcellUl: 300 * tubingUlPerMm(0.03) + 200 * tubingUlPerMm(0.04),
  syringeCapacityUl: { cui: fifty, csOleate: fifty, oaOdeCs: fifty, oaOdeCui: fifty, oamOde: fifty, odeCui: fifty, odeCs: fifty, pfo: 100_000 },
  syringeDiameterMm: { cui: 28.6, csOleate: 28.6, oaOdeCs: 28.6, oaOdeCui: 28.6, oamOde: 28.6, odeCui: 28.6, odeCs: 28.6, pfo: 34.9 },
};
