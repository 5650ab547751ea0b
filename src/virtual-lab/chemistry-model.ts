// Expected (noise-free) optical response of the reacting droplets: how much Cs3Cu2I5 forms
// (absorbance near 300 nm) and how well it emits (PLQY of the 450 nm self-trapped-exciton
// band), plus the secondary bands. Pure functions of the droplet composition, the mean
// reactor temperature, the reaction time and the mixing (total precursor flow).
// docs/virtual-lab.md gives the equations, the constants and why they have these values.
import type { DropletComposition } from '../chemistry/recipe.js';

export interface ReactionInputs {
  droplet: DropletComposition;
  /** Mean reactor temperature while the droplet was in the reactor. */
  temperatureC: number;
  reactionTimeS: number;
  /** Both precursor streams together; sets the recirculation (mixing) inside the droplets. */
  totalPrecursorFlowUlPerMin: number;
}

export interface OpticalResponse {
  /** Absorbance at 300 nm of the droplet phase across the flowcell (NC band plus scattering). */
  abs300: number;
  /** Fraction of the copper that ended up in Cs3Cu2I5 nanocrystals. */
  conversion: number;
  /** Quantum yield of the 450 nm band. */
  plqy: number;
  /** Fraction of the 300 nm LED light the droplet absorbs in the PL flowcell. */
  absorbedFraction: number;
  plFwhmNm: number;
  /** Photons emitted in the ~380 nm band per absorbed LED photon. */
  band380Yield: number;
  /** Photons emitted in the ~600 nm band (second population below ~120 C) per absorbed LED photon. */
  band600Yield: number;
  /** OA + OAm, % v/v: their weak deep-UV absorbance. */
  ligandPercent: number;
}

export const CHEMISTRY_CONSTANTS = {
  /** Absorbance at 300 nm per mM of converted Cu across the 0.04" flowcell. */
  abs300PerConvertedCuMillimolar: 0.4,
  /** Share of abs300 that is scattering (lambda^-4) rather than the NC band. */
  scatteringShareAt300: 0.04,
  /** Ligand-assisted conversion: 1 - depth * exp(-(OA_Cs + OA_CuI + weight * OAm) / scale). */
  ligandConversionDepth: 0.55,
  ligandConversionScalePercent: 10,
  oamConversionWeight: 1.3,
  /** Cs3Cu2I5 needs 1.5 Cs per Cu; the Cs-oleate is mostly in excess. */
  csPerCu: 1.5,
  csAvailabilitySteepness: 2,
  /** Formation rate k(T) = k135 * exp((T - 135) / scale), first order in time. */
  formationRatePerSAt135: 0.16,
  formationRateScaleC: 15,
  /** Mixing: m(F) = 1 - exp(-(F / Fm)^n); plateau above ~600 uL/min (Fig. 4A/B). */
  mixingFlowUlPerMin: 350,
  mixingExponent: 3,
  plqyMixingExponent: 0.8,

  /** PLQY scale, set so the best condition in the planner's box has a PLQY of about 17 %. */
  plqyScale: 0.8027,
  /** [CuI] saturates: cu / (cu + K). */
  cuHalfSaturationMillimolar: 6,
  /** Growth: larger, better passivated NCs at higher T (logistic in T). */
  growthMidpointC: 119,
  growthWidthC: 12,
  /** Decomposition loss = tR * k150 * exp((T - 150) / scale). */
  decompositionRatePerSAt150: 0.0006,
  decompositionScaleC: 4,
  /** Ageing beyond ~28 s: loss = rate * softplus(tR - onset). */
  ageingRatePerS: 0.007,
  ageingOnsetS: 28,
  ageingSmoothingS: 2,
  /** OA optimum of each stream, log-normal in % v/v. CuI stream: opt = a + b * [Cu]. */
  oaCuiOptimumPercent: 0.8,
  oaCuiOptimumPerCuMillimolar: 1.6,
  /** Cs stream: opt = base * exp(-(T - 135) / scale); hotter needs less OA. */
  oaCsOptimumPercentAt135: 3.0,
  oaCsOptimumScaleC: 60,
  oaLogWidth: 1.1,
  oaFloorPercent: 0.05,
  /** Excess OAm damages the crystal: ln loss per % v/v. */
  oamLossPerPercent: 0.08,
  /** Weak Cs:Cu ratio optimum. */
  csCuRatioOptimum: 2.5,
  csCuRatioCurvature: 0.04,
  /** Second (~600 nm) population below ~120 C: logistic in T. */
  secondPopulationMidpointC: 113,
  secondPopulationWidthC: 3.5,
  secondPopulationShare: 0.6,
  band600Efficiency: 0.5,
  /** PL cell: absorbed fraction 1 - 10^(-k * abs300); the LED path is longer than the absorbance path. */
  plExcitationPathFactor: 5,
  /** 450 nm band width: FWHM = base + slope * (135 - T). */
  plFwhmNmAt135: 90,
  plFwhmNmPerC: 0.15,
  /**
   * ~380 nm band relative to the main band: r = max * x / (1 + x), x = [Cs] (OA_Cs + 0.5 OA_CuI) / scale.
   * It saturates so the main band stays the maximum of the spectrum (Fig. 5A).
   */
  band380MaxRatio: 0.12,
  band380ScaleMillimolarPercent: 30,
} as const;

