// Expected (noise-free) optical response of the reacting droplets, as a chain a chemist can
// follow: droplet concentrations -> limiting-reagent product and Arrhenius conversion -> mean
// nanocrystal size -> PLQY, FWHM and the side bands -> absorbance at 300 nm over the flowcell
// bore -> the fraction of LED light the droplet absorbs. Pure functions of the droplet
// composition, the mean reactor temperature, the reaction time and the mixing (total precursor
// flow). docs/virtual-lab.md gives the equations and where every number comes from.
import type { DropletComposition } from '../chemistry/recipe.js';
import { FLOWCELL_PATH_CM } from '../chemistry/rig-geometry.js';

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
  /** Cs3Cu2I5 formed and still intact, mM of formula units. */
  productMillimolar: number;
  /** Product over the limiting-reagent ceiling min(Cu/2, I/5, Cs/3). */
  conversion: number;
  /** Mean edge length of the nanocrystals. */
  meanSizeNm: number;
  /** Relative standard deviation of the size distribution. */
  sizeSpread: number;
  /** Fraction of surface sites passivated by oleylammonium-oleate pairs. */
  passivation: number;
  /** Quantum yield of the 450 nm band. */
  plqy: number;
  /** Fraction of the 300 nm LED light absorbed by the nanocrystals in the PL flowcell. */
  absorbedFraction: number;
  plFwhmNm: number;
  /** Photons emitted in the ~380 nm band per absorbed LED photon. */
  band380Yield: number;
  /** Photons emitted in the ~600 nm band (second population below ~120 C) per absorbed LED photon. */
  band600Yield: number;
  /** OA + OAm, % v/v: their weak deep-UV absorbance. */
  ligandPercent: number;
}

const GAS_CONSTANT_J_PER_MOL_K = 8.314462618;
const KELVIN_AT_0C = 273.15;

