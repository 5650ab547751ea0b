import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { getExperiment, getSpectra, listExperiments, saveExperiment, saveFailedExperiment } from '../../src/store/experiments.js';
import { decodeFloat64, encodeFloat64 } from '../../src/store/spectrum-codec.js';
import { toCsv } from '../../src/store/csv.js';
import { makeRecipe } from '../../src/chemistry/recipe.js';
import { conditionFromArray, rigParameterSpace } from '../../src/domain/rig-space.js';
import { toPhysical } from '../../src/domain/space.js';
import { createVirtualLab } from '../../src/instruments/sim/create-virtual-lab.js';
import { measureSolventBlank } from '../../src/automation/solvent-blank.js';
import { runExperiment } from '../../src/automation/run-experiment.js';

describe('experiment store', () => {
  it('round-trips float64 spectra exactly', () => {
    const values = Float64Array.from([0, -1.5, Math.PI, 1e300, Number.MIN_VALUE]);
    expect(Array.from(decodeFloat64(encodeFloat64(values)))).toEqual(Array.from(values));
    expect(() => decodeFloat64(Buffer.alloc(7))).toThrow(/not a float64 array/);
  });

  it('stores an experiment with its five spectra and reads it back whole', async () => {
    const db = openDatabase(':memory:');
    const lab = createVirtualLab({ seed: 2 });
    const reference = await measureSolventBlank(lab);
    const recipe = makeRecipe(conditionFromArray(toPhysical(rigParameterSpace(), [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5])));
    const result = await runExperiment(lab, recipe, { reference });
    const id = saveExperiment(db, result, { rigKind: 'virtual', createdAt: new Date('2026-01-01T00:00:00Z'), campaignId: 'c1' });
    const stored = getExperiment(db, id)!;
    expect(stored.status).toBe('measured');
    expect(stored.condition).toEqual(recipe.condition);
    expect(stored.features?.plIntensity).toBe(result.features.plIntensity);
    expect(stored.measuredAtS).toBe(result.measuredAtS);
    const spectra = getSpectra(db, id);
    expect(Object.keys(spectra).sort()).toEqual(['absorbance-dark', 'absorbance-reference', 'absorbance-sample', 'pl-dark', 'pl-sample']);
    expect(Array.from(spectra['pl-sample'].counts)).toEqual(Array.from(result.spectra.pl!.sample.counts));
    expect(spectra['absorbance-reference'].integrationTimeMs).toBe(reference!.integrationTimeMs);
    const failedId = saveFailedExperiment(db, recipe, 'pump cui is stalled', { rigKind: 'virtual', createdAt: new Date(), campaignId: 'c1' });
    expect(listExperiments(db, 'c1').map((e) => [e.id, e.status, e.error])).toEqual([[id, 'measured', null], [failedId, 'failed', 'pump cui is stalled']]);
  });

  it('writes RFC 4180 CSV', () => {
    expect(toCsv(['a', 'b'], [{ a: 'x,y', b: 1.5 }, { a: 'say "hi"', b: Number.NaN }])).toBe('a,b\n"x,y",1.5\n"say ""hi""",\n');
  });
});
