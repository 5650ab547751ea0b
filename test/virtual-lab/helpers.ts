// Driving the virtual lab through its instrument interfaces the way the run engine does:
// settle the heater, program and start the pumps, wait, read dark and light spectra, and
// measure the features with the project's analysis.
import { computeFeatures, type SpectralFeatures } from '../../src/analysis/features.js';
import { makeRecipe, type Recipe } from '../../src/chemistry/recipe.js';
import { PUMP_IDS } from '../../src/chemistry/rig-geometry.js';
import type { RigCondition } from '../../src/domain/rig-space.js';
import type { Spectrum } from '../../src/domain/spectrum.js';
import { createVirtualLab, type VirtualLab, type VirtualLabOptions } from '../../src/instruments/sim/index.js';

export const BASELINE: RigCondition = {
  temperatureC: 140,
  cuiFlowUlPerMin: 150,
  csOleateFlowUlPerMin: 120,
  oaOdeCsFlowUlPerMin: 30,
  oaOdeCuiFlowUlPerMin: 50,
  oamOdeFlowUlPerMin: 30,
  odeCuiFlowUlPerMin: 120,
};

export function recipeOf(lab: VirtualLab, condition: RigCondition): Recipe {
  return makeRecipe(condition, { geometry: lab.geometry, allowOutsidePlannerBounds: true });
}

export async function settleHeater(lab: VirtualLab, setpointC: number): Promise<void> {
  await lab.heater().setMode('auto');
  await lab.heater().setSetpointC(setpointC);
  let inBandS = 0;
  for (let waitedS = 0; waitedS < 3600; waitedS += 5) {
    const pv = await lab.heater().readProcessValueC();
    inBandS = Math.abs(pv - setpointC) <= 0.5 ? inBandS + 5 : 0;
    if (inBandS >= 30) return;
    await lab.clock.sleepS(5);
  }
  throw new Error(`heater did not settle at ${setpointC} C`);
}

export async function startFlows(lab: VirtualLab, recipe: Recipe): Promise<void> {
  for (const id of PUMP_IDS) {
    const rate = recipe.flowsUlPerMin[id];
    const pump = lab.pump(id);
    if (rate <= 0) {
      await pump.stop();
      continue;
    }
    await pump.setDiameterMm(lab.geometry.syringeDiameterMm[id]);
    await pump.setRateUlPerMin(rate);
    await pump.setVolumeUl(rate * 60);
    await pump.start();
  }
}

export async function stopFlows(lab: VirtualLab): Promise<void> {
  for (const id of PUMP_IDS) await lab.pump(id).stop();
}

/** Solvent blank: ODE in both streams and the PFO carrier, flushed for 1.2 residence times. */
export async function measureReference(lab: VirtualLab): Promise<Spectrum> {
  const blank = recipeOf(lab, {
    temperatureC: 25, cuiFlowUlPerMin: 0, csOleateFlowUlPerMin: 0, oaOdeCsFlowUlPerMin: 0,
    oaOdeCuiFlowUlPerMin: 0, oamOdeFlowUlPerMin: 0, odeCuiFlowUlPerMin: 350,
  });
  await startFlows(lab, blank);
  await lab.clock.sleepS(blank.equilibrationTimeS);
  await lab.light('absorbance-source').setOn(true);
  const reference = await lab.spectrometer('absorbance').acquire();
  await lab.light('absorbance-source').setOn(false);
  await stopFlows(lab);
  return reference;
}

export interface Readings {
  absorbanceDark: Spectrum;
  absorbanceSample: Spectrum;
  plDark: Spectrum;
  plSample: Spectrum;
}

export async function readSpectra(lab: VirtualLab): Promise<Readings> {
  await lab.light('absorbance-source').setOn(false);
  const absorbanceDark = await lab.spectrometer('absorbance').acquire();
  await lab.light('absorbance-source').setOn(true);
  const absorbanceSample = await lab.spectrometer('absorbance').acquire();
  await lab.light('absorbance-source').setOn(false);
  await lab.light('pl-excitation').setOn(false);
  const plDark = await lab.spectrometer('pl').acquire();
  await lab.light('pl-excitation').setOn(true);
  const plSample = await lab.spectrometer('pl').acquire();
  await lab.light('pl-excitation').setOn(false);
  return { absorbanceDark, absorbanceSample, plDark, plSample };
}

export async function measureFeatures(lab: VirtualLab, reference: Spectrum): Promise<SpectralFeatures> {
  const r = await readSpectra(lab);
  return computeFeatures({
    absorbance: { dark: r.absorbanceDark, reference, sample: r.absorbanceSample },
    pl: { dark: r.plDark, sample: r.plSample },
  });
}

/** Refills (as an operator would) any syringe that could not give 10 more minutes. */
function topUpSyringes(lab: VirtualLab, recipe: Recipe): void {
  for (const id of PUMP_IDS) {
    if (lab.syringes.levelUl(id) < recipe.flowsUlPerMin[id] * 10) lab.syringes.refill(id);
  }
}

/** Throws if a pump that should deliver is not running: a test must not measure a silent fault. */
export async function assertPumpsRunning(lab: VirtualLab, recipe: Recipe): Promise<void> {
  for (const id of PUMP_IDS) {
    if (recipe.flowsUlPerMin[id] <= 0) continue;
    const status = await lab.pump(id).status();
    if (status.state !== 'running') throw new Error(`pump ${id} is ${status.state}`);
  }
}

/** One experiment as the run engine does it; the pumps are left running. */
export async function runCondition(lab: VirtualLab, reference: Spectrum, condition: RigCondition, waitResidenceTimes = 1.2): Promise<SpectralFeatures> {
  const recipe = recipeOf(lab, condition);
  topUpSyringes(lab, recipe);
  await settleHeater(lab, recipe.temperatureC);
  await startFlows(lab, recipe);
  await lab.clock.sleepS(waitResidenceTimes * recipe.residenceTimeS);
  const features = await measureFeatures(lab, reference);
  await assertPumpsRunning(lab, recipe);
  return features;
}

/** A fresh lab with its reference taken. */
export async function openLab(options: VirtualLabOptions): Promise<{ lab: VirtualLab; reference: Spectrum }> {
  const lab = createVirtualLab(options);
  const reference = await measureReference(lab);
  return { lab, reference };
}

export function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Sample standard deviation over the mean. */
export function relativeSd(values: readonly number[]): number {
  const m = mean(values);
  const variance = values.reduce((a, v) => a + (v - m) ** 2, 0) / (values.length - 1);
  return Math.sqrt(variance) / Math.abs(m);
}

export function value(x: number | null): number {
  if (x === null) throw new Error('feature not measured');
  return x;
}

/** Mean of a feature over `replicates` experiments of the same condition in a fresh lab per replicate seed. */
export async function replicateMean(
  seed: number,
  condition: RigCondition,
  feature: (f: SpectralFeatures) => number | null,
  replicates = 3,
  options: Partial<VirtualLabOptions> = {},
): Promise<number> {
  const { lab, reference } = await openLab({ seed, ...options });
  const values: number[] = [];
  for (let i = 0; i < replicates; i++) {
    await stopFlows(lab);
    values.push(value(feature(await runCondition(lab, reference, condition))));
  }
  return mean(values);
}
