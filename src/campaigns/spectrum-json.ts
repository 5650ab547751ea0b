// Spectra inside JSON event payloads.
import type { Spectrum } from '../domain/spectrum.js';

export interface SpectrumJson {
  wavelengthsNm: number[];
  counts: number[];
  integrationTimeMs: number;
  saturationCounts: number;
}

export function spectrumToJson(spectrum: Spectrum): SpectrumJson {
  return {
    wavelengthsNm: Array.from(spectrum.wavelengthsNm),
    counts: Array.from(spectrum.counts),
    integrationTimeMs: spectrum.integrationTimeMs,
    saturationCounts: spectrum.saturationCounts,
  };
}

export function spectrumFromJson(json: SpectrumJson): Spectrum {
  return {
    wavelengthsNm: Float64Array.from(json.wavelengthsNm),
    counts: Float64Array.from(json.counts),
    integrationTimeMs: json.integrationTimeMs,
    saturationCounts: json.saturationCounts,
  };
}
