// One experiment on the rig: check the rig has the devices the recipe needs, settle the
// temperature, start the flows, wait 1.2 residence times, take dark/sample spectra on each
// channel the rig has (absorbance reference from the campaign's solvent blank), compute
// features. Any fault puts the rig in the safe state and surfaces as ExperimentFailedError;
// a result is only returned whole. Interlocks: pumps running, temperature in its band and
// below the over-temperature limit at every reading, no saturated reading. Every wait ends
// at once when the signal aborts.
import type { Recipe } from '../chemistry/recipe.js';
import { DEFAULT_RIG_GEOMETRY, type PumpId, type RigGeometry } from '../chemistry/rig-geometry.js';
import { reagentShortfalls, ReagentShortageError, type SyringeLevelsUl } from '../chemistry/reagents.js';
import type { Spectrum } from '../domain/spectrum.js';
import type { Rig } from '../instruments/interfaces.js';
import { computeFeatures, type SpectralFeatures } from '../analysis/features.js';
import { acquireSpectra } from './acquire.js';
import { checkOverTemperature, maxTemperatureOf, overTemperatureLimit, type TemperatureLimit } from './interlocks.js';
import { checkRigForRecipes } from './requirements.js';
import { ExperimentAbortedError, ExperimentFailedError, type ExperimentStage } from './errors.js';
import { settleTemperature } from './heater-settle.js';
import { checkPumps, dispensedVolumes, startFlows, stopAllPumps } from './pumps.js';
import { runOptionsSchema, type RunOptions, type RunOptionsInput } from './run-options.js';
import { enterSafeState } from './safe-state.js';
import { abortable, isAbort, watchedSleep } from './waits.js';

/** A channel is absent when the rig has no such channel (or, for absorbance, no solvent blank was taken). */
export interface ExperimentSpectra {
  absorbance?: { dark: Spectrum; reference: Spectrum; sample: Spectrum };
  pl?: { dark: Spectrum; sample: Spectrum };
}

export interface ExperimentResult {
  recipe: Recipe;
  /** Rig clock (simulated or wall) at the start of heating, flow start and measurement. */
  startedAtS: number;
  flowsStartedAtS: number;
  measuredAtS: number;
  temperatureAtMeasurementC: number;
  spectra: ExperimentSpectra;
  features: SpectralFeatures;
  /** Volume each syringe gave, as the pumps report it. */
  reagentUsedUl: Record<PumpId, number>;
}

export interface ExperimentContext {
  /** Absorbance reference (solvent blank) of this campaign; null on a rig without an absorbance channel (see measureSolventBlank). */
  reference: Spectrum | null;
  /** Current syringe levels; the run is refused before anything moves if one cannot finish it. */
  syringeLevelsUl?: SyringeLevelsUl;
  geometry?: RigGeometry;
  options?: RunOptionsInput;
  /** Abort puts the rig in the safe state at the next step. */
  signal?: AbortSignal;
}

export { ExperimentAbortedError } from './errors.js';

/** Planned duration of the flows: equilibration plus measurement. */
export function plannedRunS(recipe: Recipe, options: RunOptions): number {
  return recipe.equilibrationTimeS + options.measurementS;
}

