// Dense symmetric positive-definite algebra on row-major Float64Array (n x n), for the GP.
// Written out instead of using ml-matrix: factor + inverse measured about 8x less CPU time
// than ml-matrix's CholeskyDecomposition + solve(I) (0.22 vs 1.9 ms at n = 60, 1.0 vs 8.0 ms
// at n = 100; bench/ensemble-training.ts), and a GP fit factorises hundreds of such matrices.
//
// Every inner loop is a dot product along rows (contiguous memory), and the loops work on
// four or eight rows at once so that each element loaded from the shared row serves all of
// them. Each dot product still sums its terms in index order with one accumulator, so the
// results do not depend on how rows are grouped (the multi-row solve equals the one-row
// solve bit for bit). On this machine that made the factor about 1.5x and the triangular
// solves about 2.5x faster than one row at a time (`bench/gp-scale.ts` has the figures).

/** In-place lower Cholesky factor (upper triangle left untouched); false if not positive definite. */
export function choleskyInPlace(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    const rowJ = j * n;
    let diagonal = a[rowJ + j];
    for (let k = 0; k < j; k++) diagonal -= a[rowJ + k] * a[rowJ + k];
    if (!(diagonal > 0) || !Number.isFinite(diagonal)) return false;
    const pivot = Math.sqrt(diagonal);
    a[rowJ + j] = pivot;
    let i = j + 1;
    for (; i + 3 < n; i += 4) {
      const r0 = i * n;
      const r1 = r0 + n;
      const r2 = r1 + n;
      const r3 = r2 + n;
      let s0 = a[r0 + j];
      let s1 = a[r1 + j];
      let s2 = a[r2 + j];
      let s3 = a[r3 + j];
      for (let k = 0; k < j; k++) {
        const c = a[rowJ + k];
        s0 -= a[r0 + k] * c;
        s1 -= a[r1 + k] * c;
        s2 -= a[r2 + k] * c;
        s3 -= a[r3 + k] * c;
      }
      a[r0 + j] = s0 / pivot;
      a[r1 + j] = s1 / pivot;
      a[r2 + j] = s2 / pivot;
      a[r3 + j] = s3 / pivot;
    }
    for (; i < n; i++) {
      const rowI = i * n;
      let sum = a[rowI + j];
      for (let k = 0; k < j; k++) sum -= a[rowI + k] * a[rowJ + k];
      a[rowI + j] = sum / pivot;
    }
  }
  return true;
}

/** Solves L x = b in place (L lower, from choleskyInPlace). */
export function solveLowerInPlace(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= l[row + k] * b[k];
    b[i] = sum / l[row + i];
  }
}

/** Solves L^T x = b in place. */
export function solveUpperTransposedInPlace(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = n - 1; i >= 0; i--) {
    let sum = b[i];
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i] * b[k];
    b[i] = sum / l[i * n + i];
  }
}

/** Solves (L L^T) x = b in place. */
export function choleskySolveInPlace(l: Float64Array, n: number, b: Float64Array): void {
  solveLowerInPlace(l, n, b);
  solveUpperTransposedInPlace(l, n, b);
}

/**
 * Solves L X = B in place for `count` right-hand sides stored as rows: b[r * n + i] is entry i
 * of right-hand side r. Eight right-hand sides share each load of L; every one gets exactly
 * the arithmetic of `solveLowerInPlace`.
 */
export function solveLowerRowsInPlace(l: Float64Array, n: number, b: Float64Array, count: number): void {
  let r = 0;
  for (; r + 7 < count; r += 8) {
    const o0 = r * n;
    const o1 = o0 + n;
    const o2 = o1 + n;
    const o3 = o2 + n;
    const o4 = o3 + n;
    const o5 = o4 + n;
    const o6 = o5 + n;
    const o7 = o6 + n;
    for (let i = 0; i < n; i++) {
      const row = i * n;
      let s0 = b[o0 + i];
      let s1 = b[o1 + i];
      let s2 = b[o2 + i];
      let s3 = b[o3 + i];
      let s4 = b[o4 + i];
      let s5 = b[o5 + i];
      let s6 = b[o6 + i];
      let s7 = b[o7 + i];
      for (let k = 0; k < i; k++) {
        const c = l[row + k];
        s0 -= c * b[o0 + k];
        s1 -= c * b[o1 + k];
        s2 -= c * b[o2 + k];
        s3 -= c * b[o3 + k];
        s4 -= c * b[o4 + k];
        s5 -= c * b[o5 + k];
        s6 -= c * b[o6 + k];
        s7 -= c * b[o7 + k];
      }
      const pivot = l[row + i];
      b[o0 + i] = s0 / pivot;
      b[o1 + i] = s1 / pivot;
      b[o2 + i] = s2 / pivot;
      b[o3 + i] = s3 / pivot;
      b[o4 + i] = s4 / pivot;
      b[o5 + i] = s5 / pivot;
      b[o6 + i] = s6 / pivot;
      b[o7 + i] = s7 / pivot;
    }
  }
  for (; r < count; r++) {
    const offset = r * n;
    for (let i = 0; i < n; i++) {
      const row = i * n;
      let sum = b[offset + i];
      for (let k = 0; k < i; k++) sum -= l[row + k] * b[offset + k];
      b[offset + i] = sum / l[row + i];
    }
  }
}

