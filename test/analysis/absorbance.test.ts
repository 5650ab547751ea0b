import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { absorbanceAt, absorbanceSpectrum, PixelStatus } from '../../src/analysis/absorbance.js';
import { createRandom } from '../../src/domain/random.js';
import type { Spectrum } from '../../src/domain/spectrum.js';
import { acquire, darkRate, DETECTOR, lampRate, pixelAxisNm, transmitted } from './helpers/synthetic-spectra.js';

const axis = pixelAxisNm();
const TIME_MS = 100;

/** A = level on 285-315 nm, falling to 0 over 20 nm on either side (cosine shoulders). */
function plateau(level: number) {
  return (wavelengthNm: number): number => {
    const outside = Math.max(0, Math.abs(wavelengthNm - 300) - 15);
    return outside >= 20 ? 0 : level * Math.cos(((outside / 20) * Math.PI) / 2) ** 2;
  };
}

/** Cs3Cu2I5-like: a band at 295 nm on an Urbach tail below 330 nm, scaled so A(300) = 0.5. */
function cs3cu2i5(wavelengthNm: number): number {
  const shape = (l: number) => Math.exp(-0.5 * ((l - 295) / 12) ** 2) + 0.4 / (1 + Math.exp((l - 320) / 6));
  return (0.5 * shape(wavelengthNm)) / shape(300);
}

function readings(absorbance: (wavelengthNm: number) => number, seed?: number) {
  const random = seed === undefined ? undefined : createRandom(seed);
  return {
    dark: acquire(axis, darkRate, TIME_MS, random),
    reference: acquire(axis, lampRate, TIME_MS, random),
    sample: acquire(axis, transmitted(lampRate, absorbance), TIME_MS, random),
  };
}

function withCounts(spectrum: Spectrum, counts: Float64Array): Spectrum {
  return { ...spectrum, counts };
}