export const CHEMISTRY_CONSTANTS = {
  // --- ligands (densities and molar masses: literature; purities: paper section 2.1) ---
  /** Oleic acid, 90 %: 0.895 g/mL / 282.46 g/mol * 0.90 = 2.85 M neat, so 28.5 mM per % v/v. */
  oleicAcidMillimolarPerPercent: (10 * 0.895 / 282.46) * 0.90 * 1000,
  /** Oleylamine, 70 %: 0.813 g/mL / 267.49 g/mol * 0.70 = 2.13 M neat, so 21.3 mM per % v/v. */
  oleylamineMillimolarPerPercent: (10 * 0.813 / 267.49) * 0.70 * 1000,
  /** OA + OAm <-> oleylammonium oleate in ODE: association constant, 55 /M (chosen). */
  ionPairAssociationPerMillimolar: 0.055,

  // --- precursor availability: ligands bring Cs+, Cu+ and I- into solution (paper, Fig. S7C-E; chosen shape) ---
  /** availability = 1 - depth * exp(-([OA] + w [OAm]) / scale). */
  availabilityDepth: 0.5,
  availabilityLigandScaleMillimolar: 180,
  availabilityAmineWeight: 1.3,

  // --- limiting reagent and CsI by-product ---
  /** Cs3Cu2I5: 2 Cu, 5 I, 3 Cs per formula unit. */
  cuPerProduct: 2,
  iodidePerProduct: 5,
  csPerProduct: 3,
  /** Cs beyond the 3:5 Cs:I need pulls iodide into CsI: lost share = 1 - exp(-excess Cs / scale) (chosen). */
  csiExcessCsScaleMillimolar: 23,

  // --- conversion kinetics: first order, Arrhenius (Ea chosen within 50-100 kJ/mol, typical of halide NC nucleation/growth) ---
  /** k at the reference temperature: conversion complete within 25 s at 140 C, so yield is flat over 25-42 s (Fig. 4C). */
  formationRatePerSAtReference: 0.16,
  formationActivationKjPerMol: 65,
  referenceTemperatureC: 135,
  /** Mixing: m(F) = 1 - exp(-(F / Fm)^n); plateau above ~600 uL/min (Fig. 4A/B). */
  mixingFlowUlPerMin: 350,
  mixingExponent: 3,

  // --- mean size: burst nucleation, then growth that bound ligand limits ---
  /** Mean edge length at the reference product, ligand and temperature (chosen; Cs3Cu2I5 NCs are ~10-20 nm by TEM). */
  sizeAtReferenceNm: 12,
  referenceProductMillimolar: 0.3,
  referenceLigandMillimolar: 200,
  /** Nuclei number grows as product^exponent: size ~ (product^(1 - exponent))^(1/3). */
  nucleationProductExponent: 0.7,
  /** Apparent activation energy of growth over nucleation: hotter gives fewer, larger NCs (paper, Fig. S8). */
  sizeActivationKjPerMol: 100,
  /** Bound ligand caps growth: nuclei number grows as (1 + L / L_cap). */
  ligandCappingMillimolar: 95,

  // --- PLQY from size and surface ---
  /** Large, fully passivated Cs3Cu2I5 emits with ~90 % PLQY (literature, bulk crystals). */
  plqyBulk: 0.9,
  /** Lattice defects: nonradiative/radiative rate at the reference temperature; fewer when grown hotter, Arrhenius (chosen; paper: hotter gives more uniform NCs). */
  defectQuenchingAtReference: 1.15,
  defectAnnealingActivationKjPerMol: 120,
  /** Surface quenching length: nonradiative/radiative rate = lambda / d * (1 - passivation) (chosen). */
  surfaceQuenchingLengthNm: 36,
  /** Binding of ion pairs to the surface: Hill isotherm (K [pairs])^n / (1 + (K [pairs])^n), cooperative in a packed ligand shell (chosen). */
  passivationPerPairMillimolar: 0.022,
  passivationHillExponent: 1.8,
  /**
   * Binding window in the droplet's OA:OAm (molar): too little acid leaves free amine that binds Cu+ and strips the
   * surface, too much protonates the oleate so the pairs desorb. Best ratio and log-width (chosen).
   */
  bestAcidToAmine: 3,
  acidToAmineLogWidth: 0.2,
  /**
   * Acid:amine ratio of the preheated CuI stream (its OA over all OAm): OAm keeps CuI dissolved, OA releases the iodide as
   * oleylammonium iodide (paper: OAm brings halide in). Log-normal window around the best ratio (chosen).
   */
  cuiStreamBestAcidToAmine: 1.8,
  cuiStreamRatioLogWidth: 0.45,
  /** Off the window the NCs still form, with more defects: quality never falls below this floor (chosen). */
  cuiStreamSpeciationFloor: 0.6,
  /**
   * Excess CuI gives a Cu-oleate-rich medium that fills Cu vacancies (paper, section 3, ref. 61):
   * factor [Cu] / ([Cu] + K) (chosen K).
   */
  cuRichHalfSaturationMillimolar: 1.7,
  /** Cs-poor surfaces (Cs vacancies): factor rho / (rho + half), rho = Cs over the 3:5 Cs:I need (chosen). */
  csVacancyHalfRatio: 0.7,
  /**
   * Free ligand etches the NC surface over the reaction time (excess OAm, paper Fig. 5E; excess acid much less):
   * rate = k ([free OAm] + w [free OA]), Arrhenius with a low Ea, as for ligand exchange (chosen). PL falls above ~28 s (Fig. 4D).
   */
  etchRatePerMillimolarPerSAtReference: 1.9e-4,
  acidEtchWeight: 0.05,
  etchActivationKjPerMol: 20,
  /** Thermal decomposition (paper, Fig. 5F: PL falls above 150 C): first order, steep Arrhenius (chosen). */
  decompositionRatePerSAt150C: 4.2e-3,
  decompositionActivationKjPerMol: 170,
  /** Poor mixing: broad sizes, lower PLQY: factor m(F)^exponent. */
  plqyMixingExponent: 0.8,

  // --- emission band shape ---
  /** Self-trapped-exciton band: homogeneous width at room temperature (literature: ~80-90 nm). */
  steEmissionFwhmNm: 84,
  /** Inhomogeneous width per unit relative size spread (chosen). */
  fwhmNmPerSizeSpread: 200,
  /** Size spread: narrower when formation is fast (burst nucleation) and mixing good (paper: hotter is more uniform). */
  sizeSpreadFloor: 0.08,
  sizeSpreadAtReferenceRate: 0.05,
  sizeSpreadPoorMixing: 0.25,

  // --- absorbance ---
  /**
   * Molar absorption coefficient at 300 nm per Cs3Cu2I5 formula unit. In the solid (4.5 g/cm3, 1160 g/mol: 3.9 M) it gives
   * alpha = 2.303 * 9000 * 3.9 = 8e4 /cm, the order of magnitude of Cs3Cu2I5 film absorption near its band (literature; value chosen).
   */
  molarAbsorptivityAt300PerMolarPerCm: 9000,
  /** Share of abs300 that is scattering (lambda^-4) rather than the NC band. */
  scatteringShareAt300: 0.04,

  // --- side bands ---
  /** Second (~600 nm) population below ~120 C: logistic in T. */
  secondPopulationMidpointC: 113,
  secondPopulationWidthC: 3.5,
  secondPopulationShare: 0.6,
  band600Efficiency: 0.5,
  /**
   * ~380 nm band relative to the main band: r = max * x / (1 + x), x = [Cs] * [free OA] / scale: excess OA with
   * Cs-oleate (paper, Fig. 5A). It saturates so the main band stays the maximum of the spectrum.
   */
  band380MaxRatio: 0.08,
  band380ScaleMillimolarSquared: 1500,
} as const;

