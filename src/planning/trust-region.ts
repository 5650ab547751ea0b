// A TuRBO-style trust region (Eriksson et al., NeurIPS 2019) for the acquisition search: a box
// around the best observation whose side grows after a run of improvements and shrinks after
// a run without one. Its state is a pure function of the observation history, so a restored
// planner needs nothing stored beyond its observations.
import { z } from 'zod';

export const trustRegionSettingsSchema = z.strictObject({
  /** Side length of the box (unit coordinates) at the start and after a restart (default 0.8). */
  initialLength: z.number().gt(0).max(2).default(0.8),
  /** Below this length the region restarts at `initialLength` (default 2^-7). */
  minLength: z.number().gt(0).default(2 ** -7),
  /** Upper limit of the side length (default 1.6: the whole cube from any centre). */
  maxLength: z.number().gt(0).default(1.6),
  /** Consecutive improvements that double the side (default 3). */
  successTolerance: z.number().int().min(1).default(3),
  /** Consecutive runs without improvement that halve it (default max(4, dimension)). */
  failureTolerance: z.number().int().min(1).optional(),
  /**
   * Observations (initial design included) before which the search covers the whole region;
   * the box starts at `initialLength` from then on (default 0: from the first policy point).
   * Lets a campaign explore globally first and refine locally with the rest of its budget.
   */
  activeFrom: z.number().int().min(0).default(0),
  /**
   * Fit the surrogate for the search only to the observations around the box (within half a
   * side of it, at least 2 (d + 1) of them), in the box's own coordinates
   * (local-surrogate.ts), as TuRBO's local models do (default false: the global model).
   */
  localModel: z.boolean().default(false),
}).refine((s) => s.minLength < s.initialLength && s.initialLength <= s.maxLength, 'trust region lengths must satisfy minLength < initialLength <= maxLength');
export type TrustRegionSettingsInput = z.input<typeof trustRegionSettingsSchema>;
export type TrustRegionSettings = z.output<typeof trustRegionSettingsSchema>;

export interface TrustRegionState {
  /** Current side length of the box. */
  length: number;
  successes: number;
  failures: number;
  /** Times the box shrank below `minLength` and started again. */
  restarts: number;
}

/** An improvement must beat the best by this share of |best| (TuRBO's 1e-3) to count. */
const RELATIVE_IMPROVEMENT = 1e-3;

/**
 * Replays the history: `values` in the order observed, maximised orientation, null for a
 * failed run (never an improvement). The first `baseline` values only set the best (the
 * initial design); each later value is a success or a failure for the region.
 */
export function trustRegionState(values: readonly (number | null)[], baseline: number, dimension: number, settings: TrustRegionSettings): TrustRegionState {
  const failureTolerance = settings.failureTolerance ?? Math.max(4, dimension);
  const state: TrustRegionState = { length: settings.initialLength, successes: 0, failures: 0, restarts: 0 };
  let best = Number.NEGATIVE_INFINITY;
  values.forEach((value, index) => {
    const improved = value !== null && value > best + RELATIVE_IMPROVEMENT * Math.abs(best === Number.NEGATIVE_INFINITY ? 0 : best);
    if (value !== null && value > best) best = value;
    if (index < baseline) return;
    if (improved) {
      state.successes += 1;
      state.failures = 0;
    } else {
      state.failures += 1;
      state.successes = 0;
    }
    if (state.successes >= settings.successTolerance) {
      state.length = Math.min(2 * state.length, settings.maxLength);
      state.successes = 0;
    } else if (state.failures >= failureTolerance) {
      state.length /= 2;
      state.failures = 0;
    }
    if (state.length < settings.minLength) {
      state.length = settings.initialLength;
      state.restarts += 1;
    }
  });
  return state;
}

export interface UnitBox {
  lower: Float64Array;
  upper: Float64Array;
}

/** The box of side `length` centred on `centre`, cut to the unit cube. */
export function trustRegionBox(centre: ArrayLike<number>, length: number): UnitBox {
  const lower = new Float64Array(centre.length);
  const upper = new Float64Array(centre.length);
  for (let i = 0; i < centre.length; i++) {
    lower[i] = Math.max(0, centre[i] - length / 2);
    upper[i] = Math.min(1, centre[i] + length / 2);
  }
  return { lower, upper };
}
