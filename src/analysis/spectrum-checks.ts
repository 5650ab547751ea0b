// Structural checks on spectra handed to the analysis: a wrong axis or integration time
// would give plausible but wrong numbers, so these fail loudly instead.
import type { Spectrum } from '../domain/spectrum.js';

const AXIS_TOLERANCE_NM = 1e-6;

export function assertUsableSpectrum(spectrum: Spectrum, label: string): void {
  const { wavelengthsNm, counts } = spectrum;
  if (wavelengthsNm.length !== counts.length) {
    throw new Error(`${label}: ${wavelengthsNm.length} wavelengths but ${counts.length} counts`);
  }
  if (wavelengthsNm.length < 3) throw new Error(`${label}: needs at least 3 pixels`);
  for (let i = 1; i < wavelengthsNm.length; i++) {
    if (!(wavelengthsNm[i] > wavelengthsNm[i - 1])) {
      throw new Error(`${label}: wavelengths must increase strictly (pixel ${i})`);
    }
  }
  for (let i = 0; i < counts.length; i++) {
    if (!Number.isFinite(counts[i])) throw new Error(`${label}: counts at pixel ${i} are not a finite number`);
  }
  if (!(spectrum.integrationTimeMs > 0)) {
    throw new Error(`${label}: integration time must be positive, got ${spectrum.integrationTimeMs}`);
  }
}

/** Spectra that are subtracted pixel by pixel must share the detector axis and exposure. */
export function assertSameAcquisition(reference: Spectrum, other: Spectrum, label: string): void {
  assertUsableSpectrum(other, label);
  if (other.wavelengthsNm.length !== reference.wavelengthsNm.length) {
    throw new Error(`${label}: ${other.wavelengthsNm.length} pixels, expected ${reference.wavelengthsNm.length}`);
  }
  for (let i = 0; i < reference.wavelengthsNm.length; i++) {
    if (Math.abs(other.wavelengthsNm[i] - reference.wavelengthsNm[i]) > AXIS_TOLERANCE_NM) {
      throw new Error(`${label}: wavelength axis differs at pixel ${i}`);
    }
  }
  if (other.integrationTimeMs !== reference.integrationTimeMs) {
    throw new Error(
      `${label}: integration time ${other.integrationTimeMs} ms differs from ${reference.integrationTimeMs} ms; ` +
        'dark and reference must be taken at the sample integration time',
    );
  }
}
