// Wall time of computeFeatures on one absorbance set and one PL set of 2048-pixel spectra
// (dark, reference, sample + dark, sample), with shot and read noise.
// Run: npx tsx bench/analysis-features.ts [calls]
import { sgg } from 'ml-savitzky-golay-generalized';
import { analysePl, absorbanceAt, absorbanceSpectrum, computeFeatures } from '../src/analysis/index.js';
import { createRandom } from '../src/domain/random.js';
import { acquire, darkRate, emission, lampRate, MAIN_BAND, pixelAxisNm, transmitted } from '../test/analysis/helpers/synthetic-spectra.js';

const calls = Number(process.argv[2] ?? 5000);
const axis = pixelAxisNm(2048);
const random = createRandom(7);
const absorbance = (l: number) => 0.5 * Math.exp(-0.5 * ((l - 295) / 14) ** 2);
const readings = {
  absorbance: {
    dark: acquire(axis, darkRate, 100, random),
    reference: acquire(axis, lampRate, 100, random),
    sample: acquire(axis, transmitted(lampRate, absorbance), 100, random),
  },
  pl: {
    dark: acquire(axis, darkRate, 200, random),
    sample: acquire(axis, emission([MAIN_BAND, { centreNm: 380, sigmaNm: 10, heightPerS: 2e4 }]), 200, random),
  },
};

// Best of five batches: on a shared 2-core machine the minimum is the least disturbed figure.
function timeUs(label: string, run: () => unknown): void {
  for (let i = 0; i < Math.min(500, calls); i++) run();
  const batch = Math.max(1, Math.floor(calls / 5));
  let bestUs = Number.POSITIVE_INFINITY;
  for (let b = 0; b < 5; b++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) run();
    bestUs = Math.min(bestUs, Number(process.hrtime.bigint() - start) / 1000 / batch);
  }
  console.log(`${label.padEnd(36)} ${bestUs.toFixed(1)} us/call (best of 5 batches of ${batch})`);
}

console.log(`${calls} calls, 2048 pixels, node ${process.version}`);
timeUs('absorbance spectrum + Abs300', () => absorbanceAt(300, absorbanceSpectrum(readings.absorbance)));
timeUs('PL analysis', () => analysePl(readings.pl));
timeUs('  of which Savitzky-Golay (11 px)', () => sgg(readings.pl.sample.counts, 1, { windowSize: 11, polynomial: 3 }));
timeUs('computeFeatures (with plot arrays)', () => computeFeatures(readings));