const K = CHEMISTRY_CONSTANTS;

function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

function kelvin(temperatureC: number): number {
  return temperatureC + KELVIN_AT_0C;
}

/** k(T) = k_ref * exp(-Ea/R (1/T - 1/T_ref)). */
export function arrheniusRate(rateAtReference: number, activationKjPerMol: number, temperatureC: number, referenceTemperatureC: number): number {
  const exponent = -(activationKjPerMol * 1000 / GAS_CONSTANT_J_PER_MOL_K) * (1 / kelvin(temperatureC) - 1 / kelvin(referenceTemperatureC));
  return rateAtReference * Math.exp(exponent);
}

export function formationRatePerS(temperatureC: number): number {
  return arrheniusRate(K.formationRatePerSAtReference, K.formationActivationKjPerMol, temperatureC, K.referenceTemperatureC);
}

export function decompositionRatePerS(temperatureC: number): number {
  return arrheniusRate(K.decompositionRatePerSAt150C, K.decompositionActivationKjPerMol, temperatureC, 150);
}

/** Etching rate per mM of free oleylamine (free oleic acid counts with weight acidEtchWeight). */
export function etchRatePerMillimolarPerS(temperatureC: number): number {
  return arrheniusRate(K.etchRatePerMillimolarPerSAtReference, K.etchActivationKjPerMol, temperatureC, K.referenceTemperatureC);
}

export function mixingEfficiency(totalPrecursorFlowUlPerMin: number): number {
  if (!(totalPrecursorFlowUlPerMin > 0)) return 0;
  return 1 - Math.exp(-((totalPrecursorFlowUlPerMin / K.mixingFlowUlPerMin) ** K.mixingExponent));
}

/** Formula units of Cs3Cu2I5 the reagents allow: the scarcest of Cu/2, I/5, Cs/3 (mM). */
export function limitingProduct(cuMillimolar: number, iodideMillimolar: number, csMillimolar: number): number {
  return Math.max(0, Math.min(cuMillimolar / K.cuPerProduct, iodideMillimolar / K.iodidePerProduct, csMillimolar / K.csPerProduct));
}

/** Oleylammonium-oleate pairs at equilibrium, acid + amine <-> pair (exact root of the mass balance). */
export function ionPairMillimolar(acidMillimolar: number, amineMillimolar: number): number {
  const a = Math.max(0, acidMillimolar);
  const b = Math.max(0, amineMillimolar);
  if (a === 0 || b === 0) return 0;
  const s = a + b + 1 / K.ionPairAssociationPerMillimolar;
  // Smaller root of x^2 - s x + a b = 0, written to avoid cancellation.
  return (2 * a * b) / (s + Math.sqrt(s * s - 4 * a * b));
}

export interface Ligands {
  /** Free oleic acid: both streams, less the oleate Cs-oleate holds (one per Cs). */
  acidMillimolar: number;
  /** Oleic acid that came with the CuI stream (preheated with CuI and OAm). */
  cuiStreamAcidMillimolar: number;
  amineMillimolar: number;
  ionPairsMillimolar: number;
  freeAmineMillimolar: number;
  freeAcidMillimolar: number;
}

export function ligandsOf(droplet: DropletComposition): Ligands {
  const cs = Math.max(0, droplet.csMillimolar);
  const csStreamAcid = Math.max(0, K.oleicAcidMillimolarPerPercent * Math.max(0, droplet.oaCsPercent) - cs);
  const cuiStreamAcid = K.oleicAcidMillimolarPerPercent * Math.max(0, droplet.oaCuiPercent);
  const acid = csStreamAcid + cuiStreamAcid;
  const amine = K.oleylamineMillimolarPerPercent * Math.max(0, droplet.oamPercent);
  const pairs = ionPairMillimolar(acid, amine);
  return { acidMillimolar: acid, cuiStreamAcidMillimolar: cuiStreamAcid, amineMillimolar: amine, ionPairsMillimolar: pairs, freeAmineMillimolar: amine - pairs, freeAcidMillimolar: acid - pairs };
}

