import { describe, expect, it } from 'vitest';
import { createVirtualLab, type VirtualLab } from '../../src/instruments/sim/create-virtual-lab.js';
import { makeRecipe } from '../../src/chemistry/recipe.js';
import { PUMP_IDS } from '../../src/chemistry/rig-geometry.js';
import { ReagentShortageError } from '../../src/chemistry/reagents.js';
import { conditionFromArray, rigParameterSpace } from '../../src/domain/rig-space.js';
import { toPhysical } from '../../src/domain/space.js';
import { runExperiment, ExperimentAbortedError } from '../../src/automation/run-experiment.js';
import { measureSolventBlank } from '../../src/automation/solvent-blank.js';
import { ExperimentFailedError } from '../../src/automation/errors.js';
import { delegate, withDevice } from '../support/rig-devices.js';

const recipe = makeRecipe(conditionFromArray(toPhysical(rigParameterSpace(), [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5])));

async function labWithBlank(seed = 1): Promise<{ lab: VirtualLab; reference: Awaited<ReturnType<typeof measureSolventBlank>> }> {
  const lab = createVirtualLab({ seed });
  return { lab, reference: await measureSolventBlank(lab) };
}

async function expectSafeState(lab: VirtualLab) {
  const state = lab.state();
  for (const id of PUMP_IDS) expect(state.pumps[id].state, `pump ${id}`).not.toBe('running');
  expect(state.heater.mode).toBe('off');
  expect(state.lights).toEqual({ uvLed: false, broadbandLamp: false });
}

