// Interlocks of the run engine, with faults injected into the virtual lab: an over-temperature
// alarm while the heater is on, and saturated readings that must fail (or be taken again at a
// shorter integration time) instead of reaching anyone as a value.
import { describe, expect, it } from 'vitest';
import { acquireChannel } from '../../src/automation/acquire.js';
import { ExperimentFailedError } from '../../src/automation/errors.js';
import { overTemperatureLimit } from '../../src/automation/interlocks.js';
import { measureSolventBlank } from '../../src/automation/solvent-blank.js';
import { recordFeatureSeries } from '../../src/automation/feature-series.js';
import { runExperiment } from '../../src/automation/run-experiment.js';
import { DetectorSaturatedError } from '../../src/analysis/saturation.js';
import { makeRecipe } from '../../src/chemistry/recipe.js';
import { PUMP_IDS } from '../../src/chemistry/rig-geometry.js';
import { conditionFromArray, rigParameterSpace } from '../../src/domain/rig-space.js';
import { toPhysical } from '../../src/domain/space.js';
import type { Spectrum } from '../../src/domain/spectrum.js';
import type { Spectrometer } from '../../src/instruments/interfaces.js';
import { createVirtualLab, type VirtualLab, type VirtualLabOptions } from '../../src/instruments/sim/create-virtual-lab.js';
import { delegate, withDevice } from '../support/rig-devices.js';

const at = (unit: number[]) => makeRecipe(conditionFromArray(toPhysical(rigParameterSpace(), unit)));
const recipe = at([0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);

async function labWithBlank(options: Partial<VirtualLabOptions> = {}) {
  const lab = createVirtualLab({ seed: 1, ...options });
  return { lab, reference: await measureSolventBlank(lab) };
}

function expectSafe(lab: VirtualLab): void {
  const state = lab.state();
  for (const id of PUMP_IDS) expect(state.pumps[id].state, `pump ${id}`).not.toBe('running');
  expect(state.heater.mode).toBe('off');
  expect(state.lights).toEqual({ uvLed: false, broadbandLamp: false });
}

async function failure(promise: Promise<unknown>): Promise<ExperimentFailedError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ExperimentFailedError);
  return error as ExperimentFailedError;
}

