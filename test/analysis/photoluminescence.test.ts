import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analysePl, correctPl } from '../../src/analysis/photoluminescence.js';
import { createRandom } from '../../src/domain/random.js';
import type { Spectrum } from '../../src/domain/spectrum.js';
import type { EmissionBand, RateNm } from './helpers/synthetic-spectra.js';
import { acquire, darkRate, DETECTOR, emission, FWHM_PER_SIGMA, MAIN_BAND, pixelAxisNm } from './helpers/synthetic-spectra.js';

const axis = pixelAxisNm();
const TIME_MS = 200;

function plReadings(rate: RateNm, timeMs = TIME_MS, seed?: number) {
  const random = seed === undefined ? undefined : createRandom(seed);
  return { dark: acquire(axis, darkRate, timeMs, random), sample: acquire(axis, rate, timeMs, random) };
}

/** Integral of a Gaussian band over [fromNm, toNm]. */
function gaussianArea(band: EmissionBand, fromNm: number, toNm: number): number {
  const full = band.heightPerS * band.sigmaNm * Math.sqrt(2 * Math.PI);
  return full * (normalCdf(toNm, band.centreNm, band.sigmaNm) - normalCdf(fromNm, band.centreNm, band.sigmaNm));
}

function meanSd(values: number[]): { mean: number; sd: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
  return { mean, sd };
}