describe('run engine on the virtual lab', () => {
  it('settles the temperature, waits 1.2 residence times and returns features with the raw spectra', async () => {
    const { lab, reference } = await labWithBlank();
    const result = await runExperiment(lab, recipe, { reference });
    expect(result.measuredAtS - result.flowsStartedAtS).toBeGreaterThanOrEqual(recipe.equilibrationTimeS - 1e-6);
    expect(Math.abs(result.temperatureAtMeasurementC - recipe.temperatureC)).toBeLessThan(1);
    expect(result.features.plPeakNm).toBeGreaterThan(445);
    expect(result.features.plPeakNm).toBeLessThan(455);
    expect(result.features.abs300).toBeGreaterThan(0.05);
    expect(result.spectra.pl?.sample.counts.length).toBe(result.spectra.pl?.sample.wavelengthsNm.length);
    expect(result.spectra.absorbance?.reference).toBe(reference);
    // Every pump reports what it gave: the recipe's flow for the time it ran.
    for (const id of PUMP_IDS) {
      const expectedUl = (recipe.flowsUlPerMin[id] * (result.measuredAtS - result.flowsStartedAtS)) / 60;
      expect(result.reagentUsedUl[id]).toBeGreaterThan(expectedUl * 0.9);
    }
    // Pumps are stopped afterwards unless asked to keep flowing.
    expect(lab.state().pumps.cui.state).toBe('stopped');
  });

  it('gives the same numbers for the same seed and different noise for another', async () => {
    const run = async (seed: number) => {
      const { lab, reference } = await labWithBlank(seed);
      return (await runExperiment(lab, recipe, { reference })).features;
    };
    const [a, b, c] = [await run(3), await run(3), await run(4)];
    expect(b.plIntensity).toBe(a.plIntensity);
    expect(b.abs300).toBe(a.abs300);
    expect(c.plIntensity).not.toBe(a.plIntensity);
    // ...but the same chemistry: within a few per cent.
    expect(Math.abs((c.plIntensity as number) / (a.plIntensity as number) - 1)).toBeLessThan(0.1);
  });

  it('refuses a condition a syringe cannot finish before anything moves', async () => {
    const { lab, reference } = await labWithBlank();
    const levels = Object.fromEntries(PUMP_IDS.map((id) => [id, 50_000])) as Record<(typeof PUMP_IDS)[number], number>;
    levels.cui = 5;
    const before = lab.clock.nowS();
    await expect(runExperiment(lab, recipe, { reference, syringeLevelsUl: levels })).rejects.toThrow(ReagentShortageError);
    await expect(runExperiment(lab, recipe, { reference, syringeLevelsUl: levels })).rejects.toThrow(/cui needs \d+ uL, syringe holds 5 uL/);
    expect(lab.clock.nowS()).toBe(before);
    expect(lab.state().pumps.cui.state).toBe('stopped');
  });

  it('ends a pump stall in the safe state with an error naming the pump and stage', async () => {
    const { lab, reference } = await labWithBlank();
    const running = runExperiment(lab, recipe, { reference });
    lab.faults.stallPump('oamOde');
    const error = await running.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExperimentFailedError);
    expect((error as ExperimentFailedError).message).toMatch(/pump oamOde is stalled/);
    expect((error as ExperimentFailedError).stage).toMatch(/equilibrate|flow/);
    await expectSafeState(lab);
  });

  it('ends a clogged line in the safe state', async () => {
    const { lab, reference } = await labWithBlank();
    lab.faults.clogLine();
    const error = await runExperiment(lab, recipe, { reference }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExperimentFailedError);
    expect((error as Error).message).toMatch(/stalled/);
    await expectSafeState(lab);
  });

  it('reports a lost link and still stops everything it can reach', async () => {
    const { lab, reference } = await labWithBlank();
    lab.faults.loseLink('plSpectrometer');
    const error = await runExperiment(lab, recipe, { reference }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExperimentFailedError);
    expect((error as ExperimentFailedError).stage).toBe('measure');
    expect((error as Error).message).toMatch(/plSpectrometer/);
    await expectSafeState(lab);
  });

  it('names the devices it could not make safe when a link to a pump is lost', async () => {
    const { lab, reference } = await labWithBlank();
    const running = runExperiment(lab, recipe, { reference });
    lab.faults.loseLink('pfo');
    const error = await running.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExperimentFailedError);
    expect((error as ExperimentFailedError).safeStateFailures.join(' ')).toMatch(/pump pfo/);
    expect((error as Error).message).toMatch(/SAFE STATE INCOMPLETE/);
    lab.faults.restoreLink('pfo');
    const state = lab.state();
    for (const id of PUMP_IDS.filter((p) => p !== 'pfo')) expect(state.pumps[id].state).not.toBe('running');
  });

  it('refuses a non-finite device reply and ends safe', async () => {
    const { lab, reference } = await labWithBlank();
    const broken = withDevice(lab, 'heater', 'reactor', (heater) => delegate(heater, { readProcessValueC: async () => Number.NaN }));
    const error = await runExperiment(broken, recipe, { reference }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExperimentFailedError);
    expect((error as Error).message).toMatch(/non-finite process value \(NaN\)/);
    await expectSafeState(lab);
  });

  it('aborts into the safe state', async () => {
    const { lab, reference } = await labWithBlank();
    const controller = new AbortController();
    controller.abort();
    await expect(runExperiment(lab, recipe, { reference, signal: controller.signal })).rejects.toThrow(ExperimentAbortedError);
    await expectSafeState(lab);
  });
});

describe('abort while heating', () => {
  it('does not wait for the heater to settle', async () => {
    const lab = createVirtualLab({ seed: 1 });
    const reference = await measureSolventBlank(lab);
    const controller = new AbortController();
    const startS = lab.clock.nowS();
    let polls = 0;
    const watched = withDevice(lab, 'heater', 'reactor', (heater) => delegate(heater, {
      readProcessValueC: async () => { if (++polls === 3) controller.abort(); return heater.readProcessValueC(); },
    }));
    await expect(runExperiment(watched, recipe, { reference, signal: controller.signal })).rejects.toThrow(ExperimentAbortedError);
    // Three polls of 5 s, not the minutes heating from room temperature takes.
    expect(lab.clock.nowS() - startS).toBeLessThan(30);
    expect(lab.state().heater.mode).toBe('off');
  });
});