describe('over-temperature alarm', () => {
  it('stops a run whose heater overshoots on the way up (127 C set point, plate running to 190 C) and leaves the rig safe', async () => {
    const { lab, reference } = await labWithBlank();
    const cool = at([0.233, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(cool.temperatureC).toBeCloseTo(127, 0);
    lab.faults.overshootHeater(190 - cool.temperatureC);
    const error = await failure(runExperiment(lab, cool, { reference }));
    expect(error.stage).toBe('heat');
    expect(error.reason).toMatch(/^over-temperature alarm: reactor reads 1\d\d\.\d C, above the limit of 137\.\d C \(set point 12\d\.\d+ C \+ 10 C\)$/);
    expect(lab.truth.reactorTemperatureC()).toBeLessThan(150);
    expect(lab.state().pumps.cui.dispensedUl).toBe(0);
    expectSafe(lab);
  });

  it('holds the reactor to the rig\'s hard maximum from its lab configuration', async () => {
    const { lab, reference } = await labWithBlank({ safety: { maxTemperatureC: 135 } });
    const hot = at([0.7, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(hot.temperatureC).toBeGreaterThan(135);
    const refused = await failure(runExperiment(lab, hot, { reference }));
    expect(refused.reason).toBe(`set point ${hot.temperatureC} C is above the rig's maximum of 135 C`);
    expect(lab.state().heater.setpointC).toBe(25);
    const cool = at([0.2, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    lab.faults.overshootHeater(40);
    const alarm = await failure(runExperiment(lab, cool, { reference }));
    expect(alarm.reason).toMatch(/above the limit of 135\.0 C \(the rig's maximum of 135 C\)$/);
    expectSafe(lab);
  });

  it('puts the limit above the starting temperature while the reactor cools to a lower set point', () => {
    expect(overTemperatureLimit(120, 150.2, 10, 180)).toEqual({ limitC: 160.2, reason: '10 C above the 150.2 C the reactor was cooling from to 120 C' });
    expect(overTemperatureLimit(120, 25, 10, 180)).toEqual({ limitC: 130, reason: 'set point 120 C + 10 C' });
    expect(overTemperatureLimit(175, 25, 10, 180)).toEqual({ limitC: 180, reason: "the rig's maximum of 180 C" });
  });

  it('does not trip on a normal run, also one cooling from a hotter condition', async () => {
    const { lab, reference } = await labWithBlank();
    await runExperiment(lab, at([1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]), { reference });
    const cooler = await runExperiment(lab, at([0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]), { reference });
    expect(cooler.features.plIntensity).toBeGreaterThan(0);
  });

  it('watches a feature series between samples', async () => {
    const { lab, reference } = await labWithBlank();
    let samples = 0;
    const error = await failure(recordFeatureSeries(lab, {
      reference,
      segments: [{ recipe, durationS: 900, recordAfterS: 0, intervalS: 60 }],
      onSample: () => {
        // The heater runs away after the second sample.
        if (++samples === 2) lab.faults.overshootHeater(40);
      },
    }));
    expect(error.reason).toMatch(/over-temperature alarm|left the 5 C band/);
    expect(samples).toBe(2);
    expectSafe(lab);
  });
});

describe('saturated detectors', () => {
  it('fails a run whose PL detector is flooded instead of storing PL 0', async () => {
    const { lab, reference } = await labWithBlank();
    lab.faults.saturateDetector('pl');
    const error = await failure(runExperiment(lab, recipe, { reference }));
    expect(error.stage).toBe('measure');
    expect(error.cause).toBeInstanceOf(DetectorSaturatedError);
    expect(error.reason).toMatch(/^pl detector saturated: \d+ pixel\(s\) at the ceiling in 360-660 nm at 6\.25 ms integration; first at 100 ms; cannot shorten/);
    expectSafe(lab);
    // The spectrometer is back at the integration time the run used.
    expect(await lab.spectrometer('pl').getIntegrationTimeMs()).toBe(100);
  });

  it('fails a run whose absorbance detector is saturated instead of reporting a negative Abs300', async () => {
    const { lab, reference } = await labWithBlank();
    lab.faults.saturateDetector('absorbance');
    const error = await failure(runExperiment(lab, recipe, { reference }));
    expect(error.reason).toMatch(/^absorbance detector saturated: \d+ pixel\(s\) at the ceiling in 298-302 nm at 10 ms integration; the absorbance reference fixes the integration time/);
    expectSafe(lab);
  });

  it('fails a saturated solvent blank', async () => {
    const lab = createVirtualLab({ seed: 1, faults: { saturateDetector: ['absorbance'] } });
    const error = await failure(measureSolventBlank(lab));
    expect(error.reason).toMatch(/^solvent blank: absorbance detector saturated/);
  });

  it('takes PL again at a shorter integration time when that ends the saturation, then sets the time back', async () => {
    const { lab, reference } = await labWithBlank();
    const setTimes: number[] = [];
    // A bright sample: above 30 ms the band tops out at the ceiling.
    const bright = withDevice(lab, 'spectrometer', 'pl', (pl) => delegate<Spectrometer>(pl, {
      setIntegrationTimeMs: async (ms) => {
        setTimes.push(ms);
        await pl.setIntegrationTimeMs(ms);
      },
      acquire: async (options) => {
        const spectrum: Spectrum = await pl.acquire(options);
        if (spectrum.integrationTimeMs <= 30) return spectrum;
        const counts = Float64Array.from(spectrum.counts, (c, i) => (spectrum.wavelengthsNm[i] > 440 && spectrum.wavelengthsNm[i] < 460 ? spectrum.saturationCounts : c));
        return { ...spectrum, counts };
      },
    }));
    const result = await runExperiment(bright, recipe, { reference });
    expect(setTimes).toEqual([25, 100]);
    expect(result.spectra.pl?.sample.integrationTimeMs).toBe(25);
    expect(result.spectra.pl?.dark.integrationTimeMs).toBe(25);
    expect(result.features.saturated.pl).toBe(false);
    expect(result.features.plIntensity).toBeGreaterThan(0);
    expect(await lab.spectrometer('pl').getIntegrationTimeMs()).toBe(100);
  });

  it('gives up after a bounded number of shorter exposures', async () => {
    const { lab } = await labWithBlank();
    const setTimes: number[] = [];
    const stuck = withDevice(lab, 'spectrometer', 'pl', (pl) => delegate<Spectrometer>(pl, {
      setIntegrationTimeMs: async (ms) => {
        setTimes.push(ms);
      },
      getIntegrationTimeMs: async () => 400,
      acquire: async () => {
        const wavelengthsNm = Float64Array.from({ length: 100 }, (_, i) => 350 + 4 * i);
        return { wavelengthsNm, counts: new Float64Array(100).fill(65535), integrationTimeMs: 400, saturationCounts: 65535 };
      },
    }));
    const error = await acquireChannel(stuck, 'pl').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DetectorSaturatedError);
    expect((error as Error).message).toMatch(/still after 3 shorter exposures/);
    expect(setTimes).toEqual([100, 25, 6.25, 400]);
  });
});
