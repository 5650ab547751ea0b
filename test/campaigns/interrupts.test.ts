// A campaign stopped from outside: an operator's abort (terminal) and an interrupt of the
// process running it (SIGINT/SIGTERM in the CLI: paused, resumable), also while the solvent
// blank is being taken.
import { describe, expect, it } from 'vitest';
import { createCampaign, requestCampaignControl } from '../../src/campaigns/campaign-service.js';
import { runCampaign } from '../../src/campaigns/run-campaign.js';
import type { CampaignDeps } from '../../src/campaigns/deps.js';
import type { Rig, SyringePump } from '../../src/instruments/interfaces.js';
import { createVirtualLab, type VirtualLab } from '../../src/instruments/sim/create-virtual-lab.js';
import { readEvents } from '../../src/store/campaigns.js';
import { openDatabase } from '../../src/store/database.js';
import { delegate, withDevice } from '../support/rig-devices.js';
import { explorationSpec, testDeps } from './helpers.js';

/** Deps whose rig calls `onStart` whenever the given pump is started. */
function depsWithPumpHook(lab: () => VirtualLab, pump: string, onStart: (starts: number) => void): CampaignDeps {
  let starts = 0;
  return {
    ...testDeps(),
    openRig: async (): Promise<Rig> => withDevice(lab(), 'pump', pump, (device) => delegate<SyringePump>(device, {
      start: async () => {
        await device.start();
        onStart(++starts);
      },
    })),
  };
}

describe('a campaign stopped from outside', () => {
  it('an interrupt during an experiment: the experiment logged interrupted, the campaign paused with the reason, then resumed to completion', async () => {
    const db = openDatabase(':memory:');
    const { id } = createCampaign(db, explorationSpec({ initialDesign: { sampler: 'lhs', count: 2 }, budget: 1 }), new Date());
    const controller = new AbortController();
    let lab: VirtualLab | undefined;
    // The cui pump only runs in experiments (not the blank); stop the process during the second one.
    const deps = depsWithPumpHook(() => (lab = createVirtualLab({ seed: 5 })), 'cui', (starts) => {
      if (starts === 2) controller.abort('SIGINT');
    });
    const state = await runCampaign(db, id, deps, { signal: controller.signal });
    expect(state.status).toBe('paused');
    expect(state.statusReason).toBe('interrupted by SIGINT; the rig was put in the safe state; resume to go on');
    const types = readEvents(db, id).map((e) => e.type);
    expect(types.slice(-3)).toEqual(['proposed', 'interrupted', 'paused']);
    expect(types.filter((t) => t === 'measured')).toHaveLength(1);
    expect(lab!.state().heater.mode).toBe('off');

    const resumed = await runCampaign(db, id, testDeps());
    expect(resumed.status).toBe('completed');
    expect(resumed.proposals.map((p) => [p.status, p.attempts])).toEqual([['measured', 1], ['measured', 2], ['measured', 1]]);
  });

  it('an interrupt while the solvent blank is taken: paused, nothing logged for the blank', async () => {
    const db = openDatabase(':memory:');
    const { id } = createCampaign(db, explorationSpec(), new Date());
    const controller = new AbortController();
    const deps = depsWithPumpHook(() => createVirtualLab({ seed: 5 }), 'pfo', () => controller.abort('SIGTERM'));
    const state = await runCampaign(db, id, deps, { signal: controller.signal });
    expect(state.status).toBe('paused');
    expect(readEvents(db, id).map((e) => e.type)).toEqual(['created', 'paused']);
  });

  it('an operator\'s abort while the solvent blank is taken: aborted, not left running', async () => {
    const db = openDatabase(':memory:');
    const { id } = createCampaign(db, explorationSpec(), new Date());
    let lab: VirtualLab | undefined;
    // On the wall clock (100x) the blank's flush takes most of a second: time for the abort to be seen.
    const deps = depsWithPumpHook(() => (lab = createVirtualLab({ seed: 5, clock: 'realtime', speedFactor: 100 })), 'pfo', () => {
      // What `sdfl campaign abort` and the server do: the campaign is still 'new', but it is being run.
      expect(requestCampaignControl(db, id, 'abort', new Date())).toBe('new');
    });
    const state = await runCampaign(db, id, deps, { controlPollMs: 10 });
    expect(state.status).toBe('aborted');
    expect(readEvents(db, id).map((e) => e.type)).toEqual(['created', 'aborted']);
    expect(lab!.state().pumps.pfo.state).toBe('stopped');
  });
});
