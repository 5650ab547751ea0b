// Noise-free features of a condition at steady state, in the units the analysis reports
// (PL in dark-corrected counts per second, areas in counts/s x nm over the analysis windows),
// computed on the virtual spectrometers' pixel axes with drift, gain errors and noise off.
// This is the ground truth benchmarks measure regret against.
import { makeRecipe, type Recipe } from '../chemistry/recipe.js';
import type { RigGeometry } from '../chemistry/rig-geometry.js';
import type { RigCondition } from '../domain/rig-space.js';
import { opticalResponse, type OpticalResponse } from './chemistry-model.js';
import { ABSORBANCE_DETECTOR, PL_DETECTOR } from './detector-model.js';
import { OPTICS, pixelAxis, plChannelSignal, type PixelAxis } from './optics.js';
import { dropletAbsorbance, secondaryEmissionDensity } from './spectral-shapes.js';

export interface ExpectedFeatures {
  abs300: number;
  /** Height of the main band, counts/s. */
  plIntensity: number;
  /** Main-band window 380-560 nm, counts/s x nm. */
  plArea: number;
  plPeakNm: number;
  plFwhmNm: number;
  /** The secondary bands alone inside their windows (360-400, 560-660 nm), counts/s x nm. */
  band380Area: number;
  band600Area: number;
  plqy: number;
  conversion: number;
  response: OpticalResponse;
}

export interface ExpectedFeaturesOptions {
  geometry?: RigGeometry;
  /** Platform studies go beyond the planner's bounds (e.g. 100-170 C, low flows). */
  allowOutsidePlannerBounds?: boolean;
}

/** Windows the analysis uses by default (src/analysis/photoluminescence.ts). */
export const FEATURE_WINDOWS_NM = {
  abs300: [298, 302],
  plPeakSearch: [400, 520],
  plArea: [380, 560],
  band380: [360, 400],
  band600: [560, 660],
} as const;

const PL_AXIS: PixelAxis = pixelAxis(PL_DETECTOR);
const ABSORBANCE_AXIS: PixelAxis = pixelAxis(ABSORBANCE_DETECTOR);

/** The droplets' response once the flows have run long enough, at the programmed flows. */
export function steadyStateResponse(recipe: Recipe): OpticalResponse {
  return opticalResponse({
    droplet: recipe.droplet,
    temperatureC: recipe.temperatureC,
    reactionTimeS: recipe.reactionTimeS,
    totalPrecursorFlowUlPerMin: recipe.totalPrecursorFlowUlPerMin,
  });
}

function pixelRange(axis: Float64Array, fromNm: number, toNm: number): [number, number] {
  let first = 0;
  while (first < axis.length && axis[first] < fromNm) first++;
  let last = axis.length - 1;
  while (last >= 0 && axis[last] > toNm) last--;
  return [first, last];
}

function trapezoid(axis: Float64Array, values: ArrayLike<number>, [fromNm, toNm]: readonly [number, number]): number {
  const [first, last] = pixelRange(axis, fromNm, toNm);
  let area = 0;
  for (let p = first; p < last; p++) area += 0.5 * (values[p] + values[p + 1]) * (axis[p + 1] - axis[p]);
  return area;
}

/** Vertex of the parabola through the maximum pixel and its neighbours. */
function peakTop(axis: Float64Array, signal: ArrayLike<number>, first: number, last: number): { heightCounts: number; wavelengthNm: number; index: number } {
  let top = first;
  for (let p = first + 1; p <= last; p++) if (signal[p] > signal[top]) top = p;
  if (top === 0 || top === axis.length - 1) return { heightCounts: signal[top], wavelengthNm: axis[top], index: top };
  const [x0, x1, x2] = [axis[top - 1], axis[top], axis[top + 1]];
  const [y0, y1, y2] = [signal[top - 1], signal[top], signal[top + 1]];
  const denominator = (x0 - x1) * (x0 - x2) * (x1 - x2);
  const a = (x2 * (y1 - y0) + x1 * (y0 - y2) + x0 * (y2 - y1)) / denominator;
  const b = (x2 * x2 * (y0 - y1) + x1 * x1 * (y2 - y0) + x0 * x0 * (y1 - y2)) / denominator;
  const c = (x1 * x2 * (x1 - x2) * y0 + x2 * x0 * (x2 - x0) * y1 + x0 * x1 * (x0 - x1) * y2) / denominator;
  if (!(a < 0)) return { heightCounts: y1, wavelengthNm: x1, index: top };
  const vertex = -b / (2 * a);
  return { heightCounts: c - (b * b) / (4 * a), wavelengthNm: vertex, index: top };
}

