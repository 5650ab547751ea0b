import { describe, expect, it } from 'vitest';
import { computeFeatures } from '../../src/analysis/features.js';
import { createRandom } from '../../src/domain/random.js';
import { conditionFromArray, rigParameterSpace } from '../../src/domain/rig-space.js';
import { toPhysical, unitConstraints } from '../../src/domain/space.js';
import { InstrumentError } from '../../src/instruments/interfaces.js';
import { createVirtualLab } from '../../src/instruments/sim/index.js';
import { ABSORBANCE_DETECTOR, PL_DETECTOR, pixelWavelengthsNm, readDetector } from '../../src/virtual-lab/detector-model.js';
import { expectedFeatures } from '../../src/virtual-lab/expected-features.js';
import { randomFeasibleUnitPoint } from '../../src/virtual-lab/feasible-sampling.js';
import { NO_NOISE } from '../../src/virtual-lab/noise.js';
import { findTrueOptimum } from '../../src/virtual-lab/true-optimum.js';
import { BASELINE, measureReference, readSpectra, runCondition, openLab, value } from './helpers.js';

const mean = (values: ArrayLike<number>, from = 0, to = values.length) => {
  let sum = 0;
  for (let i = from; i < to; i++) sum += values[i];
  return sum / (to - from);
};

describe('detector', () => {
  it('has 2048 pixels over ~200-800 nm from its polynomial', () => {
    for (const spec of [ABSORBANCE_DETECTOR, PL_DETECTOR]) {
      const axis = pixelWavelengthsNm(spec);
      expect(axis.length).toBe(2048);
      expect(axis[0]).toBeCloseTo(spec.wavelengthCoefficientsNm[0], 10);
      expect(axis[0]).toBeGreaterThan(195);
      expect(axis[0]).toBeLessThan(205);
      expect(axis[2047]).toBeGreaterThan(790);
      expect(axis[2047]).toBeLessThan(810);
      for (let p = 1; p < axis.length; p++) expect(axis[p]).toBeGreaterThan(axis[p - 1]);
      const [c0, c1, c2, c3] = spec.wavelengthCoefficientsNm;
      expect(axis[1000]).toBeCloseTo(c0 + c1 * 1000 + c2 * 1e6 + c3 * 1e9, 9);
    }
  });

  it('reads offset + signal x time with shot and read noise, clipped at 65535', () => {
    const spec = PL_DETECTOR;
    const offsets = new Float64Array(spec.pixels).fill(1500);
    const signal = new Float64Array(spec.pixels).fill(200_000);
    const random = createRandom(1);
    const a = readDetector(spec, offsets, signal, 100, random);
    const b = readDetector(spec, offsets, signal, 100, random);
    const expectedCounts = 1500 + (200_000 + spec.darkCountsPerS) * 0.1;
    expect(mean(a)).toBeCloseTo(expectedCounts, -1);
    const differences = Array.from(a, (x, i) => x - b[i]);
    const sd = Math.sqrt(mean(differences.map((d) => d * d)) / 2);
    const predicted = Math.sqrt((expectedCounts - 1500) / spec.electronsPerCount + spec.readNoiseCounts ** 2);
    expect(sd / predicted).toBeGreaterThan(0.93);
    expect(sd / predicted).toBeLessThan(1.07);
    for (const x of a) expect(Number.isInteger(x)).toBe(true);
    const saturated = readDetector(spec, offsets, signal, 2000, random);
    for (const x of saturated) expect(x).toBe(spec.saturationCounts);
  });
});

