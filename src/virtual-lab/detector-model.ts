// A fibre spectrometer's detector (Ocean HDX-like): a wavelength polynomial over 2048
// pixels, an electronic offset with a fixed pattern, dark current, shot noise (Poisson,
// normal approximation), read noise, 16-bit ceiling. Pure: noise comes from the Random given.
import type { Random } from '../domain/random.js';

export interface DetectorSpec {
  pixels: number;
  /** lambda(p) = sum c_i p^i, in nm. */
  wavelengthCoefficientsNm: readonly number[];
  offsetCounts: number;
  /** Pixel-to-pixel SD of the offset, as a fraction of it (fixed per instrument). */
  offsetPatternFraction: number;
  darkCountsPerS: number;
  readNoiseCounts: number;
  /** Photoelectrons per count: shot-noise SD in counts is sqrt(counts / electronsPerCount). */
  electronsPerCount: number;
  saturationCounts: number;
  minIntegrationMs: number;
  maxIntegrationMs: number;
}

const HDX_DETECTOR = {
  pixels: 2048,
  offsetCounts: 1500,
  offsetPatternFraction: 0.004,
  darkCountsPerS: 30,
  readNoiseCounts: 8,
  electronsPerCount: 2,
  saturationCounts: 65535,
  minIntegrationMs: 6,
  maxIntegrationMs: 10_000,
} as const;

/** UV-VIS gratings, ~200-800 nm; the two units differ slightly in calibration. */
export const ABSORBANCE_DETECTOR: DetectorSpec = { ...HDX_DETECTOR, wavelengthCoefficientsNm: [199.8, 0.303, -5.0e-6, 2.0e-10] };
export const PL_DETECTOR: DetectorSpec = { ...HDX_DETECTOR, wavelengthCoefficientsNm: [200.4, 0.3027, -4.8e-6, 1.0e-10] };

export function pixelWavelengthsNm(spec: DetectorSpec): Float64Array {
  const axis = new Float64Array(spec.pixels);
  for (let p = 0; p < spec.pixels; p++) {
    let value = 0;
    let power = 1;
    for (const c of spec.wavelengthCoefficientsNm) {
      value += c * power;
      power *= p;
    }
    axis[p] = value;
  }
  return axis;
}

/** Spectral width each pixel collects (d lambda / dp). */
export function pixelWidthsNm(spec: DetectorSpec): Float64Array {
  const widths = new Float64Array(spec.pixels);
  const c = spec.wavelengthCoefficientsNm;
  for (let p = 0; p < spec.pixels; p++) {
    let value = 0;
    for (let i = 1; i < c.length; i++) value += i * c[i] * p ** (i - 1);
    widths[p] = value;
  }
  return widths;
}

/** Per-pixel electronic offset of one instrument. */
export function drawOffsetPattern(spec: DetectorSpec, random: Random): Float64Array {
  const offsets = new Float64Array(spec.pixels);
  for (let p = 0; p < spec.pixels; p++) offsets[p] = spec.offsetCounts * (1 + spec.offsetPatternFraction * random.normal());
  return offsets;
}

/**
 * One reading in counts: offset + (dark + signal) x t with shot and read noise, rounded to
 * whole counts and clipped at the ceiling. `random` null gives the noise-free expectation.
 */
export function readDetector(
  spec: DetectorSpec,
  offsets: Float64Array,
  signalCountsPerS: Float64Array,
  integrationTimeMs: number,
  random: Random | null,
): Float64Array {
  const timeS = integrationTimeMs / 1000;
  const counts = new Float64Array(spec.pixels);
  const readVariance = spec.readNoiseCounts * spec.readNoiseCounts;
  for (let p = 0; p < spec.pixels; p++) {
    const collected = Math.max(0, (spec.darkCountsPerS + signalCountsPerS[p]) * timeS);
    let value = offsets[p] + collected;
    if (random) {
      value += Math.sqrt(collected / spec.electronsPerCount + readVariance) * random.normal();
      value = Math.round(value);
    }
    counts[p] = Math.min(spec.saturationCounts, Math.max(0, value));
  }
  return counts;
}
