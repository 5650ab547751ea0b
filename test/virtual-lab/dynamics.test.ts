// Flow and transport: what reaches the flowcell follows from the pump history (Fig. 3C).
import { describe, expect, it } from 'vitest';
import type { SpectralFeatures } from '../../src/analysis/features.js';
import { makeRecipe } from '../../src/chemistry/recipe.js';
import { createVirtualLab } from '../../src/instruments/sim/index.js';
import { expectedFeatures, steadyStateResponse } from '../../src/virtual-lab/expected-features.js';
import { NO_NOISE } from '../../src/virtual-lab/noise.js';
import { BASELINE, measureFeatures, measureReference, recipeOf, settleHeater, startFlows, stopFlows, value } from './helpers.js';

const LOW_CUI = { ...BASELINE, cuiFlowUlPerMin: 80, odeCuiFlowUlPerMin: 190 };

async function quietLab() {
  const lab = createVirtualLab({ seed: 1, noise: NO_NOISE });
  const reference = await measureReference(lab);
  await settleHeater(lab, BASELINE.temperatureC);
  return { lab, reference };
}

describe('transport to the flowcell', () => {
  it('reaches steady state by 1.2 residence times and not by 0.8 after a step', async () => {
    const { lab, reference } = await quietLab();
    await startFlows(lab, recipeOf(lab, LOW_CUI));
    await lab.clock.sleepS(600);
    const before = await measureFeatures(lab, reference);
    const recipe = recipeOf(lab, BASELINE);
    await startFlows(lab, recipe);
    const startedS = lab.clock.nowS();
    const at = async (residenceTimes: number): Promise<SpectralFeatures> => {
      await lab.clock.sleepS(startedS + residenceTimes * recipe.residenceTimeS - lab.clock.nowS());
      return measureFeatures(lab, reference);
    };
    const early = await at(0.8);
    const ready = await at(1.2);
    const late = await at(5);
    for (const feature of ['abs300', 'plIntensity'] as const) {
      const step = value(late[feature]) - value(before[feature]);
      expect(Math.abs(step) / value(late[feature])).toBeGreaterThan(0.2);
      expect(Math.abs(value(ready[feature]) - value(late[feature])) / value(late[feature])).toBeLessThan(0.01);
      expect(Math.abs(value(early[feature]) - value(late[feature]))).toBeGreaterThan(0.5 * Math.abs(step));
    }
  });

  it('settles to the expected features of the programmed condition', async () => {
    const { lab, reference } = await quietLab();
    const recipe = recipeOf(lab, BASELINE);
    await startFlows(lab, recipe);
    await lab.clock.sleepS(3 * recipe.residenceTimeS);
    const measured = await measureFeatures(lab, reference);
    const expected = expectedFeatures(BASELINE);
    expect(value(measured.abs300)).toBeCloseTo(expected.abs300, 3);
    expect(value(measured.plIntensity) / expected.plIntensity).toBeCloseTo(1, 2);
    expect(value(measured.plArea) / expected.plArea).toBeCloseTo(1, 2);
    // The plate is within a few hundredths of a degree of its setpoint by now.
    const truth = lab.truth.flowcellResponse();
    const steady = steadyStateResponse(makeRecipe(BASELINE));
    expect(truth.plqy / steady.plqy).toBeCloseTo(1, 2);
    expect(truth.abs300 / steady.abs300).toBeCloseTo(1, 2);
  });

  it('brings nothing new to the flowcell while the pumps are stopped', async () => {
    const { lab, reference } = await quietLab();
    await startFlows(lab, recipeOf(lab, LOW_CUI));
    await lab.clock.sleepS(600);
    await startFlows(lab, recipeOf(lab, BASELINE));
    await lab.clock.sleepS(0.95 * recipeOf(lab, BASELINE).residenceTimeS);
    await stopFlows(lab);
    const frozen = await measureFeatures(lab, reference);
    await lab.clock.sleepS(1800);
    const later = await measureFeatures(lab, reference);
    expect(value(later.abs300)).toBeCloseTo(value(frozen.abs300), 6);
    expect(value(later.plIntensity)).toBeCloseTo(value(frozen.plIntensity), 0);
  });

  it('holds only priming solvent before any precursor has arrived', async () => {
    const lab = createVirtualLab({ seed: 1, noise: NO_NOISE });
    await startFlows(lab, recipeOf(lab, BASELINE));
    await lab.clock.sleepS(0.5 * recipeOf(lab, BASELINE).residenceTimeS);
    const truth = lab.truth.flowcellResponse();
    expect(truth.abs300).toBe(0);
    expect(truth.plqy).toBe(0);
  });

  it('takes the reaction time and temperature from the flows and the plate history', async () => {
    const lab = createVirtualLab({ seed: 1, noise: NO_NOISE });
    const slow = { ...BASELINE, temperatureC: 130 };
    await settleHeater(lab, 130);
    const recipe = recipeOf(lab, slow);
    await startFlows(lab, recipe);
    await lab.clock.sleepS(3 * recipe.residenceTimeS);
    const cool = steadyStateResponse(makeRecipe(slow)).plqy;
    const hot = steadyStateResponse(makeRecipe({ ...slow, temperatureC: 145 })).plqy;
    expect(hot / cool).toBeGreaterThan(1.1);
    expect(lab.truth.flowcellResponse().plqy / cool).toBeCloseTo(1, 2);
    // A hotter plate only changes droplets that were in the reactor while it was hotter:
    // those at the flowcell 0.1 residence times later left the reactor before the change.
    await lab.heater().setSetpointC(145);
    await lab.clock.sleepS(0.1 * recipe.residenceTimeS);
    expect(lab.truth.flowcellResponse().plqy / cool).toBeCloseTo(1, 2);
    await lab.clock.sleepS(900);
    expect(lab.truth.flowcellResponse().plqy / hot).toBeCloseTo(1, 2);
  });
});

