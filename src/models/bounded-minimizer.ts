// A small box-constrained quasi-Newton minimiser (projected L-BFGS with a backtracking
// Armijo line search), for GP hyperparameters: a handful of variables, smooth objective,
// analytic gradient. Variables sitting on a bound with the gradient pushing outwards are
// held fixed for the step.

export interface ObjectiveValue {
  /** Objective value; Infinity marks an infeasible point (e.g. a failed factorisation). */
  value: number;
  gradient: Float64Array;
}

export interface MinimizeOptions {
  readonly maxIterations?: number;
  /** Stop when the projected gradient's largest entry falls below this. */
  readonly gradientTolerance?: number;
  /** Stop when a step improves the value by less than this times (1 + |value|). */
  readonly valueTolerance?: number;
  /** Number of stored curvature pairs. */
  readonly memory?: number;
}

export interface MinimizeResult {
  readonly x: Float64Array;
  readonly value: number;
  readonly iterations: number;
  readonly evaluations: number;
}

export function minimizeBounded(
  objective: (x: Float64Array) => ObjectiveValue,
  start: ArrayLike<number>,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  options: MinimizeOptions = {},
): MinimizeResult {
  const maxIterations = options.maxIterations ?? 100;
  const gradientTolerance = options.gradientTolerance ?? 1e-6;
  const valueTolerance = options.valueTolerance ?? 1e-10;
  const memory = options.memory ?? 8;
  const n = start.length;
  const clamp = (x: Float64Array) => {
    for (let i = 0; i < n; i++) x[i] = Math.min(upper[i], Math.max(lower[i], x[i]));
    return x;
  };

  let x = clamp(Float64Array.from(start));
  let current = objective(x);
  let evaluations = 1;
  if (!Number.isFinite(current.value)) return { x, value: current.value, iterations: 0, evaluations };
  const steps: Float64Array[] = [];
  const gradientChanges: Float64Array[] = [];
  const free = new Uint8Array(n);
  let iterations = 0;

  while (iterations < maxIterations) {
    iterations++;
    const g = current.gradient;
    let largest = 0;
    for (let i = 0; i < n; i++) {
      const blocked = (x[i] <= lower[i] && g[i] > 0) || (x[i] >= upper[i] && g[i] < 0);
      free[i] = blocked ? 0 : 1;
      if (!blocked) largest = Math.max(largest, Math.abs(g[i]));
    }
    if (largest < gradientTolerance) break;

    let direction = twoLoopDirection(g, free, steps, gradientChanges);
    let slope = dot(g, direction);
    if (!(slope < 0)) {
      steps.length = 0;
      gradientChanges.length = 0;
      direction = twoLoopDirection(g, free, steps, gradientChanges);
      slope = dot(g, direction);
    }
    // Without curvature information, start with a step of unit length.
    let stepLength = steps.length === 0 ? 1 / Math.max(1, Math.sqrt(dot(direction, direction))) : 1;
    let accepted: { x: Float64Array; value: ObjectiveValue } | undefined;
    for (let trial = 0; trial < 40; trial++) {
      const candidate = clamp(x.map((xi, i) => xi + stepLength * direction[i]));
      const value = objective(candidate);
      evaluations++;
      let decrease = 0;
      for (let i = 0; i < n; i++) decrease += g[i] * (candidate[i] - x[i]);
      if (Number.isFinite(value.value) && value.value <= current.value + 1e-4 * decrease) {
        accepted = { x: candidate, value };
        break;
      }
      stepLength *= 0.5;
    }
    if (accepted === undefined) {
      if (steps.length === 0) break;
      steps.length = 0;
      gradientChanges.length = 0;
      continue;
    }
    const step = accepted.x.map((v, i) => v - x[i]);
    const gradientChange = accepted.value.gradient.map((v, i) => v - g[i]);
    if (dot(step, gradientChange) > 1e-12) {
      steps.push(step);
      gradientChanges.push(gradientChange);
      if (steps.length > memory) {
        steps.shift();
        gradientChanges.shift();
      }
    }
    const improvement = current.value - accepted.value.value;
    x = accepted.x;
    current = accepted.value;
    if (improvement < valueTolerance * (1 + Math.abs(current.value))) break;
  }
  return { x, value: current.value, iterations, evaluations };
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/** -H g over the free variables (standard L-BFGS two-loop recursion), zero on held ones. */
function twoLoopDirection(g: Float64Array, free: Uint8Array, steps: Float64Array[], changes: Float64Array[]): Float64Array {
  const q = g.map((v, i) => (free[i] ? v : 0));
  const masked = (v: Float64Array) => v.map((vi, i) => (free[i] ? vi : 0));
  const k = steps.length;
  const alphas = new Float64Array(k);
  const s = steps.map(masked);
  const y = changes.map(masked);
  const rho = y.map((yi, i) => 1 / dot(yi, s[i]));
  for (let i = k - 1; i >= 0; i--) {
    if (!Number.isFinite(rho[i]) || rho[i] <= 0) continue;
    alphas[i] = rho[i] * dot(s[i], q);
    for (let j = 0; j < q.length; j++) q[j] -= alphas[i] * y[i][j];
  }
  if (k > 0) {
    const yy = dot(y[k - 1], y[k - 1]);
    const gamma = yy > 0 ? dot(s[k - 1], y[k - 1]) / yy : 1;
    if (gamma > 0 && Number.isFinite(gamma)) for (let j = 0; j < q.length; j++) q[j] *= gamma;
  }
  for (let i = 0; i < k; i++) {
    if (!Number.isFinite(rho[i]) || rho[i] <= 0) continue;
    const beta = rho[i] * dot(y[i], q);
    for (let j = 0; j < q.length; j++) q[j] += s[i][j] * (alphas[i] - beta);
  }
  for (let j = 0; j < q.length; j++) q[j] = free[j] ? -q[j] : 0;
  return q;
}