function halfCrossing(axis: Float64Array, signal: ArrayLike<number>, top: number, half: number, direction: -1 | 1): number {
  for (let p = top + direction; p >= 0 && p < axis.length; p += direction) {
    if (signal[p] < half) {
      const inner = p - direction;
      const fraction = (signal[inner] - half) / (signal[inner] - signal[p]);
      return axis[inner] + fraction * (axis[p] - axis[inner]);
    }
  }
  return Number.NaN;
}

export function expectedFeaturesOfResponse(response: OpticalResponse): ExpectedFeatures {
  const signal = plChannelSignal(PL_AXIS, { on: true, drift: 0 }, response);
  const axis = PL_AXIS.wavelengthsNm;
  const [first, last] = pixelRange(axis, FEATURE_WINDOWS_NM.plPeakSearch[0], FEATURE_WINDOWS_NM.plPeakSearch[1]);
  const top = peakTop(axis, signal, first, last);
  const half = top.heightCounts / 2;
  const fwhm = halfCrossing(axis, signal, top.index, half, 1) - halfCrossing(axis, signal, top.index, half, -1);
  const secondary = (band: '380' | '600') => {
    const values = new Float64Array(axis.length);
    for (let p = 0; p < axis.length; p++) values[p] = OPTICS.plCollectionCountsPerS * secondaryEmissionDensity(response, axis[p], band) * PL_AXIS.widthsNm[p];
    return trapezoid(axis, values, band === '380' ? FEATURE_WINDOWS_NM.band380 : FEATURE_WINDOWS_NM.band600);
  };
  const [absFirst, absLast] = pixelRange(ABSORBANCE_AXIS.wavelengthsNm, FEATURE_WINDOWS_NM.abs300[0], FEATURE_WINDOWS_NM.abs300[1]);
  let absorbanceSum = 0;
  for (let p = absFirst; p <= absLast; p++) absorbanceSum += dropletAbsorbance(response, ABSORBANCE_AXIS.wavelengthsNm[p]);
  return {
    abs300: absorbanceSum / (absLast - absFirst + 1),
    plIntensity: top.heightCounts,
    plArea: trapezoid(axis, signal, FEATURE_WINDOWS_NM.plArea),
    plPeakNm: top.wavelengthNm,
    plFwhmNm: fwhm,
    band380Area: secondary('380'),
    band600Area: secondary('600'),
    plqy: response.plqy,
    conversion: response.conversion,
    response,
  };
}

export function expectedFeatures(condition: RigCondition, options: ExpectedFeaturesOptions = {}): ExpectedFeatures {
  return expectedFeaturesOfResponse(steadyStateResponse(makeRecipe(condition, options)));
}

/** Just the planner's objective, cheaply: the main-band top from the pixels around 450 nm. */
export function expectedPlIntensityOfResponse(response: OpticalResponse): number {
  const axis = PL_AXIS.wavelengthsNm;
  const [first, last] = pixelRange(axis, 436, 464);
  const signal = new Float64Array(axis.length);
  const from = Math.max(0, first - 1);
  const to = Math.min(axis.length - 1, last + 1);
  const partial = plChannelSignal({ wavelengthsNm: axis.subarray(from, to + 1), widthsNm: PL_AXIS.widthsNm.subarray(from, to + 1) }, { on: true, drift: 0 }, response);
  signal.set(partial, from);
  const top = peakTop(axis, signal, first, last);
  // A top at the edge of the narrow window means a secondary band dominates: use the full search.
  if (top.index === first || top.index === last) return expectedFeaturesOfResponse(response).plIntensity;
  return top.heightCounts;
}

export function expectedPlIntensity(condition: RigCondition, options: ExpectedFeaturesOptions = {}): number {
  return expectedPlIntensityOfResponse(steadyStateResponse(makeRecipe(condition, options)));
}