describe('pumps and syringes', () => {
  it('track syringe levels from the delivered flow and report the nominal dispensed volume', async () => {
    const lab = createVirtualLab({ seed: 5 });
    const pump = lab.pump('cui');
    await pump.setDiameterMm(lab.geometry.syringeDiameterMm.cui);
    await pump.setRateUlPerMin(120);
    await pump.setVolumeUl(10_000);
    await pump.start();
    await lab.clock.sleepS(300);
    const status = await pump.status();
    expect(status.state).toBe('running');
    expect(status.dispensedUl).toBeCloseTo(600, 6);
    const gain = lab.truth.pumpGains().cui;
    expect(gain).not.toBe(1);
    expect(lab.syringes.levelUl('cui')).toBeCloseTo(lab.geometry.syringeCapacityUl.cui - 600 * gain, 6);
  });

  it('stops by itself at the programmed volume', async () => {
    const lab = createVirtualLab({ seed: 5 });
    const pump = lab.pump('pfo');
    await pump.setRateUlPerMin(600);
    await pump.setVolumeUl(100);
    await pump.start();
    await lab.clock.sleepS(9);
    expect((await pump.status()).state).toBe('running');
    await lab.clock.sleepS(2);
    const status = await pump.status();
    expect(status.state).toBe('stopped');
    expect(status.dispensedUl).toBeCloseTo(100, 6);
    expect(lab.state().pumps.pfo.deliveredRateUlPerMin).toBe(0);
  });

  it('delivers the wrong flow when the programmed diameter is wrong', async () => {
    const lab = createVirtualLab({ seed: 5, noise: NO_NOISE });
    const pump = lab.pump('odeCui');
    await pump.setDiameterMm(lab.geometry.syringeDiameterMm.odeCui / 2);
    await pump.setRateUlPerMin(100);
    await pump.start();
    expect(lab.state().pumps.odeCui.deliveredRateUlPerMin).toBeCloseTo(400, 6);
  });
});
