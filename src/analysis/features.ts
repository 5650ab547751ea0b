// One call from the raw readings of both flowcells to the features the planner and the
// studies use (Abs at 300 nm, PL intensity, area, peak, FWHM, secondary bands).
import type { AbsorbanceOptions, AbsorbanceReadings, ExcludedPixelCounts } from './absorbance.js';
import { absorbanceAt, absorbanceSpectrum, PixelStatus } from './absorbance.js';
import type { SpectralFeatures } from './features-schema.js';
import type { PlOptions, PlReadings } from './photoluminescence.js';
import { analysePl } from './photoluminescence.js';

export type { SpectralFeatures } from './features-schema.js';
export { parseSpectralFeatures, spectralFeaturesSchema } from './features-schema.js';

export interface FeatureReadings {
  absorbance: AbsorbanceReadings;
  pl: PlReadings;
}

export interface FeatureOptions {
  /** Where the absorbance feature is read. Default 300 nm (the LED line, band edge of Cs3Cu2I5). */
  absorbanceWavelengthNm?: number;
  /** Absorbance is averaged over +-this. Default 2 nm. */
  absorbanceHalfWidthNm?: number;
  absorbance?: AbsorbanceOptions;
  pl?: PlOptions;
}

export const DEFAULT_FEATURE_OPTIONS = {
  absorbanceWavelengthNm: 300,
  absorbanceHalfWidthNm: 2,
} as const;

export function computeFeatures(readings: FeatureReadings, options: FeatureOptions = {}): SpectralFeatures {
  const wavelengthNm = options.absorbanceWavelengthNm ?? DEFAULT_FEATURE_OPTIONS.absorbanceWavelengthNm;
  const halfWidthNm = options.absorbanceHalfWidthNm ?? DEFAULT_FEATURE_OPTIONS.absorbanceHalfWidthNm;
  const warnings: string[] = [];

  const absorbance = absorbanceSpectrum(readings.absorbance, options.absorbance);
  const reading = absorbanceAt(wavelengthNm, absorbance, { halfWidthNm });
  const excludedInWindow = reading.excluded.saturated + reading.excluded.noLight + reading.excluded.opaque;
  if (reading.absorbance === null) {
    warnings.push(`Abs${wavelengthNm}: no usable pixel within +-${halfWidthNm} nm (${describeExcluded(reading.excluded)})`);
  } else if (excludedInWindow > 0) {
    warnings.push(
      `Abs${wavelengthNm}: ${excludedInWindow} of ${excludedInWindow + reading.pixelsUsed} pixels excluded (${describeExcluded(reading.excluded)})`,
    );
  }
  if (absorbance.excluded.saturated > reading.excluded.saturated) {
    warnings.push(`absorbance: ${absorbance.excluded.saturated} saturated pixel(s) in the spectrum, shown as gaps`);
  }

  const pl = analysePl(readings.pl, options.pl);
  warnings.push(...pl.warnings);
  const band = pl.mainBand;

  return {
    abs300: finiteOrNull(reading.absorbance, 'abs300', warnings),
    plIntensity: finiteOrNull(band.intensity, 'plIntensity', warnings),
    plArea: finiteOrNull(pl.area, 'plArea', warnings),
    plPeakNm: finiteOrNull(band.peakNm, 'plPeakNm', warnings),
    plFwhmNm: finiteOrNull(band.fwhmNm, 'plFwhmNm', warnings),
    band380Area: finiteOrNull(pl.band380Area, 'band380Area', warnings),
    band600Area: finiteOrNull(pl.band600Area, 'band600Area', warnings),
    plUnit: pl.corrected.unit,
    saturated: { absorbance: reading.excluded.saturated > 0, pl: pl.saturated },
    warnings,
    spectra: {
      absorbance: {
        wavelengthsNm: toArray(absorbance.wavelengthsNm),
        absorbance: absorbanceOrGap(absorbance.absorbance, absorbance.status),
      },
      pl: {
        wavelengthsNm: toArray(pl.corrected.wavelengthsNm),
        signal: toArray(pl.corrected.signal),
        smoothed: toArray(pl.corrected.smoothed),
      },
    },
  };
}

function describeExcluded(excluded: ExcludedPixelCounts): string {
  return `saturated ${excluded.saturated}, no reference light ${excluded.noLight}, opaque ${excluded.opaque}`;
}

// Corrupt input (NaN counts) must not reach the store as NaN.
function finiteOrNull(value: number | null, name: string, warnings: string[]): number | null {
  if (value === null) return null;
  if (Number.isFinite(value)) return value;
  warnings.push(`${name}: not a finite number, reported as null`);
  return null;
}

// Plain loops: Array.from on a typed array goes through the iterator and is ~10x slower.
function toArray(values: Float64Array): number[] {
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i];
  return out;
}

function absorbanceOrGap(absorbance: Float64Array, status: Uint8Array): (number | null)[] {
  const out = new Array<number | null>(absorbance.length);
  for (let i = 0; i < absorbance.length; i++) out[i] = status[i] === PixelStatus.ok ? absorbance[i] : null;
  return out;
}
