// Wavelength dependence of what the droplets do to light: the absorbance spectrum seen by
// the 180 deg flowcell and the emission spectrum seen by the 90 deg PL flowcell.
import type { OpticalResponse } from './chemistry-model.js';
import { CHEMISTRY_CONSTANTS } from './chemistry-model.js';

export const FWHM_PER_SIGMA = 2 * Math.sqrt(2 * Math.LN2);

export const BAND_SHAPES = {
  /** Cs3Cu2I5 absorption band near 290-300 nm with its edge tailing to ~330 nm. */
  absorptionCentreNm: 292,
  absorptionSigmaNm: 15,
  /** Higher transitions: a step below ~262 nm. */
  absorptionContinuumHeight: 0.45,
  absorptionContinuumEdgeNm: 262,
  absorptionContinuumWidthNm: 7,
  /** OA/OAm C=C absorption below ~230 nm: absorbance per % v/v at 205 nm. */
  ligandAbsorbancePerPercent: 0.004,
  ligandDecayNm: 10,
  /** Self-trapped-exciton emission: fixed at 450 nm whatever the inputs. */
  plCentreNm: 450,
  band380CentreNm: 380,
  band380FwhmNm: 26,
  band600CentreNm: 600,
  band600FwhmNm: 100,
} as const;

const S = BAND_SHAPES;

function gaussianDensity(wavelengthNm: number, centreNm: number, fwhmNm: number): number {
  const sigma = fwhmNm / FWHM_PER_SIGMA;
  const z = (wavelengthNm - centreNm) / sigma;
  // Beyond 9 SD the band is below 1e-17 of its peak: skip the exp.
  return z > 9 || z < -9 ? 0 : Math.exp(-0.5 * z * z) / (sigma * Math.sqrt(2 * Math.PI));
}

function bandProfile(wavelengthNm: number): number {
  const z = (wavelengthNm - S.absorptionCentreNm) / S.absorptionSigmaNm;
  return Math.exp(-0.5 * z * z)
    + S.absorptionContinuumHeight / (1 + Math.exp((wavelengthNm - S.absorptionContinuumEdgeNm) / S.absorptionContinuumWidthNm));
}

const BAND_AT_300 = bandProfile(300);

/** Absorbance per unit abs300 of the NC band with its scattering, and per % ligand. */
export function absorbanceShapes(wavelengthNm: number): { perAbs300: number; perLigandPercent: number } {
  const scatterShare = CHEMISTRY_CONSTANTS.scatteringShareAt300;
  return {
    perAbs300: (1 - scatterShare) * bandProfile(wavelengthNm) / BAND_AT_300 + scatterShare * (300 / wavelengthNm) ** 4,
    perLigandPercent: S.ligandAbsorbancePerPercent * Math.exp(-(wavelengthNm - 205) / S.ligandDecayNm),
  };
}

/** Absorbance of the droplet phase at one wavelength (the NC band, scattering, ligands). */
export function dropletAbsorbance(response: OpticalResponse, wavelengthNm: number): number {
  const shapes = absorbanceShapes(wavelengthNm);
  return response.abs300 * shapes.perAbs300 + response.ligandPercent * shapes.perLigandPercent;
}

/** Photons emitted per nm per LED photon reaching the droplet; all bands are excited through the droplet's absorption. */
export function emissionDensity(response: OpticalResponse, wavelengthNm: number): number {
  return response.absorbedFraction * (
    response.plqy * gaussianDensity(wavelengthNm, S.plCentreNm, response.plFwhmNm)
    + response.band380Yield * gaussianDensity(wavelengthNm, S.band380CentreNm, S.band380FwhmNm)
    + response.band600Yield * gaussianDensity(wavelengthNm, S.band600CentreNm, S.band600FwhmNm)
  );
}

/** The secondary bands alone (for the truth of band areas). */
export function secondaryEmissionDensity(response: OpticalResponse, wavelengthNm: number, band: '380' | '600'): number {
  const bandYield = band === '380' ? response.band380Yield : response.band600Yield;
  const centreNm = band === '380' ? S.band380CentreNm : S.band600CentreNm;
  const fwhmNm = band === '380' ? S.band380FwhmNm : S.band600FwhmNm;
  return response.absorbedFraction * bandYield * gaussianDensity(wavelengthNm, centreNm, fwhmNm);
}
