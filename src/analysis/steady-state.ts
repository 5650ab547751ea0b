// Steady-state test on a feature time series (Abs300, PL intensity, ...): the trailing window
// must be quiet (RSD under a threshold) and flat (no trend beyond noise).
import { fitLine, relativeStdPercent, studentT975 } from './series-statistics.js';

export { relativeStdPercent } from './series-statistics.js';

export interface FeatureSeries {
  timesS: readonly number[];
  /** null or non-finite values (a failed reading) are skipped. */
  values: readonly (number | null)[];
}

export interface SteadyStateOptions {
  /** Length of the trailing window in s. */
  windowS: number;
  /** The window's relative SD must be at or below this. Default 2 %. */
  maxRsdPercent?: number;
  /**
   * A slope counts as flat when it is not significant (|slope| / SE <= Student t 0.975 with
   * n - 2 degrees of freedom, or this value when given)...
   */
  slopeTCritical?: number;
  /** ...or when it moves the value by at most this % of the mean across the window. Default 1 %. */
  maxDriftPercent?: number;
  /** Fewest points a window needs. Default 5. */
  minPoints?: number;
}

export const DEFAULT_STEADY_STATE_OPTIONS = {
  maxRsdPercent: 2,
  maxDriftPercent: 1,
  minPoints: 5,
} as const;

export interface SteadyStateWindow {
  startS: number;
  endS: number;
  points: number;
  meanValue: number;
  rsdPercent: number;
  slopePerS: number;
  /** |slope| / its standard error. */
  slopeT: number;
  /** |slope| x window span as a % of |mean|. */
  driftPercent: number;
  steady: boolean;
}

export interface SteadyStateResult {
  /** End time of the first steady window: when a live detector would have declared it. */
  reachedAtS: number | null;
  /** The first steady window (its mean and RSD), or null when none was. */
  window: SteadyStateWindow | null;
  /** The last full window evaluated, steady or not (null when the series is shorter than one window). */
  latest: SteadyStateWindow | null;
}

export function detectSteadyState(series: FeatureSeries, options: SteadyStateOptions): SteadyStateResult {
  const { windowS } = options;
  const maxRsdPercent = options.maxRsdPercent ?? DEFAULT_STEADY_STATE_OPTIONS.maxRsdPercent;
  const maxDriftPercent = options.maxDriftPercent ?? DEFAULT_STEADY_STATE_OPTIONS.maxDriftPercent;
  const minPoints = Math.max(4, options.minPoints ?? DEFAULT_STEADY_STATE_OPTIONS.minPoints);
  if (!(windowS > 0)) throw new Error(`windowS must be positive, got ${windowS}`);
  if (series.timesS.length !== series.values.length) {
    throw new Error(`series has ${series.timesS.length} times but ${series.values.length} values`);
  }

  const timesS: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < series.values.length; i++) {
    const value = series.values[i];
    const timeS = series.timesS[i];
    if (value === null || !Number.isFinite(value)) continue;
    if (!Number.isFinite(timeS)) throw new Error(`time at index ${i} is not a finite number`);
    if (timesS.length > 0 && timeS <= timesS[timesS.length - 1]) {
      throw new Error(`times must increase strictly (index ${i})`);
    }
    timesS.push(timeS);
    values.push(value);
  }

  let first: SteadyStateWindow | null = null;
  let latest: SteadyStateWindow | null = null;
  // Tolerance so that a window of exactly windowS on an even grid keeps its first point.
  const slackS = windowS * 1e-9;
  let start = 0;
  for (let end = 0; end < timesS.length; end++) {
    if (timesS[end] - timesS[0] < windowS - slackS) continue;
    while (timesS[end] - timesS[start] > windowS + slackS) start++;
    const points = end - start + 1;
    if (points < minPoints) continue;
    latest = evaluateWindow(timesS, values, start, end, maxRsdPercent, maxDriftPercent, options.slopeTCritical);
    if (latest.steady && first === null) first = latest;
  }
  return { reachedAtS: first?.endS ?? null, window: first, latest };
}

function evaluateWindow(
  timesS: number[],
  values: number[],
  start: number,
  end: number,
  maxRsdPercent: number,
  maxDriftPercent: number,
  slopeTCritical: number | undefined,
): SteadyStateWindow {
  const points = end - start + 1;
  const fit = fitLine(timesS, values, start, end);
  const absMean = Math.abs(fit.meanValue);
  const rsdPercent = relativeStdPercent(values.slice(start, end + 1));
  const spanS = timesS[end] - timesS[start];
  const driftPercent = absMean > 0 ? ((Math.abs(fit.slopePerS) * spanS) / absMean) * 100 : Number.POSITIVE_INFINITY;
  const slopeT =
    fit.slopeSePerS > 0 ? Math.abs(fit.slopePerS) / fit.slopeSePerS : fit.slopePerS === 0 ? 0 : Number.POSITIVE_INFINITY;
  const tCritical = slopeTCritical ?? studentT975(points - 2);
  const flat = slopeT <= tCritical || driftPercent <= maxDriftPercent;
  return {
    startS: timesS[start],
    endS: timesS[end],
    points,
    meanValue: fit.meanValue,
    rsdPercent,
    slopePerS: fit.slopePerS,
    slopeT,
    driftPercent,
    steady: rsdPercent <= maxRsdPercent && flat,
  };
}