export async function runExperiment(rig: Rig, recipe: Recipe, context: ExperimentContext): Promise<ExperimentResult> {
  const options = runOptionsSchema.parse(context.options ?? {});
  const geometry = context.geometry ?? DEFAULT_RIG_GEOMETRY;
  const runS = plannedRunS(recipe, options);
  // Without a reference there is no absorbance to compute, so its spectra are not taken.
  const channels = checkRigForRecipes(rig, [recipe], 'this experiment').filter((channel) => channel !== 'absorbance' || context.reference !== null);
  if (channels.length === 0) throw new Error('this experiment has nothing to measure: the rig measures only absorbance and no solvent blank was taken');
  if (context.syringeLevelsUl) {
    const shortfalls = reagentShortfalls(context.syringeLevelsUl, recipe, runS);
    if (shortfalls.length > 0) throw new ReagentShortageError(shortfalls);
  }

  let stage: ExperimentStage = 'heat';
  const signal = context.signal;
  const checkAbort = () => {
    if (signal?.aborted) throw new ExperimentAbortedError();
  };
  const maxTemperatureC = maxTemperatureOf(rig);
  const holdLimit = overTemperatureLimit(recipe.temperatureC, recipe.temperatureC, options.overTemperatureMarginC, maxTemperatureC);
  try {
    checkAbort();
    const startedAtS = rig.clock.nowS();
    await settleTemperature(rig.heater(), rig.clock, recipe.temperatureC, {
      toleranceC: options.temperatureToleranceC,
      stableS: options.temperatureStableS,
      timeoutS: options.temperatureTimeoutS,
      pollIntervalS: options.pollIntervalS,
      overTemperatureMarginC: options.overTemperatureMarginC,
      maxTemperatureC,
      signal,
    });
    checkAbort();

    stage = 'flow';
    await configureSpectrometers(rig, options);
    await startFlows(rig, recipe.flowsUlPerMin, geometry, runS + options.volumeMarginS);
    const flowsStartedAtS = rig.clock.nowS();

    stage = 'equilibrate';
    await watchedSleep(rig.clock, recipe.equilibrationTimeS - (rig.clock.nowS() - flowsStartedAtS), {
      signal,
      everyS: Math.max(options.pollIntervalS, 10),
      watch: () => watchRig(rig, recipe, options, holdLimit),
    });

    stage = 'measure';
    const measuredAtS = rig.clock.nowS();
    const acquired = await abortable(acquireSpectra(rig, channels, { signal }));
    await watchRig(rig, recipe, options, holdLimit);
    const temperatureAtMeasurementC = await rig.heater().readProcessValueC();
    const reagentUsedUl = await dispensedVolumes(rig);
    if (!options.leaveFlowing) await stopAllPumps(rig);

    stage = 'analyse';
    const spectra: ExperimentSpectra = {};
    if (acquired.absorbance && context.reference) spectra.absorbance = { ...acquired.absorbance, reference: context.reference };
    if (acquired.pl) spectra.pl = acquired.pl;
    const features = computeFeatures({ absorbance: spectra.absorbance, pl: spectra.pl });
    rejectSaturated(features);
    return { recipe, startedAtS, flowsStartedAtS, measuredAtS, temperatureAtMeasurementC, spectra, features, reagentUsedUl };
  } catch (error) {
    const report = await enterSafeState(rig);
    if (isAbort(error) || signal?.aborted) throw new ExperimentAbortedError();
    throw new ExperimentFailedError(stage, (error as Error).message, report.failures, { cause: error });
  }
}

/** A saturated channel is a failed reading, never a value: the acquisition catches it first; this is the last guard. */
export function rejectSaturated(features: SpectralFeatures): void {
  const saturated = (['absorbance', 'pl'] as const).filter((channel) => features.saturated[channel]);
  if (saturated.length > 0) throw new Error(`${saturated.join(' and ')} detector saturated in the analysed band (${features.warnings.join('; ')}); no value is reported`);
}

/** Integration times asked for; a spectrometer the rig does not have is skipped. */
async function configureSpectrometers(rig: Rig, options: RunOptions): Promise<void> {
  if (options.absorbanceIntegrationTimeMs !== undefined) await rig.find('spectrometer', 'absorbance')?.setIntegrationTimeMs(options.absorbanceIntegrationTimeMs);
  if (options.plIntegrationTimeMs !== undefined) await rig.find('spectrometer', 'pl')?.setIntegrationTimeMs(options.plIntegrationTimeMs);
}

/** Interlocks while precursors flow: every pump that should run runs, and the reactor stays at temperature, below its over-temperature limit. */
export async function watchRig(rig: Rig, recipe: Recipe, options: RunOptions, limit: TemperatureLimit): Promise<void> {
  await checkPumps(rig, recipe.flowsUlPerMin);
  const pv = await rig.heater().readProcessValueC();
  if (Number.isFinite(pv)) checkOverTemperature(pv, limit);
  if (!Number.isFinite(pv) || Math.abs(pv - recipe.temperatureC) > options.temperatureAlarmC) {
    throw new Error(`reactor temperature ${Number.isFinite(pv) ? pv.toFixed(1) : pv} C left the ${options.temperatureAlarmC} C band around ${recipe.temperatureC} C`);
  }
}
