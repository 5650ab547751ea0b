// Synthetic spectrometer readings for the analysis tests: a non-uniform pixel axis, a detector
// with offset, dark current, shot and read noise and a saturation ceiling, a smooth
// deuterium-halogen lamp, Beer-Lambert samples and Gaussian emission bands.
import type { Random } from '../../../src/domain/random.js';
import type { Spectrum } from '../../../src/domain/spectrum.js';

export const FWHM_PER_SIGMA = 2 * Math.sqrt(2 * Math.LN2);

/** A 2048-pixel axis from a quadratic pixel polynomial, 190 nm to about 1098 nm. */
export function pixelAxisNm(pixels = 2048): Float64Array {
  return Float64Array.from({ length: pixels }, (_, p) => 190 + 0.45 * p - 3e-6 * p * p);
}

export interface Detector {
  offsetCounts: number;
  darkCountsPerS: number;
  readNoiseCounts: number;
  saturationCounts: number;
}

export const DETECTOR: Detector = {
  offsetCounts: 1500,
  darkCountsPerS: 400,
  readNoiseCounts: 6,
  saturationCounts: 65535,
};

export type RateNm = (wavelengthNm: number) => number;

/**
 * One reading: counts = offset + (dark rate + photon rate) x t, with Poisson shot noise
 * (normal approximation, one count per photoelectron) and read noise, clipped at the ceiling.
 * No Random means a noise-free reading.
 */
export function acquire(
  axisNm: Float64Array,
  photonsPerS: RateNm,
  integrationTimeMs: number,
  random?: Random,
  detector: Detector = DETECTOR,
): Spectrum {
  const timeS = integrationTimeMs / 1000;
  const counts = new Float64Array(axisNm.length);
  for (let i = 0; i < axisNm.length; i++) {
    const electrons = (detector.darkCountsPerS + photonsPerS(axisNm[i])) * timeS;
    let value = detector.offsetCounts + electrons;
    if (random) value += Math.sqrt(electrons) * random.normal() + detector.readNoiseCounts * random.normal();
    counts[i] = Math.min(value, detector.saturationCounts);
  }
  return { wavelengthsNm: axisNm, counts, integrationTimeMs, saturationCounts: detector.saturationCounts };
}

export const darkRate: RateNm = () => 0;

/** Smooth D2 + halogen profile, fading out below ~215 nm; peaks near 4e5 photons/s. */
export const lampRate: RateNm = (wavelengthNm) => {
  const onset = 1 / (1 + Math.exp(-(wavelengthNm - 215) / 5));
  const deuterium = 0.7 * Math.exp(-(((wavelengthNm - 260) / 70) ** 2));
  const halogen = Math.exp(-(((wavelengthNm - 650) / 260) ** 2));
  return 4e5 * onset * (deuterium + halogen);
};

export function transmitted(lamp: RateNm, absorbance: (wavelengthNm: number) => number): RateNm {
  return (wavelengthNm) => lamp(wavelengthNm) * 10 ** -absorbance(wavelengthNm);
}

export function gaussian(wavelengthNm: number, centreNm: number, sigmaNm: number): number {
  return Math.exp(-0.5 * ((wavelengthNm - centreNm) / sigmaNm) ** 2);
}

export interface EmissionBand {
  centreNm: number;
  sigmaNm: number;
  /** Peak photon rate, photons/s per pixel. */
  heightPerS: number;
}

export function emission(bands: readonly EmissionBand[]): RateNm {
  return (wavelengthNm) => bands.reduce((sum, b) => sum + b.heightPerS * gaussian(wavelengthNm, b.centreNm, b.sigmaNm), 0);
}

export const MAIN_BAND: EmissionBand = { centreNm: 450, sigmaNm: 38, heightPerS: 1.5e5 };