/** Mean NC edge length: volume per nucleus = product / nuclei, nuclei ~ product^g exp(Ea/R(1/T - 1/Tref)) (1 + L/Lcap). */
export function meanSizeNm(productMillimolar: number, temperatureC: number, ligandMillimolar: number): number {
  if (!(productMillimolar > 0)) return 0;
  const productFactor = (productMillimolar / K.referenceProductMillimolar) ** (1 - K.nucleationProductExponent);
  const temperatureFactor = arrheniusRate(1, K.sizeActivationKjPerMol, temperatureC, K.referenceTemperatureC);
  const ligandFactor = (1 + K.referenceLigandMillimolar / K.ligandCappingMillimolar) / (1 + ligandMillimolar / K.ligandCappingMillimolar);
  return K.sizeAtReferenceNm * Math.cbrt(productFactor * temperatureFactor * ligandFactor);
}

/** Passivated share of surface sites: Hill isotherm in the ion pairs, times the OA:OAm binding window. */
export function passivationOf(ligands: Ligands): number {
  if (!(ligands.acidMillimolar > 0) || !(ligands.amineMillimolar > 0)) return 0;
  const x = (K.passivationPerPairMillimolar * ligands.ionPairsMillimolar) ** K.passivationHillExponent;
  const logRatio = Math.log(ligands.acidMillimolar / ligands.amineMillimolar / K.bestAcidToAmine);
  return (x / (1 + x)) * Math.exp(-(logRatio * logRatio) / (2 * K.acidToAmineLogWidth * K.acidToAmineLogWidth));
}

/** Speciation of the preheated CuI stream: too little acid keeps Cu(I) as the amine complex, too much strips the amine that dissolves CuI. */
export function cuiStreamSpeciation(cuiStreamAcidMillimolar: number, amineMillimolar: number): number {
  if (!(amineMillimolar > 0) || !(cuiStreamAcidMillimolar > 0)) return 0;
  const logRatio = Math.log(cuiStreamAcidMillimolar / amineMillimolar / K.cuiStreamBestAcidToAmine);
  const window = Math.exp(-(logRatio * logRatio) / (2 * K.cuiStreamRatioLogWidth * K.cuiStreamRatioLogWidth));
  return K.cuiStreamSpeciationFloor + (1 - K.cuiStreamSpeciationFloor) * window;
}

export function secondPopulationFraction(temperatureC: number): number {
  return logistic(-(temperatureC - K.secondPopulationMidpointC) / K.secondPopulationWidthC);
}

/** Fraction of light absorbed by the NCs out of an absorbance `absorbing` within a total `total` (scattering takes its share). */
function absorbedShare(absorbing: number, total: number): number {
  if (!(total > 0)) return 0;
  return (absorbing / total) * -Math.expm1(-Math.LN10 * total);
}

const NO_RESPONSE: OpticalResponse = {
  abs300: 0,
  productMillimolar: 0,
  conversion: 0,
  meanSizeNm: 0,
  sizeSpread: 0,
  passivation: 0,
  plqy: 0,
  absorbedFraction: 0,
  plFwhmNm: K.steEmissionFwhmNm,
  band380Yield: 0,
  band600Yield: 0,
  ligandPercent: 0,
};

