import { describe, expect, it } from 'vitest';
import { runExperiment } from '../../src/automation/run-experiment.js';
import { makeRecipe } from '../../src/chemistry/recipe.js';
import { conditionFromArray, rigParameterSpace } from '../../src/domain/rig-space.js';
import { toPhysical } from '../../src/domain/space.js';
import { createVirtualLab } from '../../src/instruments/sim/create-virtual-lab.js';
import { experimentSpectra } from '../../src/server/experiment-views.js';
import { openDatabase } from '../../src/store/database.js';
import { saveExperiment } from '../../src/store/experiments.js';

describe('experiment spectra view', () => {
  it('recomputes PL from an experiment of a rig without the absorbance channel', async () => {
    const db = openDatabase(':memory:');
    const lab = createVirtualLab({ seed: 4, devices: { spectrometers: ['pl'], lights: ['pl-excitation'] } });
    const recipe = makeRecipe(conditionFromArray(toPhysical(rigParameterSpace(), [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5])));
    const result = await runExperiment(lab, recipe, { reference: null });
    const id = saveExperiment(db, result, { rigKind: 'virtual', createdAt: new Date('2026-01-01T00:00:00Z') });
    const view = experimentSpectra(db, id);
    expect(Object.keys(view.raw).sort()).toEqual(['pl-dark', 'pl-sample']);
    expect(view.features?.plIntensity).toBe(result.features.plIntensity);
    expect(view.features?.abs300).toBeNull();
    expect(view.processed?.pl.signal.length).toBeGreaterThan(0);
    expect(view.processed?.absorbance).toEqual({ wavelengthsNm: [], absorbance: [] });
  });
});