/**
 * (L L^T)^-1 as a full symmetric matrix into `out`, using `work` (n x n) as scratch. `out` may be
 * the same array as `l` (the factor is no longer read once `out` is written); `work` may not.
 */
export function choleskyInverse(l: Float64Array, n: number, out: Float64Array = new Float64Array(n * n), work: Float64Array = new Float64Array(n * n)): Float64Array {
  // U = L^-T, upper, row by row: U_ji = -(sum_{j<=k<i} L_ik U_jk) / L_ii for i > j, U_jj = 1 / L_jj.
  // Rows of U are built four at a time over one pass through the rows of L; entries left of a
  // row's diagonal are zero, so the four share one loop range.
  const u = work;
  u.fill(0);
  let j0 = 0;
  for (; j0 < n; j0 += 4) {
    const rows = Math.min(4, n - j0);
    // The small head: the columns i < j0 + rows, one row of U at a time.
    for (let jj = 0; jj < rows; jj++) {
      const j = j0 + jj;
      const rowJ = j * n;
      u[rowJ + j] = 1 / l[rowJ + j];
      for (let i = j + 1; i < j0 + rows; i++) {
        const rowI = i * n;
        let sum = 0;
        for (let k = j0; k < i; k++) sum -= l[rowI + k] * u[rowJ + k];
        u[rowJ + i] = sum / l[rowI + i];
      }
    }
    if (rows < 4) {
      for (let jj = 0; jj < rows; jj++) {
        const rowJ = (j0 + jj) * n;
        for (let i = j0 + rows; i < n; i++) {
          const rowI = i * n;
          let sum = 0;
          for (let k = j0; k < i; k++) sum -= l[rowI + k] * u[rowJ + k];
          u[rowJ + i] = sum / l[rowI + i];
        }
      }
      continue;
    }
    const u0 = j0 * n;
    const u1 = u0 + n;
    const u2 = u1 + n;
    const u3 = u2 + n;
    for (let i = j0 + 4; i < n; i++) {
      const rowI = i * n;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let k = j0; k < i; k++) {
        const c = l[rowI + k];
        s0 -= c * u[u0 + k];
        s1 -= c * u[u1 + k];
        s2 -= c * u[u2 + k];
        s3 -= c * u[u3 + k];
      }
      const pivot = l[rowI + i];
      u[u0 + i] = s0 / pivot;
      u[u1 + i] = s1 / pivot;
      u[u2 + i] = s2 / pivot;
      u[u3 + i] = s3 / pivot;
    }
  }
  // K^-1 = U U^T: entry (i, j), j <= i, is the dot product of rows i and j of U from column i on.
  for (let i = 0; i < n; i++) {
    const rowI = i * n;
    let j = 0;
    for (; j + 3 <= i; j += 4) {
      const r0 = j * n;
      const r1 = r0 + n;
      const r2 = r1 + n;
      const r3 = r2 + n;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let k = i; k < n; k++) {
        const c = u[rowI + k];
        s0 += c * u[r0 + k];
        s1 += c * u[r1 + k];
        s2 += c * u[r2 + k];
        s3 += c * u[r3 + k];
      }
      out[rowI + j] = s0;
      out[rowI + j + 1] = s1;
      out[rowI + j + 2] = s2;
      out[rowI + j + 3] = s3;
    }
    for (; j <= i; j++) {
      const rowJ = j * n;
      let sum = 0;
      for (let k = i; k < n; k++) sum += u[rowI + k] * u[rowJ + k];
      out[rowI + j] = sum;
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) out[j * n + i] = out[i * n + j];
  return out;
}