export function opticalResponse(inputs: ReactionInputs): OpticalResponse {
  const { droplet, temperatureC: t, reactionTimeS, totalPrecursorFlowUlPerMin } = inputs;
  const cu = Math.max(0, droplet.cuMillimolar);
  const iodide = Math.max(0, droplet.iodideMillimolar);
  const cs = Math.max(0, droplet.csMillimolar);
  const ligandPercent = Math.max(0, droplet.oaCsPercent) + Math.max(0, droplet.oaCuiPercent) + Math.max(0, droplet.oamPercent);
  const mixing = mixingEfficiency(totalPrecursorFlowUlPerMin);
  const tR = Math.max(0, reactionTimeS);
  if (cu <= 0 || iodide <= 0 || cs <= 0 || mixing <= 0 || tR <= 0) return { ...NO_RESPONSE, ligandPercent };

  // 1. Ligands and what they bring into solution.
  const ligands = ligandsOf(droplet);
  const ligandMillimolar = ligands.acidMillimolar + ligands.amineMillimolar;
  const availability = 1 - K.availabilityDepth * Math.exp(-(ligands.acidMillimolar + K.availabilityAmineWeight * ligands.amineMillimolar) / K.availabilityLigandScaleMillimolar);

  // 2. Limiting reagent, with the iodide excess Cs pulls into CsI.
  const csNeededForIodide = (K.csPerProduct / K.iodidePerProduct) * iodide;
  const excessCs = Math.max(0, cs - csNeededForIodide);
  const iodideLeft = iodide * Math.exp(-excessCs / K.csiExcessCsScaleMillimolar);
  const ceiling = limitingProduct(cu, iodideLeft, cs);

  // 3. Conversion (Arrhenius, first order in time, mixing-limited below ~600 uL/min) and decomposition.
  const formed = 1 - Math.exp(-formationRatePerS(t) * tR);
  const decomposition = decompositionRatePerS(t) * tR;
  // Decomposition eats the surface first (PLQY, below) and then the crystal: the yield loses half as much.
  const conversion = availability * formed * mixing * Math.exp(-0.5 * decomposition);
  const product = ceiling * conversion;

  // 4. Mean size and spread.
  const size = meanSizeNm(product, t, ligandMillimolar);
  const sizeSpread = K.sizeSpreadFloor
    + K.sizeSpreadAtReferenceRate * (K.formationRatePerSAtReference / formationRatePerS(t))
    + K.sizeSpreadPoorMixing * (1 - mixing);

  // 5. PLQY: surface-limited emission of NCs of that size, and what damages them.
  const passivation = passivationOf(ligands);
  const surfaceQuenching = (K.surfaceQuenchingLengthNm / size) * (1 - passivation);
  const defectQuenching = arrheniusRate(K.defectQuenchingAtReference, -K.defectAnnealingActivationKjPerMol, t, K.referenceTemperatureC);
  const csRatio = cs / Math.max(csNeededForIodide, 1e-12);
  const etching = etchRatePerMillimolarPerS(t) * (ligands.freeAmineMillimolar + K.acidEtchWeight * ligands.freeAcidMillimolar) * tR;
  const secondPopulation = secondPopulationFraction(t);
  const plqy = K.plqyBulk / (1 + defectQuenching + surfaceQuenching)
    * cuiStreamSpeciation(ligands.cuiStreamAcidMillimolar, ligands.amineMillimolar)
    * (csRatio / (csRatio + K.csVacancyHalfRatio))
    * (cu / (cu + K.cuRichHalfSaturationMillimolar))
    * Math.exp(-etching - decomposition)
    * mixing ** K.plqyMixingExponent
    * (1 - K.secondPopulationShare * secondPopulation);

  // 6. Absorbance over the flowcell bore and the LED light the NCs take in the PL cell.
  const bandAbs300 = K.molarAbsorptivityAt300PerMolarPerCm * FLOWCELL_PATH_CM * product / 1000;
  const abs300 = bandAbs300 / (1 - K.scatteringShareAt300);

  const excessOa = (cs * ligands.acidMillimolar) / K.band380ScaleMillimolarSquared;
  const band380Yield = plqy * K.band380MaxRatio * excessOa / (1 + excessOa);
  const band600Yield = K.band600Efficiency * K.secondPopulationShare * secondPopulation * plqy / (1 - K.secondPopulationShare * secondPopulation);

  return {
    abs300,
    productMillimolar: product,
    conversion,
    meanSizeNm: size,
    sizeSpread,
    passivation,
    plqy,
    absorbedFraction: absorbedShare(bandAbs300, abs300),
    plFwhmNm: Math.hypot(K.steEmissionFwhmNm, K.fwhmNmPerSizeSpread * sizeSpread),
    band380Yield,
    band600Yield,
    ligandPercent,
  };
}

/** Weighted mean of responses: droplets of slightly different history seen in one reading. */
export function mixResponses(responses: readonly OpticalResponse[], weights: readonly number[]): OpticalResponse {
  let total = 0;
  const mixed: OpticalResponse = { ...NO_RESPONSE, plFwhmNm: 0 };
  const keys = Object.keys(NO_RESPONSE) as (keyof OpticalResponse)[];
  let fwhmWeight = 0;
  responses.forEach((r, i) => {
    const w = weights[i];
    total += w;
    for (const key of keys) if (key !== 'plFwhmNm') mixed[key] += w * r[key];
    mixed.plFwhmNm += w * r.plqy * r.plFwhmNm;
    fwhmWeight += w * r.plqy;
  });
  for (const key of keys) if (key !== 'plFwhmNm') mixed[key] /= total;
  mixed.plFwhmNm = fwhmWeight > 0 ? mixed.plFwhmNm / fwhmWeight : K.steEmissionFwhmNm;
  return mixed;
}
