// JCAMP-DX 4.24 for spectra: one block per spectrum, linked in one compound file. Spectra are
// continuous, so they are written as ##XYDATA=(X++(Y..Y)) with DIFDUP compression, which
// needs equal X steps: the spectrometer's wavelength axis is a polynomial of the pixel index,
// so each spectrum is resampled onto an evenly spaced axis over the same range with the same
// number of points (ml-spectra-processing, area-preserving). The raw pixels stay in the
// database and the JSON export.
import { fromJSON } from 'convert-to-jcamp';
import { xyEquallySpaced } from 'ml-spectra-processing';
import type { Spectrum } from '../domain/spectrum.js';

export interface JcampSpectrum {
  title: string;
  spectrum: Spectrum;
  /** Extra ##$ records (condition, features, experiment id). */
  meta?: Record<string, string | number>;
}

export interface JcampProvenance {
  /** Where the data came from (##ORIGIN), e.g. the software and the rig. */
  origin: string;
  /** Who owns it (##OWNER). */
  owner: string;
}

/** The spectrum on an evenly spaced wavelength axis over its own range. */
export function evenlySpaced(spectrum: Spectrum): { x: number[]; y: number[] } {
  const x = Array.from(spectrum.wavelengthsNm);
  const y = Array.from(spectrum.counts);
  if (x.length < 2) return { x, y };
  return xyEquallySpaced({ x, y }, { from: x[0], to: x[x.length - 1], numberOfPoints: x.length, variant: 'smooth' });
}

export function spectrumBlock(entry: JcampSpectrum, blockId: number, provenance: JcampProvenance): string {
  const jcamp = fromJSON(evenlySpaced(entry.spectrum), {
    info: { title: entry.title, dataType: 'UV/VIS SPECTRUM', origin: provenance.origin, owner: provenance.owner, xUnits: 'NANOMETERS', yUnits: 'COUNTS' },
    meta: { ...entry.meta, IntegrationTimeMs: entry.spectrum.integrationTimeMs, SaturationCounts: entry.spectrum.saturationCounts },
    xyEncoding: 'DIFDUP',
  });
  return jcamp.replace(/^(##TITLE=.*)$/m, `$1\n##BLOCK_ID=${blockId}`).trimEnd();
}

export function jcampLink(title: string, entries: JcampSpectrum[], provenance: JcampProvenance): string {
  const blocks = entries.map((entry, i) => spectrumBlock(entry, i + 1, provenance));
  return [`##TITLE=${title}`, '##JCAMP-DX=4.24', '##DATA TYPE=LINK', `##ORIGIN=${provenance.origin}`, `##OWNER=${provenance.owner}`, `##BLOCKS=${blocks.length}`, ...blocks, '##END=', ''].join('\n');
}
