// Shape of the main PL band on a dark-corrected (and smoothed) spectrum: peak height and
// wavelength, FWHM, and areas of windows with or without the main band's tail.
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import type { WavelengthRangeNm } from './wavelength-range.js';
import { axisCovers, integrateRange, pixelsInside } from './wavelength-range.js';

const FWHM_PER_SIGMA = 2 * Math.sqrt(2 * Math.LN2);

export interface MainBand {
  /** Height of the smoothed band at its top (signal units). */
  intensity: number | null;
  peakNm: number | null;
  fwhmNm: number | null;
  /** Half-maximum crossings on the short- and long-wavelength sides. */
  halfMaxBlueNm: number | null;
  halfMaxRedNm: number | null;
  warnings: string[];
}

export interface MainBandOptions {
  searchNm: WavelengthRangeNm;
  /** Points of the smoothed band at or above this fraction of its maximum enter the top fit. */
  topFraction: number;
  /** Peak wavelength and FWHM need the top this many noise SDs above zero. */
  minPeakSnr: number;
  /** Per-pixel noise SD of the unsmoothed signal. */
  noiseSd: number;
}

const NO_BAND: Omit<MainBand, 'warnings'> = {
  intensity: null,
  peakNm: null,
  fwhmNm: null,
  halfMaxBlueNm: null,
  halfMaxRedNm: null,
};

/**
 * Finds the main band as the maximum of the smoothed signal in the search window, refines
 * the top with a least-squares parabola through the points near the maximum (sub-pixel, and
 * averaging many pixels instead of trusting the single noisiest one), and walks outwards to
 * the interpolated half-maximum crossings.
 */
export function measureMainBand(wavelengthsNm: Float64Array, smoothed: Float64Array, options: MainBandOptions): MainBand {
  const { searchNm } = options;
  if (!axisCovers(wavelengthsNm, searchNm)) {
    return { ...NO_BAND, warnings: [`PL peak window [${searchNm.join(', ')}] nm lies outside the spectrum`] };
  }
  const { first, last } = pixelsInside(wavelengthsNm, searchNm);
  if (first > last) return { ...NO_BAND, warnings: ['PL peak window holds no pixel'] };
  let top = first;
  for (let i = first + 1; i <= last; i++) if (smoothed[i] > smoothed[top]) top = i;

  const warnings: string[] = [];
  if (top === first || top === last) {
    warnings.push('PL maximum sits at the edge of the peak window: the band may lie outside it');
  }
  const peak = refineTop(wavelengthsNm, smoothed, top, options.topFraction);
  const intensity = peak.height;
  if (!(intensity > options.minPeakSnr * options.noiseSd) || intensity <= 0) {
    warnings.push(
      `PL band not above noise (top ${intensity.toPrecision(3)}, noise SD ${options.noiseSd.toPrecision(3)}): ` +
        'no peak wavelength or FWHM',
    );
    return { ...NO_BAND, intensity, warnings };
  }

  const half = intensity / 2;
  const halfMaxBlueNm = halfCrossing(wavelengthsNm, smoothed, top, half, -1);
  const halfMaxRedNm = halfCrossing(wavelengthsNm, smoothed, top, half, +1);
  if (halfMaxBlueNm === null || halfMaxRedNm === null) {
    warnings.push('PL band does not fall to half maximum inside the spectrum: no FWHM');
  }
  const fwhmNm = halfMaxBlueNm !== null && halfMaxRedNm !== null ? halfMaxRedNm - halfMaxBlueNm : null;
  return { intensity, peakNm: peak.wavelengthNm, fwhmNm, halfMaxBlueNm, halfMaxRedNm, warnings };
}

/** Vertex of the parabola fitted to the contiguous run of points above topFraction of the maximum. */
function refineTop(
  wavelengthsNm: Float64Array,
  y: Float64Array,
  top: number,
  topFraction: number,
): { wavelengthNm: number; height: number } {
  const floor = y[top] * topFraction;
  let left = top;
  let right = top;
  while (left > 0 && y[left - 1] >= floor) left--;
  while (right < y.length - 1 && y[right + 1] >= floor) right++;
  // A parabola needs three points.
  if (right - left < 2) {
    left = Math.max(0, Math.min(left, top - 1));
    right = Math.min(y.length - 1, Math.max(right, top + 1));
  }
  const fallback = { wavelengthNm: wavelengthsNm[top], height: y[top] };
  if (right - left < 2) return fallback;

  // Fit y = c0 + c1 u + c2 u^2 with u centred on the top pixel for conditioning.
  const x0 = wavelengthsNm[top];
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, t0 = 0, t1 = 0, t2 = 0;
  for (let i = left; i <= right; i++) {
    const u = wavelengthsNm[i] - x0;
    const u2 = u * u;
    s0 += 1; s1 += u; s2 += u2; s3 += u2 * u; s4 += u2 * u2;
    t0 += y[i]; t1 += y[i] * u; t2 += y[i] * u2;
  }
  const [c0, c1, c2] = solve3([
    [s0, s1, s2, t0],
    [s1, s2, s3, t1],
    [s2, s3, s4, t2],
  ]);
  if (!(c2 < 0)) return fallback;
  const vertexU = -c1 / (2 * c2);
  if (!(vertexU >= wavelengthsNm[left] - x0 && vertexU <= wavelengthsNm[right] - x0)) return fallback;
  return { wavelengthNm: x0 + vertexU, height: c0 + c1 * vertexU + c2 * vertexU * vertexU };
}

