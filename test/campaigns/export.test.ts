// Exports another tool can read without guessing: a CSV with one column per quantity and units
// in its name, and JCAMP-DX with continuous spectra (XYDATA) that round-trip through jcampconverter.
import { fromJSON } from 'convert-to-jcamp';
import { convert } from 'jcampconverter';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCampaign } from '../../src/campaigns/campaign-service.js';
import { exportCampaign } from '../../src/campaigns/export.js';
import { runCampaign } from '../../src/campaigns/run-campaign.js';
import { PUMP_IDS } from '../../src/chemistry/rig-geometry.js';
import { RIG_INPUT_NAMES } from '../../src/domain/rig-space.js';
import { openDatabase, type SqliteDatabase } from '../../src/store/database.js';
import { getSpectra, listExperiments } from '../../src/store/experiments.js';
import { evenlySpaced } from '../../src/store/jcamp.js';
import { SDFL_VERSION } from '../../src/version.js';
import { explorationSpec, testDeps } from './helpers.js';

let db: SqliteDatabase;
let id: string;
beforeAll(async () => {
  db = openDatabase(':memory:');
  ({ id } = createCampaign(db, explorationSpec({ budget: 0, initialDesign: { sampler: 'lhs', count: 3 } }), new Date()));
  await runCampaign(db, id, testDeps());
});

function parseCsv(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trim().split('\n');
  const columns = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((value, i) => [columns[i], value])));
}

describe('CSV export', () => {
  it('has one column per quantity, the campaign id, and units in every feature column', () => {
    const text = exportCampaign(db, id, 'csv');
    const columns = text.split('\n')[0].split(',');
    expect(new Set(columns).size).toBe(columns.length);
    expect(columns[0]).toBe('campaignId');
    for (const feature of ['abs300Au', 'plIntensityCountsPerS', 'plAreaCountsPerSNm', 'band380AreaCountsPerSNm', 'band600AreaCountsPerSNm', 'plPeakNm', 'plFwhmNm']) expect(columns).toContain(feature);
    for (const bare of ['abs300', 'plIntensity', 'plArea']) expect(columns).not.toContain(bare);
  });

  it('keeps the planner inputs and the eight pump flows of the recipe apart', () => {
    const rows = parseCsv(exportCampaign(db, id, 'csv'));
    const experiments = listExperiments(db, id);
    expect(rows).toHaveLength(experiments.length);
    rows.forEach((row, i) => {
      const e = experiments[i];
      expect(row.campaignId).toBe(id);
      for (const input of RIG_INPUT_NAMES) expect(Number(row[input])).toBeCloseTo(e.condition[input], 9);
      for (const pump of PUMP_IDS) expect(Number(row[`pump${pump[0].toUpperCase()}${pump.slice(1)}FlowUlPerMin`])).toBeCloseTo(e.recipe.flowsUlPerMin[pump], 9);
      expect(Number(row.plIntensityCountsPerS)).toBeCloseTo(e.features!.plIntensity!, 6);
    });
  });
});

describe('JCAMP-DX export', () => {
  it('writes continuous spectra as compressed XYDATA with origin and owner, not a peak table', () => {
    const text = exportCampaign(db, id, 'jcamp');
    expect(text).toMatch(/##XYDATA=\(X\+\+\(Y\.\.Y\)\)/);
    expect(text).not.toMatch(/##PEAK TABLE/);
    expect(text).toMatch(new RegExp(`##ORIGIN=sdfl ${SDFL_VERSION.replace(/\./g, '\\.')}, virtual rig, campaign ${id}`));
    expect(text).toMatch(/##OWNER=\S+/);
    const blocks = convert(text, { keepRecordsRegExp: /.*/ }).flatten.filter((b) => b.spectra.length > 0);
    expect(blocks.every((b) => b.spectra[0].isXYdata === true && !b.spectra[0].isPeaktable)).toBe(true);
    // DIFDUP compression: well under half the size of the same spectra as x,y pairs.
    const spectra = listExperiments(db, id).flatMap((e) => Object.values(getSpectra(db, e.id)));
    const asPairs = spectra.reduce((n, s) => n + fromJSON(evenlySpaced(s)).length, 0);
    expect(text.length).toBeLessThan(asPairs / 2);
  });

  it('round-trips through jcampconverter: the evenly spaced axis and the counts come back, the band area is kept', () => {
    const experiment = listExperiments(db, id)[0];
    const raw = getSpectra(db, experiment.id)['pl-sample'];
    const blocks = convert(exportCampaign(db, id, 'jcamp'), { keepRecordsRegExp: /.*/ }).flatten;
    const block = blocks.find((b) => b.title === `${id} experiment ${experiment.id} pl-sample`)!;
    const { x, y } = block.spectra[0].data;
    const written = evenlySpaced(raw);
    expect(x).toHaveLength(raw.counts.length);
    expect(x[0]).toBeCloseTo(raw.wavelengthsNm[0], 6);
    expect(x.at(-1)).toBeCloseTo(raw.wavelengthsNm.at(-1)!, 3);
    const steps = x.slice(1).map((v, i) => v - x[i]);
    expect(Math.max(...steps) - Math.min(...steps)).toBeLessThan(1e-6);
    for (let i = 0; i < y.length; i++) expect(Math.abs(y[i] - written.y[i])).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(written.y[i])));
    // The resampling keeps the signal: the area under the PL band (430-470 nm) within 0.5 %.
    const area = (xs: ArrayLike<number>, ys: ArrayLike<number>) => {
      let sum = 0;
      for (let i = 1; i < xs.length; i++) if (xs[i] >= 430 && xs[i] <= 470) sum += 0.5 * (ys[i] + ys[i - 1]) * (xs[i] - xs[i - 1]);
      return sum;
    };
    expect(Math.abs(area(x, y) / area(raw.wavelengthsNm, raw.counts) - 1)).toBeLessThan(0.005);
  });
});