const K = CHEMISTRY_CONSTANTS;

/** Smooth max(0, x) with rounding width s: s ln(1 + e^(x/s)). */
function softplus(x: number, s: number): number {
  const z = x / s;
  return z > 30 ? x : s * Math.log1p(Math.exp(z));
}

function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

export function mixingEfficiency(totalPrecursorFlowUlPerMin: number): number {
  if (!(totalPrecursorFlowUlPerMin > 0)) return 0;
  return 1 - Math.exp(-((totalPrecursorFlowUlPerMin / K.mixingFlowUlPerMin) ** K.mixingExponent));
}

/** Natural-log loss of PLQY from decomposition (also halves into the yield). */
export function decompositionLoss(temperatureC: number, reactionTimeS: number): number {
  return reactionTimeS * K.decompositionRatePerSAt150 * Math.exp((temperatureC - 150) / K.decompositionScaleC);
}

export function oaCuiOptimumPercent(cuMillimolar: number): number {
  return K.oaCuiOptimumPercent + K.oaCuiOptimumPerCuMillimolar * cuMillimolar;
}

export function oaCsOptimumPercent(temperatureC: number): number {
  return K.oaCsOptimumPercentAt135 * Math.exp(-(temperatureC - 135) / K.oaCsOptimumScaleC);
}

function oaPenalty(oaPercent: number, optimumPercent: number): number {
  const logRatio = Math.log((oaPercent + K.oaFloorPercent) / (optimumPercent + K.oaFloorPercent));
  return (logRatio * logRatio) / (2 * K.oaLogWidth * K.oaLogWidth);
}

export function secondPopulationFraction(temperatureC: number): number {
  return logistic(-(temperatureC - K.secondPopulationMidpointC) / K.secondPopulationWidthC);
}

const NO_RESPONSE: OpticalResponse = {
  abs300: 0,
  conversion: 0,
  plqy: 0,
  absorbedFraction: 0,
  plFwhmNm: K.plFwhmNmAt135,
  band380Yield: 0,
  band600Yield: 0,
  ligandPercent: 0,
};

