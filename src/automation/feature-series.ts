// Hold a condition (or a sequence of them, with no stop between) and record features at a
// fixed interval: the primitive behind the stability and residence-time studies. The rig is
// watched between samples as during an experiment (pumps running, temperature in its band and
// below the over-temperature limit), and every wait ends at once when the signal aborts.
import type { Recipe } from '../chemistry/recipe.js';
import { DEFAULT_RIG_GEOMETRY, type RigGeometry } from '../chemistry/rig-geometry.js';
import type { Spectrum } from '../domain/spectrum.js';
import type { Rig } from '../instruments/interfaces.js';
import { computeFeatures, type SpectralFeatures } from '../analysis/features.js';
import { acquireSpectra } from './acquire.js';
import { checkRigForRecipes } from './requirements.js';
import { ExperimentAbortedError, ExperimentFailedError } from './errors.js';
import { settleTemperature } from './heater-settle.js';
import { maxTemperatureOf, overTemperatureLimit } from './interlocks.js';
import { startFlows } from './pumps.js';
import { rejectSaturated, watchRig } from './run-experiment.js';
import { runOptionsSchema, type RunOptionsInput } from './run-options.js';
import { enterSafeState } from './safe-state.js';
import { abortable, isAbort, watchedSleep } from './waits.js';

export interface FeatureSample {
  /** Index of the segment (condition) in the sequence. */
  segment: number;
  /** Rig clock time of the sample, and time since this segment's flows started. */
  timeS: number;
  sinceFlowChangeS: number;
  features: SpectralFeatures;
}

export interface SeriesSegment {
  recipe: Recipe;
  /** How long to hold this condition. */
  durationS: number;
  /** Start recording this long after the flow change (0 records the transient too). */
  recordAfterS: number;
  intervalS: number;
  /** False holds the condition without recording (e.g. a solvent flush between conditions). */
  record?: boolean;
}

export interface SeriesRequest {
  /** Absorbance reference; null on a rig without an absorbance channel. */
  reference: Spectrum | null;
  segments: SeriesSegment[];
  geometry?: RigGeometry;
  options?: RunOptionsInput;
  onSample?: (sample: FeatureSample) => void;
  signal?: AbortSignal;
}

export async function recordFeatureSeries(rig: Rig, request: SeriesRequest): Promise<FeatureSample[]> {
  const options = runOptionsSchema.parse(request.options ?? {});
  const geometry = request.geometry ?? DEFAULT_RIG_GEOMETRY;
  const samples: FeatureSample[] = [];
  const channels = checkRigForRecipes(rig, request.segments.map((s) => s.recipe), 'this series').filter((channel) => channel !== 'absorbance' || request.reference !== null);
  if (channels.length === 0) throw new Error('this series has nothing to measure: the rig measures only absorbance and no solvent blank was taken');
  const signal = request.signal;
  const maxTemperatureC = maxTemperatureOf(rig);
  try {
    for (const [segmentIndex, segment] of request.segments.entries()) {
      await settleTemperature(rig.heater(), rig.clock, segment.recipe.temperatureC, {
        toleranceC: options.temperatureToleranceC,
        stableS: segmentIndex === 0 ? options.temperatureStableS : 0,
        timeoutS: options.temperatureTimeoutS,
        pollIntervalS: options.pollIntervalS,
        overTemperatureMarginC: options.overTemperatureMarginC,
        maxTemperatureC,
        signal,
      });
      await startFlows(rig, segment.recipe.flowsUlPerMin, geometry, segment.durationS + options.volumeMarginS);
      const changedAtS = rig.clock.nowS();
      const limit = overTemperatureLimit(segment.recipe.temperatureC, segment.recipe.temperatureC, options.overTemperatureMarginC, maxTemperatureC);
      const hold = (durationS: number) => watchedSleep(rig.clock, durationS, { signal, everyS: Math.max(options.pollIntervalS, 10), watch: () => watchRig(rig, segment.recipe, options, limit) });
      if (segment.record === false) {
        await hold(segment.durationS);
        continue;
      }
      if (segment.recordAfterS > 0) await hold(segment.recordAfterS);
      while (rig.clock.nowS() - changedAtS <= segment.durationS + 1e-9) {
        if (signal?.aborted) throw new ExperimentAbortedError();
        const timeS = rig.clock.nowS();
        const spectra = await abortable(acquireSpectra(rig, channels, { signal }));
        const reference = request.reference;
        const features = computeFeatures({
          absorbance: spectra.absorbance && reference ? { ...spectra.absorbance, reference } : undefined,
          pl: spectra.pl,
        });
        rejectSaturated(features);
        const sample = { segment: segmentIndex, timeS, sinceFlowChangeS: timeS - changedAtS, features };
        samples.push(sample);
        request.onSample?.(sample);
        await hold(segment.intervalS);
      }
    }
    return samples;
  } catch (error) {
    const report = await enterSafeState(rig);
    if (isAbort(error) || signal?.aborted) throw new ExperimentAbortedError();
    throw new ExperimentFailedError('measure', (error as Error).message, report.failures, { cause: error });
  }
}
