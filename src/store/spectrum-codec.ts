// Spectra are stored as little-endian float64 blobs.
import type { Spectrum } from '../domain/spectrum.js';

export function encodeFloat64(values: Float64Array): Buffer {
  const copy = new Float64Array(values);
  return Buffer.from(copy.buffer, copy.byteOffset, copy.byteLength);
}

export function decodeFloat64(blob: Buffer): Float64Array {
  if (blob.byteLength % 8 !== 0) throw new Error(`spectrum blob of ${blob.byteLength} bytes is not a float64 array`);
  const copy = new Uint8Array(blob.byteLength);
  copy.set(blob);
  return new Float64Array(copy.buffer);
}

export interface SpectrumRow {
  role: string;
  wavelengths_nm: Buffer;
  counts: Buffer;
  integration_time_ms: number;
  saturation_counts: number;
}

export function spectrumFromRow(row: SpectrumRow): Spectrum {
  return {
    wavelengthsNm: decodeFloat64(row.wavelengths_nm),
    counts: decodeFloat64(row.counts),
    integrationTimeMs: row.integration_time_ms,
    saturationCounts: row.saturation_counts,
  };
}
