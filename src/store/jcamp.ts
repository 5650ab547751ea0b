// JCAMP-DX 4.24 for spectra: one block per spectrum, linked in one compound file.
import { fromJSON } from 'convert-to-jcamp';
import type { Spectrum } from '../domain/spectrum.js';

export interface JcampSpectrum {
  title: string;
  spectrum: Spectrum;
  /** Extra ##$ records (condition, features, experiment id). */
  meta?: Record<string, string | number>;
}

export function spectrumBlock(entry: JcampSpectrum, blockId: number): string {
  const jcamp = fromJSON(
    { x: Array.from(entry.spectrum.wavelengthsNm), y: Array.from(entry.spectrum.counts) },
    {
      info: { title: entry.title, dataType: 'UV/VIS SPECTRUM', xUnits: 'NANOMETERS', yUnits: 'COUNTS' },
      meta: { ...entry.meta, IntegrationTimeMs: entry.spectrum.integrationTimeMs, SaturationCounts: entry.spectrum.saturationCounts },
    },
  );
  return jcamp.replace(/^(##TITLE=.*)$/m, `$1\n##BLOCK_ID=${blockId}`).trimEnd();
}

export function jcampLink(title: string, entries: JcampSpectrum[]): string {
  const blocks = entries.map((entry, i) => spectrumBlock(entry, i + 1));
  return [`##TITLE=${title}`, '##JCAMP-DX=4.24', '##DATA TYPE=LINK', `##BLOCKS=${blocks.length}`, ...blocks, '##END=', ''].join('\n');
}
