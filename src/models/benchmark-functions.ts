// Smooth test functions on [0, 1]^d used to check and tune surrogates.

/**
 * Friedman #1 on 7 inputs (inputs 6 and 7 are irrelevant):
 * 10 sin(pi x1 x2) + 20 (x3 - 0.5)^2 + 10 x4 + 5 x5. Range about [0, 29].
 */
export function friedman7(x: ArrayLike<number>): number {
  return 10 * Math.sin(Math.PI * x[0] * x[1]) + 20 * (x[2] - 0.5) ** 2 + 10 * x[3] + 5 * x[4];
}

/** One smooth bump with unequal widths per input plus a gentle tilt, any dimension: peak 1 at x = 0.6. */
export function tiltedBump(x: ArrayLike<number>): number {
  let distance = 0;
  let tilt = 0;
  for (let k = 0; k < x.length; k++) {
    distance += (k + 1) * (x[k] - 0.6) ** 2;
    tilt += 0.1 * x[k];
  }
  return Math.exp(-distance) + tilt - 0.06 * x.length;
}
