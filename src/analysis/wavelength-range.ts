// Wavelength windows on a (possibly non-uniform) pixel axis.
import { xyIntegration } from 'ml-spectra-processing';

/** [fromNm, toNm], fromNm < toNm. */
export type WavelengthRangeNm = readonly [number, number];

export function assertRange(range: WavelengthRangeNm, label: string): void {
  if (!(Number.isFinite(range[0]) && Number.isFinite(range[1]) && range[0] < range[1])) {
    throw new Error(`${label}: window must be [fromNm, toNm] with fromNm < toNm, got [${range.join(', ')}]`);
  }
}

/** True when the axis reaches both ends of the window (to within half a pixel). */
export function axisCovers(wavelengthsNm: Float64Array, range: WavelengthRangeNm): boolean {
  const n = wavelengthsNm.length;
  const halfFirst = (wavelengthsNm[1] - wavelengthsNm[0]) / 2;
  const halfLast = (wavelengthsNm[n - 1] - wavelengthsNm[n - 2]) / 2;
  return range[0] >= wavelengthsNm[0] - halfFirst && range[1] <= wavelengthsNm[n - 1] + halfLast;
}

/** Inclusive pixel indices whose wavelengths fall inside the window (empty when none do). */
export function pixelsInside(wavelengthsNm: Float64Array, range: WavelengthRangeNm): { first: number; last: number } {
  let first = lowerBound(wavelengthsNm, range[0]);
  let last = lowerBound(wavelengthsNm, range[1]);
  if (last >= wavelengthsNm.length || wavelengthsNm[last] > range[1]) last -= 1;
  if (first > last) first = last + 1;
  return { first, last };
}

/** First index with wavelengthsNm[i] >= target (length when none). */
export function lowerBound(wavelengthsNm: Float64Array, target: number): number {
  let low = 0;
  let high = wavelengthsNm.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (wavelengthsNm[middle] < target) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Trapezoid integral of y from range[0] to range[1] (nm). Pixels inside the window go through
 * xyIntegration; the partial steps to the window's exact ends use linearly interpolated values,
 * so the window is not shifted by up to half a pixel at each end. The window must lie on the axis.
 */
export function integrateRange(wavelengthsNm: Float64Array, values: Float64Array, range: WavelengthRangeNm): number {
  const n = wavelengthsNm.length;
  const fromNm = Math.max(range[0], wavelengthsNm[0]);
  const toNm = Math.min(range[1], wavelengthsNm[n - 1]);
  const { first, last } = pixelsInside(wavelengthsNm, [fromNm, toNm]);
  if (first > last) {
    // Window between two pixels.
    return ((interpolate(wavelengthsNm, values, fromNm) + interpolate(wavelengthsNm, values, toNm)) / 2) * (toNm - fromNm);
  }
  let area = last > first ? xyIntegration({ x: wavelengthsNm, y: values }, { fromIndex: first, toIndex: last }) : 0;
  area += ((interpolate(wavelengthsNm, values, fromNm) + values[first]) / 2) * (wavelengthsNm[first] - fromNm);
  area += ((values[last] + interpolate(wavelengthsNm, values, toNm)) / 2) * (toNm - wavelengthsNm[last]);
  return area;
}

/** Linear interpolation of values at a wavelength on the axis (clamped to its ends). */
export function interpolate(wavelengthsNm: Float64Array, values: Float64Array, wavelengthNm: number): number {
  const n = wavelengthsNm.length;
  if (wavelengthNm <= wavelengthsNm[0]) return values[0];
  if (wavelengthNm >= wavelengthsNm[n - 1]) return values[n - 1];
  const right = lowerBound(wavelengthsNm, wavelengthNm);
  const left = right - 1;
  const fraction = (wavelengthNm - wavelengthsNm[left]) / (wavelengthsNm[right] - wavelengthsNm[left]);
  return values[left] + fraction * (values[right] - values[left]);
}

/** Mean pixel spacing inside the window, in nm (the pixel polynomial varies slowly). */
export function meanSpacingNm(wavelengthsNm: Float64Array, range: WavelengthRangeNm): number {
  const { first, last } = pixelsInside(wavelengthsNm, range);
  if (last - first >= 1) return (wavelengthsNm[last] - wavelengthsNm[first]) / (last - first);
  return (wavelengthsNm[wavelengthsNm.length - 1] - wavelengthsNm[0]) / (wavelengthsNm.length - 1);
}