/** Gaussian elimination with partial pivoting on a 3x4 augmented matrix. */
function solve3(m: number[][]): [number, number, number] {
  for (let col = 0; col < 3; col++) {
    let pivot = col;
    for (let row = col + 1; row < 3; row++) if (Math.abs(m[row][col]) > Math.abs(m[pivot][col])) pivot = row;
    [m[col], m[pivot]] = [m[pivot], m[col]];
    for (let row = col + 1; row < 3; row++) {
      const factor = m[row][col] / m[col][col];
      for (let k = col; k < 4; k++) m[row][k] -= factor * m[col][k];
    }
  }
  const c2 = m[2][3] / m[2][2];
  const c1 = (m[1][3] - m[1][2] * c2) / m[1][1];
  const c0 = (m[0][3] - m[0][1] * c1 - m[0][2] * c2) / m[0][0];
  return [c0, c1, c2];
}

/** Wavelength where y first drops below `half` walking from `top` in `direction`, interpolated. */
function halfCrossing(
  wavelengthsNm: Float64Array,
  y: Float64Array,
  top: number,
  half: number,
  direction: -1 | 1,
): number | null {
  for (let i = top + direction; i >= 0 && i < y.length; i += direction) {
    if (y[i] < half) {
      const inner = i - direction;
      const fraction = (y[inner] - half) / (y[inner] - y[i]);
      return wavelengthsNm[inner] + fraction * (wavelengthsNm[i] - wavelengthsNm[inner]);
    }
  }
  return null;
}

export interface WindowArea {
  area: number | null;
  warnings: string[];
}

export function windowArea(wavelengthsNm: Float64Array, signal: Float64Array, rangeNm: WavelengthRangeNm, label: string): WindowArea {
  if (!axisCovers(wavelengthsNm, rangeNm)) {
    return { area: null, warnings: [`${label} window [${rangeNm.join(', ')}] nm lies outside the spectrum`] };
  }
  return { area: integrateRange(wavelengthsNm, signal, rangeNm), warnings: [] };
}

export type SecondaryBandMethod = 'residual' | 'window';

/**
 * Area of a secondary band in a window. 'window' integrates the signal as it is, so the
 * main band's tail counts too; 'residual' first removes a Gaussian model of the main band
 * (height and centre as measured, width from the half-maximum crossing on the side away
 * from the window, which the secondary band does not distort). Residual areas are signed:
 * noise around zero is kept, not clipped, so averages stay unbiased.
 */
export function secondaryBandArea(
  wavelengthsNm: Float64Array,
  signal: Float64Array,
  rangeNm: WavelengthRangeNm,
  mainBand: MainBand,
  method: SecondaryBandMethod,
  label: string,
): WindowArea {
  if (!axisCovers(wavelengthsNm, rangeNm)) {
    return { area: null, warnings: [`${label} window [${rangeNm.join(', ')}] nm lies outside the spectrum`] };
  }
  const raw = integrateRange(wavelengthsNm, signal, rangeNm);
  if (method === 'window') return { area: raw, warnings: [] };

  const { intensity, peakNm, halfMaxBlueNm, halfMaxRedNm } = mainBand;
  const windowIsBlue = (rangeNm[0] + rangeNm[1]) / 2 < (peakNm ?? 0);
  const farHalfWidthNm =
    peakNm === null ? null : windowIsBlue
      ? halfMaxRedNm === null ? null : halfMaxRedNm - peakNm
      : halfMaxBlueNm === null ? null : peakNm - halfMaxBlueNm;
  if (intensity === null || peakNm === null || farHalfWidthNm === null || !(farHalfWidthNm > 0)) {
    return { area: raw, warnings: [`${label}: main band not measured, area includes any main-band tail`] };
  }
  const sigmaNm = (2 * farHalfWidthNm) / FWHM_PER_SIGMA;
  const modelArea =
    intensity *
    sigmaNm *
    Math.sqrt(2 * Math.PI) *
    (normalCdf(rangeNm[1], peakNm, sigmaNm) - normalCdf(rangeNm[0], peakNm, sigmaNm));
  return { area: raw - modelArea, warnings: [] };
}
