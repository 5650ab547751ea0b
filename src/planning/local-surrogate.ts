// A surrogate fitted only to the observations around a trust region, in the region's own
// coordinates: the box of side `length` around `centre` becomes [0, 1]^d. A model with a fixed
// input scale (an ENN's initial weights and weight decay, its distance-aware spread) then
// resolves detail at the box's scale, and its targets are standardised over the local values.
import type { Prediction, PredictionWithGradient, Surrogate } from '../models/surrogate.js';

export interface LocalFrame {
  /** Centre of the box in unit coordinates (the best observation). */
  readonly centre: ArrayLike<number>;
  /** Side length of the box in unit coordinates. */
  readonly length: number;
}

/** Observations within this many box sides beyond each face also train the local model. */
export const LOCAL_MARGIN = 0.5;

/** The point in the frame's coordinates: the box maps to [0, 1]^d. */
export function toFrame(frame: LocalFrame, unit: ArrayLike<number>): Float64Array {
  const out = new Float64Array(unit.length);
  for (let k = 0; k < unit.length; k++) out[k] = (unit[k] - frame.centre[k]) / frame.length + 0.5;
  return out;
}

/**
 * Indices of the observations that train the local model: those within LOCAL_MARGIN box sides
 * of the box, or, if fewer than `minimum`, the `minimum` nearest the centre (Chebyshev distance,
 * ties by index), so a small box still has enough data.
 */
export function localTrainingIndices(frame: LocalFrame, units: readonly ArrayLike<number>[], minimum: number): number[] {
  const reach = units.map((u, index) => {
    let farthest = 0;
    for (let k = 0; k < u.length; k++) farthest = Math.max(farthest, Math.abs(u[k] - frame.centre[k]) / frame.length);
    return { index, farthest };
  });
  const inside = reach.filter((r) => r.farthest <= 0.5 + LOCAL_MARGIN);
  if (inside.length >= Math.min(minimum, units.length)) return inside.map((r) => r.index);
  return [...reach].sort((a, b) => a.farthest - b.farthest || a.index - b.index).slice(0, minimum).map((r) => r.index).sort((a, b) => a - b);
}

/** Wraps a model fitted in the frame's coordinates so it takes and differentiates unit points. */
export function localSurrogate(inner: Surrogate, frame: LocalFrame): Surrogate {
  const centre = Array.from(frame.centre);
  const toInner = (points: readonly ArrayLike<number>[]) => points.map((p) => toFrame(frame, p));
  const predict = (points: readonly ArrayLike<number>[]): Prediction => inner.predict(toInner(points));
  const local: Surrogate = {
    kind: inner.kind,
    inputDimension: inner.inputDimension,
    predict,
    toJSON: () => ({ kind: 'local', frame: { centre, length: frame.length }, model: inner.toJSON() }),
  };
  if (!inner.predictWithGradient) return local;
  const innerWithGradient = inner.predictWithGradient.bind(inner);
  return {
    ...local,
    // d/du = (1 / length) d/dv, v = (u - centre) / length + 1/2.
    predictWithGradient: (points): PredictionWithGradient => {
      const prediction = innerWithGradient(toInner(points));
      const scale = (gradients: Float64Array[]) => gradients.map((g) => g.map((v) => v / frame.length));
      return { ...prediction, meanGradient: scale(prediction.meanGradient), stdGradient: scale(prediction.stdGradient) };
    },
  };
}
