// How the digital twin is judged, in one place for the campaign runner (its model-fitted
// event, which the dashboard shows), the report and `sdfl insights`: train and test R^2 on an
// 80/20 split that the campaign seeds, so every reader of the same data gets the same split
// and the same numbers. An R^2 needs at least MIN_POINTS_FOR_R2 points; with fewer it is not
// given (null), since a handful of test points makes it arbitrary (two points give R^2 -19.9 as
// easily as 0.9). Pure: the dashboard imports it too.

/** Share of the experiments held out to test the twin (the paper's 80/20 split). */
export const TWIN_TEST_FRACTION = 0.2;
/** Fewer measured experiments than this are not enough to fit a twin worth judging. */
export const MIN_EXPERIMENTS_FOR_TWIN = 10;
/** An R^2 on fewer points than this is not reported. */
export const MIN_POINTS_FOR_R2 = 10;

export interface TwinQuality {
  /** Measured experiments the twin was judged on. */
  observations: number;
  /** Sizes of the split; null when there were too few experiments to fit a twin. */
  trainSize: number | null;
  testSize: number | null;
  /** Null when its part of the split has fewer than MIN_POINTS_FOR_R2 points. */
  trainR2: number | null;
  testR2: number | null;
}

/** Sizes of the split of `n` experiments (as `trainTestSplit` of src/models/metrics.ts draws it). */
export function twinSplitSizes(n: number, testFraction = TWIN_TEST_FRACTION): { train: number; test: number } {
  const test = Math.min(n - 1, Math.max(1, Math.round(n * testFraction)));
  return { train: n - test, test };
}

/** Seed of the split: the campaign's seed and the data size, so the same log always gives the same split. */
export function twinSplitSeed(campaignSeed: number, n: number): number {
  return campaignSeed * 7919 + n;
}

/** The R^2 if it rests on enough points and is a number, else null. */
export function reportableR2(r2: number, points: number): number | null {
  return points >= MIN_POINTS_FOR_R2 && Number.isFinite(r2) ? r2 : null;
}

/** Fewer experiments than it takes for MIN_POINTS_FOR_R2 test points (48 at 80/20). */
export function experimentsForTestR2(testFraction = TWIN_TEST_FRACTION): number {
  let n = MIN_POINTS_FOR_R2;
  while (twinSplitSizes(n, testFraction).test < MIN_POINTS_FOR_R2) n++;
  return n;
}

/** "0.829", or "n/a, only 2 test points" when the part of the split is too small for an R^2. */
export function formatSplitR2(r2: number | null, points: number, part: 'test' | 'training'): string {
  if (points < MIN_POINTS_FOR_R2) return `n/a, only ${points} ${part} point${points === 1 ? '' : 's'}`;
  return r2 === null || !Number.isFinite(r2) ? 'n/a' : r2.toFixed(3);
}

/**
 * The test R^2 with the split it rests on, for people: "0.829 (test 12 of 60)",
 * "n/a, only 2 test points", "n/a, only 7 experiments". A record without split sizes (logged
 * before they were) gets the sizes its data size implies, and the same rule.
 */
export function describeTestR2(twin: { observations?: number; testR2: number | null; testSize?: number | null } | null | undefined): string {
  if (!twin) return 'n/a, no twin fitted yet';
  const n = twin.observations;
  if (n !== undefined && n < MIN_EXPERIMENTS_FOR_TWIN) return `n/a, only ${n} experiment${n === 1 ? '' : 's'}`;
  const test = twin.testSize ?? (n === undefined ? undefined : twinSplitSizes(n).test);
  if (test !== undefined && test < MIN_POINTS_FOR_R2) return `n/a, only ${test} test point${test === 1 ? '' : 's'}`;
  if (twin.testR2 === null || !Number.isFinite(twin.testR2)) return 'n/a';
  return `${twin.testR2.toFixed(3)}${test !== undefined && n !== undefined ? ` (test ${test} of ${n})` : ''}`;
}