export function opticalResponse(inputs: ReactionInputs): OpticalResponse {
  const { droplet, temperatureC: t, reactionTimeS, totalPrecursorFlowUlPerMin } = inputs;
  const cu = Math.max(0, droplet.cuMillimolar);
  const cs = Math.max(0, droplet.csMillimolar);
  const oaCs = Math.max(0, droplet.oaCsPercent);
  const oaCui = Math.max(0, droplet.oaCuiPercent);
  const oam = Math.max(0, droplet.oamPercent);
  const ligandPercent = oaCs + oaCui + oam;
  const mixing = mixingEfficiency(totalPrecursorFlowUlPerMin);
  const tR = Math.max(0, reactionTimeS);
  if (cu <= 0 || cs <= 0 || mixing <= 0 || tR <= 0) return { ...NO_RESPONSE, ligandPercent };

  const decomposition = decompositionLoss(t, tR);
  const ligandConversion = 1 - K.ligandConversionDepth * Math.exp(-(oaCs + oaCui + K.oamConversionWeight * oam) / K.ligandConversionScalePercent);
  const csAvailability = 1 - Math.exp(-K.csAvailabilitySteepness * cs / (K.csPerCu * cu));
  const formationRate = K.formationRatePerSAt135 * Math.exp((t - 135) / K.formationRateScaleC);
  const kinetic = 1 - Math.exp(-formationRate * tR);
  const conversion = ligandConversion * csAvailability * kinetic * mixing * Math.exp(-0.5 * decomposition);
  const abs300 = K.abs300PerConvertedCuMillimolar * cu * conversion;

  const secondPopulation = secondPopulationFraction(t);
  const csCuLog = Math.log(cs / cu / K.csCuRatioOptimum);
  const logPlqy =
    Math.log(K.plqyScale)
    + Math.log(cu / (cu + K.cuHalfSaturationMillimolar))
    + Math.log(logistic((t - K.growthMidpointC) / K.growthWidthC))
    - decomposition
    - K.ageingRatePerS * softplus(tR - K.ageingOnsetS, K.ageingSmoothingS)
    - oaPenalty(oaCui, oaCuiOptimumPercent(cu))
    - oaPenalty(oaCs, oaCsOptimumPercent(t))
    - K.oamLossPerPercent * oam
    - K.csCuRatioCurvature * csCuLog * csCuLog
    + K.plqyMixingExponent * Math.log(mixing)
    + Math.log(1 - K.secondPopulationShare * secondPopulation);
  const plqy = Math.exp(logPlqy);
  const excessOa = (cs * (oaCs + 0.5 * oaCui)) / K.band380ScaleMillimolarPercent;
  const band380Yield = plqy * K.band380MaxRatio * excessOa / (1 + excessOa);
  const band600Yield = K.band600Efficiency * K.secondPopulationShare * secondPopulation * plqy / (1 - K.secondPopulationShare * secondPopulation);

  return {
    abs300,
    conversion,
    plqy,
    absorbedFraction: 1 - 10 ** (-K.plExcitationPathFactor * abs300),
    plFwhmNm: K.plFwhmNmAt135 + K.plFwhmNmPerC * (135 - t),
    band380Yield,
    band600Yield,
    ligandPercent,
  };
}

/** Weighted mean of responses: droplets of slightly different history seen in one reading. */
export function mixResponses(responses: readonly OpticalResponse[], weights: readonly number[]): OpticalResponse {
  let total = 0;
  const mixed = { abs300: 0, conversion: 0, plqy: 0, absorbedFraction: 0, plFwhmNm: 0, band380Yield: 0, band600Yield: 0, ligandPercent: 0 };
  let fwhmWeight = 0;
  responses.forEach((r, i) => {
    const w = weights[i];
    total += w;
    mixed.abs300 += w * r.abs300;
    mixed.conversion += w * r.conversion;
    mixed.plqy += w * r.plqy;
    mixed.absorbedFraction += w * r.absorbedFraction;
    mixed.band380Yield += w * r.band380Yield;
    mixed.band600Yield += w * r.band600Yield;
    mixed.ligandPercent += w * r.ligandPercent;
    mixed.plFwhmNm += w * r.plqy * r.plFwhmNm;
    fwhmWeight += w * r.plqy;
  });
  for (const key of Object.keys(mixed) as (keyof typeof mixed)[]) mixed[key] /= total;
  mixed.plFwhmNm = fwhmWeight > 0 ? mixed.plFwhmNm * total / fwhmWeight : K.plFwhmNmAt135;
  return mixed;
}
