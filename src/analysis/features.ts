// One call from the raw readings of both flowcells to the features the planner and the
// studies use (Abs at 300 nm, PL intensity, area, peak, FWHM, secondary bands). A channel
// not measured (a rig with one spectrometer) gives null features and empty spectra.
import type { AbsorbanceOptions, AbsorbanceReadings, ExcludedPixelCounts } from './absorbance.js';
import { absorbanceAt, absorbanceSpectrum, PixelStatus } from './absorbance.js';
import type { SpectralFeatures } from './features-schema.js';
import type { PlOptions, PlReadings } from './photoluminescence.js';
import { analysePl, resolvePlOptions } from './photoluminescence.js';

export type { SpectralFeatures } from './features-schema.js';
export { parseSpectralFeatures, spectralFeaturesSchema } from './features-schema.js';

/** Either channel may be missing: its features are then null. */
export interface FeatureReadings {
  absorbance?: AbsorbanceReadings;
  pl?: PlReadings;
}

/** The channel each numeric feature is computed from. */
export const FEATURE_CHANNEL = {
  abs300: 'absorbance',
  plIntensity: 'pl',
  plArea: 'pl',
  plPeakNm: 'pl',
  plFwhmNm: 'pl',
  band380Area: 'pl',
  band600Area: 'pl',
} as const satisfies Record<string, keyof FeatureReadings>;

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

/** An absorbance below this is not noise around zero: more light came through the sample than the solvent. */
const NEGATIVE_ABSORBANCE_WARNING = -0.02;

export function computeFeatures(readings: FeatureReadings, options: FeatureOptions = {}): SpectralFeatures {
  const warnings: string[] = [];
  const absorbance = readings.absorbance ? absorbanceFeatures(readings.absorbance, options, warnings) : absorbanceNotMeasured(warnings);
  const pl = readings.pl ? plFeatures(readings.pl, options, warnings) : plNotMeasured(options, warnings);
  return {
    abs300: absorbance.abs300,
    plIntensity: pl.plIntensity,
    plArea: pl.plArea,
    plPeakNm: pl.plPeakNm,
    plFwhmNm: pl.plFwhmNm,
    band380Area: pl.band380Area,
    band600Area: pl.band600Area,
    plUnit: pl.unit,
    saturated: { absorbance: absorbance.saturated, pl: pl.saturated },
    warnings,
    spectra: { absorbance: absorbance.spectrum, pl: pl.spectrum },
  };
}

function absorbanceFeatures(readings: AbsorbanceReadings, options: FeatureOptions, warnings: string[]) {
  const wavelengthNm = options.absorbanceWavelengthNm ?? DEFAULT_FEATURE_OPTIONS.absorbanceWavelengthNm;
  const halfWidthNm = options.absorbanceHalfWidthNm ?? DEFAULT_FEATURE_OPTIONS.absorbanceHalfWidthNm;
  const absorbance = absorbanceSpectrum(readings, options.absorbance);
  const reading = absorbanceAt(wavelengthNm, absorbance, { halfWidthNm });
  const excludedInWindow = reading.excluded.saturated + reading.excluded.noLight + reading.excluded.opaque;
  if (reading.absorbance === null) {
    warnings.push(`Abs${wavelengthNm}: no usable pixel within +-${halfWidthNm} nm (${describeExcluded(reading.excluded)})`);
  } else if (excludedInWindow > 0) {
    warnings.push(
      `Abs${wavelengthNm}: ${excludedInWindow} of ${excludedInWindow + reading.pixelsUsed} pixels excluded (${describeExcluded(reading.excluded)})`,
    );
  }
  if (reading.absorbance !== null && reading.absorbance < NEGATIVE_ABSORBANCE_WARNING) {
    warnings.push(
      `Abs${wavelengthNm} is negative (${reading.absorbance.toFixed(3)}): the sample passed more light than the solvent reference; check for stray light, lamp drift or a wrong reference`,
    );
  }
  if (absorbance.excluded.saturated > reading.excluded.saturated) {
    warnings.push(`absorbance: ${absorbance.excluded.saturated} saturated pixel(s) in the spectrum, shown as gaps`);
  }
  return {
    abs300: finiteOrNull(reading.absorbance, 'abs300', warnings),
    saturated: reading.excluded.saturated > 0,
    spectrum: {
      wavelengthsNm: toArray(absorbance.wavelengthsNm),
      absorbance: absorbanceOrGap(absorbance.absorbance, absorbance.status),
    },
  };
}

function plFeatures(readings: PlReadings, options: FeatureOptions, warnings: string[]) {
  const pl = analysePl(readings, options.pl);
  warnings.push(...pl.warnings);
  const band = pl.mainBand;
  return {
    plIntensity: finiteOrNull(band.intensity, 'plIntensity', warnings),
    plArea: finiteOrNull(pl.area, 'plArea', warnings),
    plPeakNm: finiteOrNull(band.peakNm, 'plPeakNm', warnings),
    plFwhmNm: finiteOrNull(band.fwhmNm, 'plFwhmNm', warnings),
    band380Area: finiteOrNull(pl.band380Area, 'band380Area', warnings),
    band600Area: finiteOrNull(pl.band600Area, 'band600Area', warnings),
    unit: pl.corrected.unit,
    saturated: pl.saturated,
    spectrum: {
      wavelengthsNm: toArray(pl.corrected.wavelengthsNm),
      signal: toArray(pl.corrected.signal),
      smoothed: toArray(pl.corrected.smoothed),
    },
  };
}

// A channel without readings: every feature null, an empty spectrum, and a warning saying why.
function absorbanceNotMeasured(warnings: string[]): ReturnType<typeof absorbanceFeatures> {
  warnings.push('absorbance: not measured');
  return { abs300: null, saturated: false, spectrum: { wavelengthsNm: [], absorbance: [] } };
}

function plNotMeasured(options: FeatureOptions, warnings: string[]): ReturnType<typeof plFeatures> {
  warnings.push('pl: not measured');
  return {
    plIntensity: null, plArea: null, plPeakNm: null, plFwhmNm: null, band380Area: null, band600Area: null,
    unit: plUnitOf(options),
    saturated: false,
    spectrum: { wavelengthsNm: [], signal: [], smoothed: [] },
  };
}

/** The unit PL features would have been in, so a record without PL still names one. */
function plUnitOf(options: FeatureOptions): 'countsPerS' | 'counts' {
  return resolvePlOptions(options.pl).normaliseByIntegrationTime ? 'countsPerS' : 'counts';
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
