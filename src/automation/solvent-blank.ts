// The absorbance reference: solvent (ODE in both streams, PFO carrier) through the flowcell,
// with no precursors, taken once per campaign after a residence time's flushing. A rig
// without an absorbance channel has no use for it: nothing runs and there is no reference.
import { makeRecipe, type Recipe } from '../chemistry/recipe.js';
import { DEFAULT_RIG_GEOMETRY, type RigGeometry } from '../chemistry/rig-geometry.js';
import type { Spectrum } from '../domain/spectrum.js';
import type { Rig } from '../instruments/interfaces.js';
import { channelsOf, layoutOf, requireDevices } from '../instruments/rig-layout.js';
import { acquireChannel } from './acquire.js';
import { ExperimentAbortedError, ExperimentFailedError } from './errors.js';
import { flowRequirements, startFlows, stopAllPumps } from './pumps.js';
import { enterSafeState } from './safe-state.js';
import { abortable, isAbort } from './waits.js';

export const BLANK_STREAM_FLOW_UL_PER_MIN = 350;

/** The blank as a recipe: only the two ODE pumps and the carrier run. */
export function solventBlankRecipe(geometry: RigGeometry = DEFAULT_RIG_GEOMETRY): Recipe {
  const recipe = makeRecipe({
    temperatureC: 25,
    cuiFlowUlPerMin: 0,
    csOleateFlowUlPerMin: 0,
    oaOdeCsFlowUlPerMin: 0,
    oaOdeCuiFlowUlPerMin: 0,
    oamOdeFlowUlPerMin: 0,
    odeCuiFlowUlPerMin: BLANK_STREAM_FLOW_UL_PER_MIN,
  }, { geometry, allowOutsidePlannerBounds: true });
  return recipe;
}

/**
 * The solvent's lamp spectrum, or null if the rig has no absorbance channel. A blank saturated
 * at 300 nm fails (DetectorSaturatedError inside ExperimentFailedError); an abort ends the
 * flush at once (ExperimentAbortedError), the rig safe either way.
 */
export async function measureSolventBlank(rig: Rig, geometry: RigGeometry = DEFAULT_RIG_GEOMETRY, options: { signal?: AbortSignal } = {}): Promise<Spectrum | null> {
  const layout = layoutOf(rig);
  if (!channelsOf(layout).includes('absorbance')) return null;
  const recipe = solventBlankRecipe(geometry);
  requireDevices(layout, flowRequirements(recipe.flowsUlPerMin), 'the solvent blank');
  try {
    if (options.signal?.aborted) throw new ExperimentAbortedError();
    await startFlows(rig, recipe.flowsUlPerMin, geometry, recipe.equilibrationTimeS + 120);
    await abortable(rig.clock.sleepS(recipe.equilibrationTimeS, options.signal));
    const { sample } = await abortable(acquireChannel(rig, 'absorbance', { signal: options.signal }));
    await stopAllPumps(rig);
    return sample;
  } catch (error) {
    const report = await enterSafeState(rig);
    if (isAbort(error) || options.signal?.aborted) throw new ExperimentAbortedError();
    throw new ExperimentFailedError('measure', `solvent blank: ${(error as Error).message}`, report.failures, { cause: error });
  }
}