describe('absorbance from dark, reference and sample', () => {
  it('recovers a Beer-Lambert plateau exactly without noise', () => {
    const spectrum = absorbanceSpectrum(readings(plateau(0.5)));
    const reading = absorbanceAt(300, spectrum);
    expect(reading.absorbance).toBeCloseTo(0.5, 12);
    expect(reading.pixelsUsed).toBeGreaterThanOrEqual(8);
  });

  it('follows a realistic band shape: interpolated A(300) matches the closed form', () => {
    const spectrum = absorbanceSpectrum(readings(cs3cu2i5));
    expect(absorbanceAt(300, spectrum, { halfWidthNm: 0 }).absorbance).toBeCloseTo(0.5, 3);
    expect(absorbanceAt(290, spectrum, { halfWidthNm: 0 }).absorbance).toBeCloseTo(cs3cu2i5(290), 3);
    // Above the band edge the sample is transparent.
    expect(absorbanceAt(450, spectrum).absorbance).toBeCloseTo(0, 8);
  });

  it('recovers A = 0.5 at 300 nm to +-0.01 with shot and read noise, without bias', () => {
    const values = Array.from({ length: 20 }, (_, seed) => absorbanceAt(300, absorbanceSpectrum(readings(plateau(0.5), seed))).absorbance!);
    for (const value of values) expect(Math.abs(value - 0.5)).toBeLessThan(0.01);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.003);
  });

  it('depends on the dark: a missing dark gives the closed-form wrong answer', () => {
    const good = readings(plateau(0.5));
    const zeroDark = withCounts(good.dark, new Float64Array(axis.length));
    const wrong = absorbanceAt(300, absorbanceSpectrum({ ...good, dark: zeroDark }), { halfWidthNm: 0 }).absorbance!;
    // Without dark subtraction, A = -log10((D + T (R - D)) / R) at 300 nm.
    const darkCounts = DETECTOR.offsetCounts + (DETECTOR.darkCountsPerS * TIME_MS) / 1000;
    const lampCounts = (lampRate(300) * TIME_MS) / 1000;
    const expected = -Math.log10((darkCounts + 10 ** -0.5 * lampCounts) / (darkCounts + lampCounts));
    expect(wrong).toBeCloseTo(expected, 3);
    expect(0.5 - wrong).toBeGreaterThan(0.03);
  });

  it('depends on the reference: a 5 % dimmer reference shifts A by log10(0.95)', () => {
    const good = readings(plateau(0.5));
    const dimReference = acquire(axis, (l) => 0.95 * lampRate(l), TIME_MS);
    const shifted = absorbanceAt(300, absorbanceSpectrum({ ...good, reference: dimReference })).absorbance!;
    expect(shifted).toBeCloseTo(0.5 + Math.log10(0.95), 10);
  });

  it('flags saturated pixels, sets them to NaN and leaves them out of the window mean', () => {
    // A lamp line at 300 nm drives the reference into the ceiling on a few pixels.
    const spikyLamp = (l: number) => lampRate(l) + 1e6 * Math.exp(-0.5 * ((l - 300) / 1) ** 2);
    const set = {
      dark: acquire(axis, darkRate, TIME_MS),
      reference: acquire(axis, spikyLamp, TIME_MS),
      sample: acquire(axis, transmitted(spikyLamp, plateau(0.5)), TIME_MS),
    };
    const clipped = set.reference.counts.filter((c) => c >= DETECTOR.saturationCounts).length;
    expect(clipped).toBeGreaterThan(2);

    const spectrum = absorbanceSpectrum(set);
    expect(spectrum.excluded.saturated).toBe(clipped);
    for (let i = 0; i < axis.length; i++) {
      const saturated = set.reference.counts[i] >= DETECTOR.saturationCounts;
      expect(spectrum.status[i] === PixelStatus.saturated).toBe(saturated);
      if (saturated) expect(spectrum.absorbance[i]).toBeNaN();
    }

    const narrow = absorbanceAt(300, spectrum, { halfWidthNm: 0.5 });
    expect(narrow.absorbance).toBeNull();
    expect(narrow.excluded.saturated).toBeGreaterThan(0);

    // The wider window still gives the true 0.5 from its good pixels; using the clipped ones would not.
    const wide = absorbanceAt(300, spectrum, { halfWidthNm: 6 });
    expect(wide.absorbance).toBeCloseTo(0.5, 10);
    expect(wide.excluded.saturated).toBe(clipped);
    let naiveSum = 0;
    let naiveCount = 0;
    for (let i = 0; i < axis.length; i++) {
      if (Math.abs(axis[i] - 300) <= 6) {
        naiveSum += -Math.log10((set.sample.counts[i] - set.dark.counts[i]) / (set.reference.counts[i] - set.dark.counts[i]));
        naiveCount++;
      }
    }
    expect(Math.abs(naiveSum / naiveCount - 0.5)).toBeGreaterThan(0.01);
  });

  it('excludes pixels where the lamp gives no light (deep UV)', () => {
    const spectrum = absorbanceSpectrum(readings(plateau(0.5), 3));
    expect(spectrum.status[0]).toBe(PixelStatus.noLight);
    expect(spectrum.absorbance[0]).toBeNaN();
    expect(absorbanceAt(192, spectrum).absorbance).toBeNull();
    expect(spectrum.excluded.noLight).toBeGreaterThan(0);
    // Everything from 240 nm on has plenty of light.
    const from240 = axis.findIndex((l) => l >= 240);
    for (let i = from240; i < axis.length; i++) expect(spectrum.status[i]).not.toBe(PixelStatus.noLight);
  });

  it('marks pixels where the sample is at or below dark as opaque instead of inventing an absorbance', () => {
    const spectrum = absorbanceSpectrum(readings(plateau(6), 11));
    const window = axis.map((l, i) => (Math.abs(l - 300) <= 10 ? i : -1)).filter((i) => i >= 0);
    const opaque = window.filter((i) => spectrum.status[i] === PixelStatus.opaque);
    expect(opaque.length).toBeGreaterThan(window.length / 4);
    for (const i of opaque) expect(spectrum.absorbance[i]).toBeNaN();
    expect(absorbanceAt(300, spectrum).excluded.opaque).toBeGreaterThan(0);
  });

  it('refuses readings that cannot be subtracted pixel by pixel', () => {
    const set = readings(plateau(0.5));
    const longerDark = acquire(axis, darkRate, 2 * TIME_MS);
    expect(() => absorbanceSpectrum({ ...set, dark: longerDark })).toThrow(/integration time/);
    const shifted = acquire(axis.map((l) => l + 0.5), lampRate, TIME_MS);
    expect(() => absorbanceSpectrum({ ...set, reference: shifted })).toThrow(/wavelength axis/);
    const corrupt = withCounts(set.sample, set.sample.counts.map((c, i) => (i === 10 ? Number.NaN : c)));
    expect(() => absorbanceSpectrum({ ...set, sample: corrupt })).toThrow(/finite/);
  });

  it('property: any plateau level, lamp brightness and detector offset is recovered exactly without noise', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 2.5, noNaN: true }),
        fc.double({ min: 0.2, max: 1.2, noNaN: true }),
        fc.double({ min: 0, max: 8000, noNaN: true }),
        (level, brightness, offsetCounts) => {
          const detector = { ...DETECTOR, offsetCounts };
          const lamp = (l: number) => brightness * lampRate(l);
          const spectrum = absorbanceSpectrum({
            dark: acquire(axis, darkRate, TIME_MS, undefined, detector),
            reference: acquire(axis, lamp, TIME_MS, undefined, detector),
            sample: acquire(axis, transmitted(lamp, plateau(level)), TIME_MS, undefined, detector),
          });
          expect(absorbanceAt(300, spectrum).absorbance).toBeCloseTo(level, 9);
        },
      ),
      { numRuns: 40, seed: 7 },
    );
  });
});