describe('PL band features', () => {
  it('recovers a narrow Gaussian: peak, FWHM, height and full area without noise', () => {
    const band = { centreNm: 452.3, sigmaNm: 15, heightPerS: 1e5 };
    const result = analysePl(plReadings(emission([band])));
    expect(result.warnings).toEqual([]);
    expect(Math.abs(result.mainBand.peakNm! - band.centreNm)).toBeLessThan(0.5);
    expect(result.mainBand.fwhmNm! / (FWHM_PER_SIGMA * band.sigmaNm)).toBeCloseTo(1, 2);
    expect(Math.abs(result.mainBand.fwhmNm! / (FWHM_PER_SIGMA * band.sigmaNm) - 1)).toBeLessThan(0.02);
    expect(Math.abs(result.mainBand.intensity! / band.heightPerS - 1)).toBeLessThan(0.005);
    // 380-560 nm spans more than +-4.8 sigma: the window holds the whole band.
    expect(Math.abs(result.area! / (band.heightPerS * band.sigmaNm * Math.sqrt(2 * Math.PI)) - 1)).toBeLessThan(0.01);
  });

  it('recovers the broad Cs3Cu2I5 band (FWHM ~90 nm): area equals the closed-form window integral', () => {
    const result = analysePl(plReadings(emission([MAIN_BAND])));
    expect(Math.abs(result.mainBand.peakNm! - MAIN_BAND.centreNm)).toBeLessThan(0.5);
    expect(Math.abs(result.mainBand.fwhmNm! / (FWHM_PER_SIGMA * MAIN_BAND.sigmaNm) - 1)).toBeLessThan(0.02);
    expect(result.area! / gaussianArea(MAIN_BAND, 380, 560)).toBeCloseTo(1, 4);
    expect(result.corrected.unit).toBe('countsPerS');
  });

  it('is unbiased under shot and read noise, with the area spread that noise propagation predicts', () => {
    const noiseFree = analysePl(plReadings(emission([MAIN_BAND])));
    const runs = Array.from({ length: 40 }, (_, seed) => analysePl(plReadings(emission([MAIN_BAND]), TIME_MS, 100 + seed)));

    // Predicted area SD: sum over window pixels of (trapezoid weight)^2 x per-pixel variance in (counts/s)^2.
    const timeS = TIME_MS / 1000;
    let variance = 0;
    for (let i = 1; i < axis.length - 1; i++) {
      if (axis[i] < 380 || axis[i] > 560) continue;
      const weightNm = (axis[i + 1] - axis[i - 1]) / 2;
      const sampleElectrons = (DETECTOR.darkCountsPerS + emission([MAIN_BAND])(axis[i])) * timeS;
      const darkElectrons = DETECTOR.darkCountsPerS * timeS;
      const countsVariance = sampleElectrons + darkElectrons + 2 * DETECTOR.readNoiseCounts ** 2;
      variance += weightNm ** 2 * (countsVariance / timeS ** 2);
    }
    const predictedSd = Math.sqrt(variance);
    const areas = meanSd(runs.map((r) => r.area!));
    expect(Math.abs(areas.mean - noiseFree.area!)).toBeLessThan((3 * predictedSd) / Math.sqrt(runs.length));
    expect(areas.sd / predictedSd).toBeGreaterThan(0.6);
    expect(areas.sd / predictedSd).toBeLessThan(1.5);

    const peaks = meanSd(runs.map((r) => r.mainBand.peakNm!));
    expect(Math.abs(peaks.mean - MAIN_BAND.centreNm)).toBeLessThan(0.5);
    expect(peaks.sd).toBeLessThan(1);
    const heights = meanSd(runs.map((r) => r.mainBand.intensity!));
    expect(Math.abs(heights.mean / MAIN_BAND.heightPerS - 1)).toBeLessThan(0.005);
    expect(heights.sd / MAIN_BAND.heightPerS).toBeLessThan(0.01);
    const widths = meanSd(runs.map((r) => r.mainBand.fwhmNm!));
    expect(Math.abs(widths.mean / (FWHM_PER_SIGMA * MAIN_BAND.sigmaNm) - 1)).toBeLessThan(0.02);
  });

  it('normalises by integration time so readings at 100 ms and 250 ms agree', () => {
    const short = analysePl(plReadings(emission([MAIN_BAND]), 100));
    const long = analysePl(plReadings(emission([MAIN_BAND]), 250));
    expect(long.mainBand.intensity! / short.mainBand.intensity!).toBeCloseTo(1, 9);
    expect(long.area! / short.area!).toBeCloseTo(1, 9);
    expect(long.mainBand.peakNm!).toBeCloseTo(short.mainBand.peakNm!, 6);

    const rawShort = analysePl(plReadings(emission([MAIN_BAND]), 100), { normaliseByIntegrationTime: false });
    const rawLong = analysePl(plReadings(emission([MAIN_BAND]), 250), { normaliseByIntegrationTime: false });
    expect(rawLong.corrected.unit).toBe('counts');
    expect(rawLong.area! / rawShort.area!).toBeCloseTo(2.5, 9);

    const noisyShort = meanSd(Array.from({ length: 12 }, (_, s) => analysePl(plReadings(emission([MAIN_BAND]), 100, s)).area!));
    const noisyLong = meanSd(Array.from({ length: 12 }, (_, s) => analysePl(plReadings(emission([MAIN_BAND]), 250, 50 + s)).area!));
    const standardError = Math.sqrt(noisyShort.sd ** 2 / 12 + noisyLong.sd ** 2 / 12);
    expect(Math.abs(noisyShort.mean - noisyLong.mean)).toBeLessThan(4 * standardError);
  });

  it('a 380 nm band raises band380Area by its own area and barely moves the main peak', () => {
    const extra = { centreNm: 380, sigmaNm: 10, heightPerS: 3e4 };
    const without = analysePl(plReadings(emission([MAIN_BAND])));
    const withBand = analysePl(plReadings(emission([MAIN_BAND, extra])));
    const extraArea = gaussianArea(extra, 360, 400);
    // The main band's tail is modelled out: alone it leaves ~0, the added band shows in full.
    expect(Math.abs(without.band380Area!)).toBeLessThan(0.01 * extraArea);
    expect(withBand.band380Area! / extraArea).toBeGreaterThan(0.97);
    expect(withBand.band380Area! / extraArea).toBeLessThan(1.03);
    expect(Math.abs(withBand.mainBand.peakNm! - without.mainBand.peakNm!)).toBeLessThan(0.5);
    expect(Math.abs(withBand.mainBand.intensity! / without.mainBand.intensity! - 1)).toBeLessThan(0.005);
    // Cross-talk into the other secondary window stays under 1 % of the added band.
    expect(Math.abs(withBand.band600Area! - without.band600Area!)).toBeLessThan(0.01 * extraArea);
  });

  it("'window' method integrates the raw window, main-band tail included", () => {
    const result = analysePl(plReadings(emission([MAIN_BAND])), { secondaryBandMethod: 'window' });
    expect(result.band380Area! / gaussianArea(MAIN_BAND, 360, 400)).toBeCloseTo(1, 3);
    expect(result.band600Area! / gaussianArea(MAIN_BAND, 560, 660)).toBeCloseTo(1, 3);
  });

  it('a 600 nm band (low-temperature population) shows in band600Area only', () => {
    const extra = { centreNm: 600, sigmaNm: 20, heightPerS: 2e4 };
    const without = analysePl(plReadings(emission([MAIN_BAND])));
    const withBand = analysePl(plReadings(emission([MAIN_BAND, extra])));
    const extraArea = gaussianArea(extra, 560, 660);
    expect(Math.abs(without.band600Area!)).toBeLessThan(0.01 * extraArea);
    expect(withBand.band600Area! / extraArea).toBeGreaterThan(0.97);
    expect(withBand.band600Area! / extraArea).toBeLessThan(1.03);
    expect(Math.abs(withBand.band380Area! - without.band380Area!)).toBeLessThan(0.01 * extraArea);
    expect(Math.abs(withBand.mainBand.peakNm! - without.mainBand.peakNm!)).toBeLessThan(0.5);
  });

  it('flags saturation when a pixel in the analysed range reaches the ceiling', () => {
    const bright = { ...MAIN_BAND, heightPerS: 1e6 };
    const saturatedRun = analysePl(plReadings(emission([bright]), 100));
    expect(saturatedRun.saturated).toBe(true);
    expect(saturatedRun.corrected.saturatedPixels.analysedRange).toBeGreaterThan(0);
    expect(saturatedRun.warnings.join(' ')).toMatch(/saturated/);
    // The clipped top understates the true height.
    expect(saturatedRun.mainBand.intensity!).toBeLessThan(bright.heightPerS);

    const fine = analysePl(plReadings(emission([MAIN_BAND]), 100));
    expect(fine.saturated).toBe(false);
    // A scattered LED line clipping at 300 nm is reported, but it is outside every feature window.
    const led = { centreNm: 300, sigmaNm: 3, heightPerS: 2e6 };
    const ledRun = analysePl(plReadings(emission([MAIN_BAND, led]), 100));
    expect(ledRun.saturated).toBe(false);
    expect(ledRun.corrected.saturatedPixels.total).toBeGreaterThan(0);
  });

  it('removes a stray-light offset or slope when a baseline mode is chosen', () => {
    const narrow = { centreNm: 460, sigmaNm: 20, heightPerS: 1e5 };
    const clean = analysePl(plReadings(emission([narrow])));
    const offsetStray: RateNm = (l) => emission([narrow])(l) + 3000;
    const none = analysePl(plReadings(offsetStray));
    expect(none.area! - clean.area!).toBeCloseTo(3000 * 180, -3);
    const offset = analysePl(plReadings(offsetStray), { baseline: { mode: 'offset' } });
    expect(offset.area! / clean.area!).toBeCloseTo(1, 4);

    const slopedStray: RateNm = (l) => emission([narrow])(l) + 1000 + 8 * (l - 400);
    const linear = analysePl(plReadings(slopedStray), { baseline: { mode: 'linear' } });
    expect(linear.area! / clean.area!).toBeCloseTo(1, 3);
    expect(linear.mainBand.peakNm!).toBeCloseTo(clean.mainBand.peakNm!, 1);
  });

  it('reports intensity but no peak wavelength or FWHM when there is no band above noise', () => {
    const result = analysePl(plReadings(() => 0, TIME_MS, 5));
    expect(result.mainBand.peakNm).toBeNull();
    expect(result.mainBand.fwhmNm).toBeNull();
    expect(result.mainBand.intensity).not.toBeNull();
    expect(Math.abs(result.mainBand.intensity!)).toBeLessThan(5 * result.corrected.noiseSd);
    expect(result.warnings.join(' ')).toMatch(/not above noise/);
  });

  it('refuses a dark taken at another integration time', () => {
    const sample = acquire(axis, emission([MAIN_BAND]), 200);
    const dark = acquire(axis, darkRate, 100);
    expect(() => correctPl({ dark, sample })).toThrow(/integration time/);
  });

  it('property: scaling the emission scales intensity and areas linearly, peak and FWHM unchanged', () => {
    const base = plReadings(emission([MAIN_BAND, { centreNm: 385, sigmaNm: 12, heightPerS: 2e4 }]), TIME_MS, 9);
    const reference = analysePl(base);
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 20, noNaN: true }), (factor) => {
        const scaled: Spectrum = {
          ...base.sample,
          counts: base.sample.counts.map((c, i) => base.dark.counts[i] + factor * (c - base.dark.counts[i])),
          saturationCounts: Number.POSITIVE_INFINITY,
        };
        const result = analysePl({ dark: base.dark, sample: scaled });
        expect(result.mainBand.intensity! / reference.mainBand.intensity!).toBeCloseTo(factor, 6);
        expect(result.area! / reference.area!).toBeCloseTo(factor, 6);
        expect(result.band380Area! / reference.band380Area!).toBeCloseTo(factor, 6);
        expect(result.mainBand.peakNm!).toBeCloseTo(reference.mainBand.peakNm!, 6);
        expect(result.mainBand.fwhmNm!).toBeCloseTo(reference.mainBand.fwhmNm!, 6);
      }),
      { numRuns: 40, seed: 3 },
    );
  });

  it('property: any Gaussian band in range is recovered without noise', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 425, max: 480, noNaN: true }),
        fc.double({ min: 8, max: 22, noNaN: true }),
        fc.double({ min: 1e4, max: 2e5, noNaN: true }),
        (centreNm, sigmaNm, heightPerS) => {
          const band = { centreNm, sigmaNm, heightPerS };
          const result = analysePl(plReadings(emission([band])));
          expect(Math.abs(result.mainBand.peakNm! - centreNm)).toBeLessThan(0.5);
          expect(Math.abs(result.mainBand.fwhmNm! / (FWHM_PER_SIGMA * sigmaNm) - 1)).toBeLessThan(0.02);
          expect(Math.abs(result.area! / gaussianArea(band, 380, 560) - 1)).toBeLessThan(0.01);
          expect(Math.abs(result.mainBand.intensity! / heightPerS - 1)).toBeLessThan(0.005);
        },
      ),
      { numRuns: 40, seed: 5 },
    );
  });
});
