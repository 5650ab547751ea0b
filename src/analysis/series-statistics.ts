// Small statistics on feature time series: relative SD, least-squares line, Student t quantile.

/**
 * Sample standard deviation (n - 1) as a percentage of |mean|. Non-finite values (a failed
 * reading stored as NaN) are skipped; NaN when fewer than two finite values remain.
 */
export function relativeStdPercent(values: ArrayLike<number>): number {
  let n = 0;
  let mean = 0;
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i])) {
      mean += values[i];
      n++;
    }
  }
  if (n < 2) return Number.NaN;
  mean /= n;
  let squares = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) squares += (values[i] - mean) ** 2;
  return (Math.sqrt(squares / (n - 1)) / Math.abs(mean)) * 100;
}

export interface LineFit {
  meanValue: number;
  /** Sample SD of the values (n - 1). */
  sdValue: number;
  slopePerS: number;
  /** Standard error of the slope from the fit residuals (n - 2 degrees of freedom). */
  slopeSePerS: number;
}

/** Least-squares line through (timesS, values); centred sums keep large timestamps exact enough. */
export function fitLine(timesS: ArrayLike<number>, values: ArrayLike<number>, from = 0, to = values.length - 1): LineFit {
  const n = to - from + 1;
  let meanT = 0;
  let meanY = 0;
  for (let i = from; i <= to; i++) {
    meanT += timesS[i];
    meanY += values[i];
  }
  meanT /= n;
  meanY /= n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = from; i <= to; i++) {
    const dt = timesS[i] - meanT;
    const dy = values[i] - meanY;
    sxx += dt * dt;
    sxy += dt * dy;
    syy += dy * dy;
  }
  const slopePerS = sxx > 0 ? sxy / sxx : 0;
  const residualSquares = Math.max(0, syy - slopePerS * sxy);
  const slopeSePerS = n > 2 && sxx > 0 ? Math.sqrt(residualSquares / (n - 2) / sxx) : Number.POSITIVE_INFINITY;
  return { meanValue: meanY, sdValue: n > 1 ? Math.sqrt(syy / (n - 1)) : 0, slopePerS, slopeSePerS };
}

const Z_975 = 1.959963984540054;

/**
 * Two-sided 95 % critical value of Student's t (the 0.975 quantile) for `dof` degrees of
 * freedom, by the Cornish-Fisher expansion around the normal quantile; within 0.005 of the
 * tabulated value from 3 degrees of freedom on.
 */
export function studentT975(dof: number): number {
  if (!(dof >= 1)) throw new Error(`degrees of freedom must be >= 1, got ${dof}`);
  const z = Z_975;
  const z3 = z ** 3;
  const z5 = z ** 5;
  const z7 = z ** 7;
  const z9 = z ** 9;
  const g1 = (z3 + z) / 4;
  const g2 = (5 * z5 + 16 * z3 + 3 * z) / 96;
  const g3 = (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / 384;
  const g4 = (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / 92160;
  return z + g1 / dof + g2 / dof ** 2 + g3 / dof ** 3 + g4 / dof ** 4;
}