describe('simulated spectrometers', () => {
  it('see only the dark offset while the light sources are off', async () => {
    const lab = createVirtualLab({ seed: 2 });
    const { absorbanceDark, plDark } = await readSpectra(lab);
    for (const dark of [absorbanceDark, plDark]) {
      expect(mean(dark.counts)).toBeGreaterThan(1450);
      expect(mean(dark.counts)).toBeLessThan(1560);
      expect(Math.max(...dark.counts)).toBeLessThan(1700);
    }
  });

  it('show PL only while the LED is on, and the lamp through the cell only while the lamp is on', async () => {
    const { lab, reference } = await openLab({ seed: 2 });
    await runCondition(lab, reference, BASELINE);
    const axis = await lab.spectrometer('pl').wavelengthsNm();
    const at450 = axis.findIndex((w) => w >= 450);
    await lab.light('pl-excitation').setOn(false);
    await lab.light('absorbance-source').setOn(true);
    const plWithLampOnly = await lab.spectrometer('pl').acquire();
    expect(mean(plWithLampOnly.counts, at450 - 10, at450 + 10)).toBeLessThan(1600);
    await lab.light('pl-excitation').setOn(true);
    await lab.light('absorbance-source').setOn(false);
    const pl = await lab.spectrometer('pl').acquire();
    const absorbanceWithLedOnly = await lab.spectrometer('absorbance').acquire();
    expect(mean(pl.counts, at450 - 10, at450 + 10)).toBeGreaterThan(10_000);
    expect(mean(absorbanceWithLedOnly.counts)).toBeLessThan(1600);
  });

  it('give the model absorbance back through dark, reference and sample', async () => {
    const lab = createVirtualLab({ seed: 2, noise: NO_NOISE });
    const reference = await measureReference(lab);
    const features = await runCondition(lab, reference, BASELINE, 3);
    expect(value(features.abs300)).toBeCloseTo(lab.truth.flowcellResponse().abs300, 2);
    expect(value(features.abs300) / expectedFeatures(BASELINE).abs300).toBeCloseTo(1, 2);
  });

  it('put typical PL peaks at 12-50 % of the ceiling and the best condition below it', async () => {
    const space = rigParameterSpace();
    const constraints = unitConstraints(space);
    const random = createRandom(8);
    const fractions: number[] = [];
    for (let i = 0; i < 400; i++) {
      const peak = expectedFeatures(conditionFromArray(toPhysical(space, randomFeasibleUnitPoint(random, 7, constraints)))).plIntensity;
      fractions.push((PL_DETECTOR.offsetCounts + (peak * 100) / 1000) / PL_DETECTOR.saturationCounts);
    }
    fractions.sort((a, b) => a - b);
    // Random conditions sit far from the interior optimum, so they read well below the best.
    expect(fractions[Math.floor(0.25 * fractions.length)]).toBeGreaterThan(0.12);
    expect(fractions[Math.floor(0.75 * fractions.length)]).toBeLessThan(0.5);
    const best = findTrueOptimum(createRandom(1), { candidates: 500, starts: 3 });
    const { lab, reference } = await openLab({ seed: 2 });
    expect(await lab.spectrometer('pl').getIntegrationTimeMs()).toBe(100);
    await runCondition(lab, reference, best.condition);
    await lab.light('pl-excitation').setOn(true);
    const spectrum = await lab.spectrometer('pl').acquire();
    const top = Math.max(...spectrum.counts);
    expect(top).toBeLessThan(0.9 * spectrum.saturationCounts);
    expect(top).toBeGreaterThan(0.6 * spectrum.saturationCounts);
  });

  it('saturate when the integration time is cranked up', async () => {
    const { lab, reference } = await openLab({ seed: 2 });
    await runCondition(lab, reference, BASELINE);
    await lab.spectrometer('pl').setIntegrationTimeMs(1000);
    const { plDark, plSample, absorbanceDark, absorbanceSample } = await readSpectra(lab);
    expect(plSample.counts.filter((c) => c >= plSample.saturationCounts).length).toBeGreaterThan(50);
    const features = computeFeatures({ absorbance: { dark: absorbanceDark, reference, sample: absorbanceSample }, pl: { dark: plDark, sample: plSample } });
    expect(features.saturated.pl).toBe(true);
    await lab.spectrometer('absorbance').setIntegrationTimeMs(30);
    await lab.light('absorbance-source').setOn(true);
    const lamp = await lab.spectrometer('absorbance').acquire();
    expect(lamp.counts.filter((c) => c >= lamp.saturationCounts).length).toBeGreaterThan(50);
  });

  it('reject integration times outside 6 ms - 10 s', async () => {
    const lab = createVirtualLab({ seed: 2 });
    await expect(lab.spectrometer('pl').setIntegrationTimeMs(1)).rejects.toBeInstanceOf(InstrumentError);
    await expect(lab.spectrometer('absorbance').setIntegrationTimeMs(20_000)).rejects.toBeInstanceOf(InstrumentError);
    expect(await lab.spectrometer('absorbance').getIntegrationTimeMs()).toBe(10);
  });

  it('take their integration time on the rig clock', async () => {
    const lab = createVirtualLab({ seed: 2 });
    const before = lab.clock.nowS();
    await lab.spectrometer('pl').acquire();
    expect(lab.clock.nowS() - before).toBeGreaterThanOrEqual(0.1);
    expect(lab.clock.nowS() - before).toBeLessThan(0.2);
  });
});
