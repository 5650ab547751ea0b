// Slow drift of a light source: a sum of sinusoids with random periods and phases. A pure
// function of time once drawn, so the drift a reading sees does not depend on how often
// anything else was read.
import type { Random } from '../domain/random.js';

export interface Drift {
  amplitudes: Float64Array;
  angularFrequencies: Float64Array;
  phases: Float64Array;
}

/** RMS `rms` (relative), periods log-uniform between the bounds. */
export function drawDrift(random: Random, rms: number, minPeriodS: number, maxPeriodS: number, components = 8): Drift {
  const amplitudes = new Float64Array(components);
  const angularFrequencies = new Float64Array(components);
  const phases = new Float64Array(components);
  const amplitude = rms * Math.sqrt(2 / components);
  for (let k = 0; k < components; k++) {
    const periodS = minPeriodS * (maxPeriodS / minPeriodS) ** random.uniform();
    amplitudes[k] = amplitude;
    angularFrequencies[k] = (2 * Math.PI) / periodS;
    phases[k] = 2 * Math.PI * random.uniform();
  }
  return { amplitudes, angularFrequencies, phases };
}

export function driftAt(drift: Drift, timeS: number): number {
  let value = 0;
  for (let k = 0; k < drift.amplitudes.length; k++) value += drift.amplitudes[k] * Math.sin(drift.angularFrequencies[k] * timeS + drift.phases[k]);
  return value;
}
