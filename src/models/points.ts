// Packing of point lists into row-major Float64Array, with the checks every model needs.

/** Rows of `points` packed row-major; throws when a row has the wrong length or a non-finite value. */
export function packPoints(points: readonly ArrayLike<number>[], dimension: number): Float64Array {
  const packed = new Float64Array(points.length * dimension);
  for (let i = 0; i < points.length; i++) {
    const point = points[i];
    if (point.length !== dimension) throw new Error(`point ${i} has ${point.length} coordinates, expected ${dimension}`);
    for (let k = 0; k < dimension; k++) {
      const value = point[k];
      if (!Number.isFinite(value)) throw new Error(`point ${i} coordinate ${k} is not a finite number (${value})`);
      packed[i * dimension + k] = value;
    }
  }
  return packed;
}

/** Checks a training set and returns its input dimension. */
export function checkTrainingSet(points: readonly ArrayLike<number>[], targets: ArrayLike<number>): number {
  if (points.length === 0) throw new Error('cannot fit a surrogate to zero points');
  if (points.length !== targets.length) throw new Error(`${points.length} points but ${targets.length} targets`);
  for (let i = 0; i < targets.length; i++) {
    if (!Number.isFinite(targets[i])) throw new Error(`target ${i} is not a finite number (${targets[i]})`);
  }
  const dimension = points[0].length;
  if (dimension < 1) throw new Error('points must have at least one coordinate');
  return dimension;
}

/** Mean and standard deviation used to standardise targets (scale 1 when they are all equal). */
export function targetScaling(targets: ArrayLike<number>): { mean: number; scale: number } {
  const n = targets.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += targets[i];
  mean /= n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (targets[i] - mean) ** 2;
  variance /= n;
  const scale = Math.sqrt(variance);
  return { mean, scale: scale > 1e-12 * Math.max(1, Math.abs(mean)) ? scale : 1 };
}
