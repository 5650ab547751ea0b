// Light paths of the two flowcells, as photon rates per detector pixel (counts/s): the
// deuterium-halogen lamp through the 180 deg absorbance cell, and droplet emission plus LED
// scatter collected at 90 deg in the PL cell.
import type { OpticalResponse } from './chemistry-model.js';
import { absorbanceShapes, emissionDensity, FWHM_PER_SIGMA } from './spectral-shapes.js';
import type { DetectorSpec } from './detector-model.js';
import { pixelWavelengthsNm, pixelWidthsNm } from './detector-model.js';

export const OPTICS = {
  /** Lamp through the solvent-filled cell at its brightest, counts per ms per pixel. */
  lampPeakCountsPerMs: 4000,
  /**
   * Counts/s per pixel for an emission density of 1 /nm, per nm of pixel width: with the
   * default 100 ms the best condition (PLQY ~17 %) peaks near 75 % of the 16-bit ceiling.
   */
  plCollectionCountsPerS: 1.5e9,
  /** 300 nm LED light scattered into the PL fibre. */
  ledCentreNm: 300,
  ledFwhmNm: 12,
  ledScatterCountsPerS: 2.0e6,
  defaultAbsorbanceIntegrationMs: 10,
  defaultPlIntegrationMs: 100,
} as const;

/** DH-2000-BAL shape: deuterium continuum in the UV, halogen in the visible, a weak D-alpha line; cut below ~212 nm by fibres and solvent. */
export function lampRelativeIntensity(wavelengthNm: number): number {
  const deuterium = 0.85 * Math.exp(-(((wavelengthNm - 250) / 75) ** 2));
  const halogen = 0.75 * Math.exp(-(((wavelengthNm - 640) / 210) ** 2));
  const alphaLine = 0.15 * Math.exp(-0.5 * ((wavelengthNm - 656.1) / 1.0) ** 2);
  const onset = 1 / (1 + Math.exp(-(wavelengthNm - 212) / 5));
  return onset * (deuterium + halogen + alphaLine);
}

/** Per-pixel constants of one spectrometer. */
export interface PixelAxis {
  wavelengthsNm: Float64Array;
  widthsNm: Float64Array;
}

export function pixelAxis(spec: DetectorSpec): PixelAxis {
  return { wavelengthsNm: pixelWavelengthsNm(spec), widthsNm: pixelWidthsNm(spec) };
}

interface AbsorbancePixelConstants {
  lampCountsPerS: Float64Array;
  perAbs300: Float64Array;
  perLigandPercent: Float64Array;
}

// Wavelength-only factors, computed once per axis: a scan then costs one exp per pixel.
const absorbanceConstants = new WeakMap<Float64Array, AbsorbancePixelConstants>();

function absorbancePixelConstants(axis: PixelAxis): AbsorbancePixelConstants {
  let constants = absorbanceConstants.get(axis.wavelengthsNm);
  if (!constants) {
    const n = axis.wavelengthsNm.length;
    constants = { lampCountsPerS: new Float64Array(n), perAbs300: new Float64Array(n), perLigandPercent: new Float64Array(n) };
    for (let p = 0; p < n; p++) {
      const wavelengthNm = axis.wavelengthsNm[p];
      const shapes = absorbanceShapes(wavelengthNm);
      constants.lampCountsPerS[p] = OPTICS.lampPeakCountsPerMs * 1000 * lampRelativeIntensity(wavelengthNm);
      constants.perAbs300[p] = shapes.perAbs300;
      constants.perLigandPercent[p] = shapes.perLigandPercent;
    }
    absorbanceConstants.set(axis.wavelengthsNm, constants);
  }
  return constants;
}

export interface LampState {
  on: boolean;
  /** Relative intensity change from drift (0 = nominal). */
  drift: number;
}

/** Absorbance channel: lamp x 10^(-A) through the droplet; `pathFactor` scales the optical path. */
export function absorbanceChannelSignal(axis: PixelAxis, lamp: LampState, response: OpticalResponse, pathFactor = 1): Float64Array {
  const signal = new Float64Array(axis.wavelengthsNm.length);
  if (!lamp.on) return signal;
  const c = absorbancePixelConstants(axis);
  const power = 1 + lamp.drift;
  const nanocrystals = pathFactor * response.abs300;
  const ligands = pathFactor * response.ligandPercent;
  for (let p = 0; p < signal.length; p++) {
    const absorbance = nanocrystals * c.perAbs300[p] + ligands * c.perLigandPercent[p];
    signal[p] = power * c.lampCountsPerS[p] * Math.exp(-Math.LN10 * absorbance);
  }
  return signal;
}

/** PL channel: droplet emission and LED scatter, only while the LED is on. */
export function plChannelSignal(axis: PixelAxis, led: LampState, response: OpticalResponse, collectionFactor = 1): Float64Array {
  const signal = new Float64Array(axis.wavelengthsNm.length);
  if (!led.on) return signal;
  const power = 1 + led.drift;
  const emissionScale = OPTICS.plCollectionCountsPerS * power * collectionFactor;
  const ledSigma = OPTICS.ledFwhmNm / FWHM_PER_SIGMA;
  const ledScale = (OPTICS.ledScatterCountsPerS * power) / (ledSigma * Math.sqrt(2 * Math.PI));
  for (let p = 0; p < signal.length; p++) {
    const wavelengthNm = axis.wavelengthsNm[p];
    const z = (wavelengthNm - OPTICS.ledCentreNm) / ledSigma;
    const scatter = Math.abs(z) < 8 ? ledScale * Math.exp(-0.5 * z * z) : 0;
    signal[p] = (emissionScale * emissionDensity(response, wavelengthNm) + scatter) * axis.widthsNm[p];
  }
  return signal;
}
