// Which way a response surface goes along each axis: the share of steps between neighbouring
// feasible grid points where the prediction rises. Unlike a correlation over the whole slice,
// it is not diluted when the feasible part spans only a short range of one input.
/** A grid of predictions, x varying fastest (a ResponseSurface or a CompositionSurface). */
export interface SurfaceGrid {
  xLevels: number;
  yLevels: number;
  rows: readonly { feasible: boolean; mean: number }[];
}

export interface AxisTrend {
  /** Neighbouring feasible pairs along the axis. */
  steps: number;
  /** Share of those steps where the prediction rises (NaN without steps). */
  risingShare: number;
}

export function surfaceAxisTrend(surface: SurfaceGrid, axis: 'x' | 'y'): AxisTrend {
  const { xLevels, yLevels, rows } = surface;
  let steps = 0;
  let rising = 0;
  for (let j = 0; j < yLevels; j++) {
    for (let i = 0; i < xLevels; i++) {
      const [ni, nj] = axis === 'x' ? [i + 1, j] : [i, j + 1];
      if (ni >= xLevels || nj >= yLevels) continue;
      const here = rows[j * xLevels + i];
      const next = rows[nj * xLevels + ni];
      if (!here.feasible || !next.feasible) continue;
      steps += 1;
      if (next.mean > here.mean) rising += 1;
    }
  }
  return { steps, risingShare: steps > 0 ? rising / steps : Number.NaN };
}

export function describeAxisTrend(trend: AxisTrend): string {
  if (trend.steps === 0) return 'cannot be judged (no feasible neighbours)';
  if (trend.risingShare >= 0.8) return 'rises';
  if (trend.risingShare <= 0.2) return 'falls';
  return 'goes up and down';
}
