import { describe, expect, it } from 'vitest';
import { createCampaign } from '../../src/campaigns/campaign-service.js';
import { runCampaign } from '../../src/campaigns/run-campaign.js';
import { PUMP_IDS } from '../../src/chemistry/rig-geometry.js';
import { labConfigSchema } from '../../src/instruments/lab-config.js';
import { RigLayoutError } from '../../src/instruments/rig-layout.js';
import { readEvents, requestControl } from '../../src/store/campaigns.js';
import { openDatabase } from '../../src/store/database.js';
import { getSpectra, listExperiments } from '../../src/store/experiments.js';
import { explorationSpec, testDeps } from './helpers.js';

const PL_ONLY = { spectrometers: ['pl'], lights: ['pl-excitation'] };
const depsOn = (devices: Record<string, unknown>) => ({ ...testDeps(), defaultLab: labConfigSchema.parse({ kind: 'virtual', seed: 5, devices }) });

describe('a campaign and the rig it runs on', () => {
  it('is refused up front when its objective needs a channel the rig lacks', async () => {
    const db = openDatabase(':memory:');
    const { id } = createCampaign(db, explorationSpec({ objective: { feature: 'abs300' } }), new Date());
    const error = await runCampaign(db, id, depsOn(PL_ONLY)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RigLayoutError);
    expect((error as Error).message).toBe(
      "campaign 'test exploration' needs devices this rig does not have: "
      + "spectrometer 'absorbance' (the objective abs300 is measured on the absorbance channel); "
      + "light 'absorbance-source' (the objective abs300 is measured on the absorbance channel)",
    );
    // Nothing ran: no blank, no proposal, no experiment.
    expect(readEvents(db, id).map((e) => e.type)).toEqual(['created']);
    expect(listExperiments(db, id)).toEqual([]);
  });

  it('is refused up front when the rig lacks a pump on a reagent line', async () => {
    const db = openDatabase(':memory:');
    const { id } = createCampaign(db, explorationSpec(), new Date());
    await expect(runCampaign(db, id, depsOn({ pumps: PUMP_IDS.filter((p) => p !== 'odeCs') }))).rejects.toThrow(
      "campaign 'test exploration' needs devices this rig does not have: pump 'odeCs' (the planner may give the odeCs line flow)",
    );
    expect(readEvents(db, id).map((e) => e.type)).toEqual(['created']);
  });

  it('runs a PL objective on a rig with only the PL spectrometer, storing PL spectra and null absorbance', async () => {
    const db = openDatabase(':memory:');
    const { id } = createCampaign(db, explorationSpec({ initialDesign: { sampler: 'lhs', count: 2 }, budget: 0 }), new Date());
    const state = await runCampaign(db, id, depsOn(PL_ONLY));
    expect(state.status).toBe('completed');
    const reference = readEvents(db, id).find((e) => e.type === 'reference-measured');
    expect(reference?.payload).toMatchObject({ spectrum: null });
    const experiments = listExperiments(db, id);
    expect(experiments).toHaveLength(2);
    for (const experiment of experiments) {
      expect(experiment.status).toBe('measured');
      expect(experiment.features?.abs300).toBeNull();
      expect(experiment.features?.plIntensity).toBeGreaterThan(0);
      expect(Object.keys(getSpectra(db, experiment.id)).sort()).toEqual(['pl-dark', 'pl-sample']);
    }
  });

  it('resumes a paused campaign on that rig and ends as an uninterrupted run', async () => {
    const spec = explorationSpec({ initialDesign: { sampler: 'lhs', count: 3 }, budget: 0 });
    const values = async (pauseAfterFirst: boolean) => {
      const db = openDatabase(':memory:');
      const { id } = createCampaign(db, spec, new Date());
      const onEvent = (event: { type: string }) => {
        if (pauseAfterFirst && event.type === 'measured') requestControl(db, id, 'pause', new Date());
      };
      const first = await runCampaign(db, id, depsOn(PL_ONLY), { onEvent });
      if (pauseAfterFirst) {
        expect(first.status).toBe('paused');
        expect((await runCampaign(db, id, depsOn(PL_ONLY))).status).toBe('completed');
      }
      return readEvents(db, id).filter((e) => e.type === 'measured').map((e) => (e.payload as { value: number }).value);
    };
    const uninterrupted = await values(false);
    expect(uninterrupted).toHaveLength(3);
    expect(await values(true)).toEqual(uninterrupted);
  });
});
