import { describe, expect, it } from 'vitest';
import { computeFeatures, parseSpectralFeatures, spectralFeaturesSchema } from '../../src/analysis/features.js';
import { createRandom } from '../../src/domain/random.js';
import type { RateNm } from './helpers/synthetic-spectra.js';
import { acquire, darkRate, emission, FWHM_PER_SIGMA, lampRate, MAIN_BAND, pixelAxisNm, transmitted } from './helpers/synthetic-spectra.js';

const axis = pixelAxisNm();

function plateau(level: number) {
  return (wavelengthNm: number): number => {
    const outside = Math.max(0, Math.abs(wavelengthNm - 300) - 15);
    return outside >= 20 ? 0 : level * Math.cos(((outside / 20) * Math.PI) / 2) ** 2;
  };
}

function readings(options: { seed?: number; lamp?: RateNm; pl?: RateNm; plTimeMs?: number } = {}) {
  const random = options.seed === undefined ? undefined : createRandom(options.seed);
  const lamp = options.lamp ?? lampRate;
  const plTimeMs = options.plTimeMs ?? 200;
  return {
    absorbance: {
      dark: acquire(axis, darkRate, 100, random),
      reference: acquire(axis, lamp, 100, random),
      sample: acquire(axis, transmitted(lamp, plateau(0.5)), 100, random),
    },
    pl: {
      dark: acquire(axis, darkRate, plTimeMs, random),
      sample: acquire(axis, options.pl ?? emission([MAIN_BAND]), plTimeMs, random),
    },
  };
}

describe('computeFeatures', () => {
  it('turns clean readings into the paper features', () => {
    const features = computeFeatures(readings());
    expect(features.abs300).toBeCloseTo(0.5, 12);
    expect(Math.abs(features.plIntensity! / MAIN_BAND.heightPerS - 1)).toBeLessThan(0.005);
    expect(Math.abs(features.plPeakNm! - MAIN_BAND.centreNm)).toBeLessThan(0.5);
    expect(Math.abs(features.plFwhmNm! / (FWHM_PER_SIGMA * MAIN_BAND.sigmaNm) - 1)).toBeLessThan(0.02);
    expect(features.plUnit).toBe('countsPerS');
    expect(features.saturated).toEqual({ absorbance: false, pl: false });
    expect(features.warnings).toEqual([]);
    // Plot data: the absorbance has gaps (null) only where the lamp gives no light.
    expect(features.spectra.absorbance.absorbance).toHaveLength(axis.length);
    expect(features.spectra.absorbance.absorbance[0]).toBeNull();
    const firstGapFree = features.spectra.absorbance.absorbance.findIndex((a) => a !== null);
    expect(axis[firstGapFree]).toBeLessThan(215);
    expect(features.spectra.pl.signal).toHaveLength(axis.length);
  });

  it('warns when Abs300 comes out negative (the sample passed more light than the solvent reference)', () => {
    const { absorbance, pl } = readings();
    const brighter = { ...absorbance, sample: acquire(axis, (nm: number) => 1.2 * lampRate(nm), 100) };
    const features = computeFeatures({ absorbance: brighter, pl });
    expect(features.abs300).toBeCloseTo(-Math.log10(1.2), 2);
    expect(features.warnings).toContain('Abs300 is negative (-0.079): the sample passed more light than the solvent reference; check for stray light, lamp drift or a wrong reference');
  });

  it('gives null features and empty spectra for a channel not measured, the other unchanged', () => {
    const both = computeFeatures(readings({ seed: 5 }));
    const plOnly = computeFeatures({ pl: readings({ seed: 5 }).pl });
    expect(plOnly.abs300).toBeNull();
    expect(plOnly.spectra.absorbance).toEqual({ wavelengthsNm: [], absorbance: [] });
    expect(plOnly.saturated.absorbance).toBe(false);
    expect(plOnly.warnings).toEqual(['absorbance: not measured']);
    expect({ ...plOnly, abs300: both.abs300, warnings: both.warnings, spectra: { ...plOnly.spectra, absorbance: both.spectra.absorbance } }).toEqual(both);

    const absorbanceOnly = computeFeatures({ absorbance: readings({ seed: 5 }).absorbance });
    expect(absorbanceOnly.abs300).toBe(both.abs300);
    for (const feature of ['plIntensity', 'plArea', 'plPeakNm', 'plFwhmNm', 'band380Area', 'band600Area'] as const) expect(absorbanceOnly[feature]).toBeNull();
    expect(absorbanceOnly.plUnit).toBe('countsPerS');
    expect(absorbanceOnly.warnings).toEqual(['pl: not measured']);
    expect(parseSpectralFeatures(JSON.parse(JSON.stringify(absorbanceOnly)))).toEqual(absorbanceOnly);
  });

  it('is deterministic for a seed and survives a JSON round trip through the schema', () => {
    const first = computeFeatures(readings({ seed: 21 }));
    expect(computeFeatures(readings({ seed: 21 }))).toEqual(first);
    expect(computeFeatures(readings({ seed: 22 })).plArea).not.toBe(first.plArea);
    const stored = JSON.parse(JSON.stringify(first));
    expect(parseSpectralFeatures(stored)).toEqual(first);
  });

  it('the schema rejects malformed features with a message naming the field', () => {
    const good = JSON.parse(JSON.stringify(computeFeatures(readings())));
    expect(() => parseSpectralFeatures({ ...good, abs300: 'high' })).toThrow(/abs300/);
    expect(() => parseSpectralFeatures({ ...good, saturated: { absorbance: false } })).toThrow(/saturated/);
    expect(spectralFeaturesSchema.safeParse({ ...good, plArea: Number.NaN }).success).toBe(false);
    expect(spectralFeaturesSchema.safeParse({ ...good, plPeakNm: null }).success).toBe(true);
  });

  it('reads absorbance where the options say', () => {
    const features = computeFeatures(readings(), { absorbanceWavelengthNm: 320, absorbanceHalfWidthNm: 0 });
    expect(features.abs300).toBeCloseTo(0.5 * Math.cos(Math.PI / 8) ** 2, 3);
  });

  it('reports saturation in both flowcells, with null Abs300 when its whole window is clipped', () => {
    const spikyLamp: RateNm = (l) => lampRate(l) + 1e6 * Math.exp(-0.5 * ((l - 300) / 3) ** 2);
    const brightPl = emission([{ ...MAIN_BAND, heightPerS: 2e6 }]);
    const features = computeFeatures(readings({ lamp: spikyLamp, pl: brightPl, plTimeMs: 100 }));
    expect(features.saturated).toEqual({ absorbance: true, pl: true });
    expect(features.abs300).toBeNull();
    expect(features.warnings.some((w) => /Abs300: no usable pixel/.test(w))).toBe(true);
    expect(features.warnings.some((w) => /PL detector saturated/.test(w))).toBe(true);
    const gaps = features.spectra.absorbance.absorbance.filter((a, i) => a === null && Math.abs(axis[i] - 300) < 3);
    expect(gaps.length).toBeGreaterThan(0);
  });

  it('PL windows are options: a search window over 600 nm finds the second population', () => {
    const low = { centreNm: 600, sigmaNm: 20, heightPerS: 5e4 };
    const features = computeFeatures(readings({ pl: emission([MAIN_BAND, low]) }), {
      pl: { peakSearchNm: [560, 660] },
    });
    expect(Math.abs(features.plPeakNm! - 600)).toBeLessThan(1);
  });
});
