// Every wait that holds the rig ends when the abort signal fires. The clock here is
// controllable: it runs as the simulated clock until the test holds it, and then a sleep never
// ends by itself. A wait that does not listen to the signal therefore never settles (the test
// fails on its timeout); one that does settles at once, with no rig time passing. No wall-clock
// bound is asserted except in the last test, which says its bound.
import { describe, expect, it } from 'vitest';
import { measureSolventBlank } from '../../src/automation/solvent-blank.js';
import { recordFeatureSeries } from '../../src/automation/feature-series.js';
import { ExperimentAbortedError, runExperiment } from '../../src/automation/run-experiment.js';
import { makeRecipe } from '../../src/chemistry/recipe.js';
import { PUMP_IDS } from '../../src/chemistry/rig-geometry.js';
import { conditionFromArray, rigParameterSpace } from '../../src/domain/rig-space.js';
import { toPhysical } from '../../src/domain/space.js';
import { WaitAbortedError, type Clock, type Rig, type Spectrometer } from '../../src/instruments/interfaces.js';
import { createVirtualLab, type VirtualLab } from '../../src/instruments/sim/create-virtual-lab.js';
import { delegate, rigOf, withDevice } from '../support/rig-devices.js';

const recipe = makeRecipe(conditionFromArray(toPhysical(rigParameterSpace(), [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5])));
/** Bound for "never": a wait that ignores the signal hangs for good; this only turns that into a failure. */
const NEVER_MS = 10_000;

/** The simulated clock until `hold()` says so; then every sleep waits for its signal only. */
class HoldingClock implements Clock {
  held = false;
  private onHeld: (() => void) | undefined;
  readonly reachedHold = new Promise<void>((resolve) => (this.onHeld = resolve));

  constructor(private readonly base: Clock, private readonly hold: () => boolean) {}

  nowS(): number {
    return this.base.nowS();
  }

  sleepS(durationS: number, signal?: AbortSignal): Promise<void> {
    if (!this.held && !this.hold()) return this.base.sleepS(durationS, signal);
    this.held = true;
    this.onHeld?.();
    return new Promise((_, reject) => {
      if (signal?.aborted) reject(new WaitAbortedError('sleep'));
      signal?.addEventListener('abort', () => reject(new WaitAbortedError('sleep')), { once: true });
    });
  }
}

function heldRig(lab: VirtualLab, hold: (lab: VirtualLab) => boolean): { rig: Rig; clock: HoldingClock } {
  const clock = new HoldingClock(lab.clock, () => hold(lab));
  return { rig: { ...rigOf(lab, lab.devices), clock }, clock };
}

function expectSafe(lab: VirtualLab): void {
  const state = lab.state();
  for (const id of PUMP_IDS) expect(state.pumps[id].state, `pump ${id}`).not.toBe('running');
  expect(state.heater.mode).toBe('off');
  expect(state.lights).toEqual({ uvLed: false, broadbandLamp: false });
}

const pumpsRunning = (lab: VirtualLab) => lab.state().pumps.pfo.state === 'running';
const heating = (lab: VirtualLab) => lab.state().heater.mode === 'auto' && !pumpsRunning(lab);

async function abortWhenHeld(clock: HoldingClock, controller: AbortController, lab: VirtualLab): Promise<number> {
  await clock.reachedHold;
  const heldAtS = lab.clock.nowS();
  controller.abort();
  return heldAtS;
}

describe('an abort ends every wait that holds the rig', () => {
  it('while the reactor heats up (settling poll)', { timeout: NEVER_MS }, async () => {
    const lab = createVirtualLab({ seed: 1 });
    const reference = await measureSolventBlank(lab);
    const { rig, clock } = heldRig(lab, heating);
    const controller = new AbortController();
    const running = runExperiment(rig, recipe, { reference, signal: controller.signal });
    const heldAtS = await abortWhenHeld(clock, controller, lab);
    await expect(running).rejects.toBeInstanceOf(ExperimentAbortedError);
    expect(lab.clock.nowS()).toBe(heldAtS);
    expectSafe(lab);
  });

  it('while precursors equilibrate', { timeout: NEVER_MS }, async () => {
    const lab = createVirtualLab({ seed: 1 });
    const reference = await measureSolventBlank(lab);
    const { rig, clock } = heldRig(lab, pumpsRunning);
    const controller = new AbortController();
    const running = runExperiment(rig, recipe, { reference, signal: controller.signal });
    const heldAtS = await abortWhenHeld(clock, controller, lab);
    await expect(running).rejects.toBeInstanceOf(ExperimentAbortedError);
    expect(lab.clock.nowS()).toBe(heldAtS);
    expectSafe(lab);
  });

  it('while a spectrum is being taken', { timeout: NEVER_MS }, async () => {
    const lab = createVirtualLab({ seed: 1 });
    const reference = await measureSolventBlank(lab);
    const controller = new AbortController();
    let scanning: () => void = () => undefined;
    const scanStarted = new Promise<void>((resolve) => (scanning = resolve));
    // A long exposure: the scan only ends when its signal fires.
    const rig = withDevice(lab, 'spectrometer', 'pl', (pl) => delegate<Spectrometer>(pl, {
      acquire: (options) => new Promise((_, reject) => {
        scanning();
        options?.signal?.addEventListener('abort', () => reject(new WaitAbortedError('scan')), { once: true });
      }),
    }));
    const running = runExperiment(rig, recipe, { reference, signal: controller.signal });
    await scanStarted;
    controller.abort();
    await expect(running).rejects.toBeInstanceOf(ExperimentAbortedError);
    expectSafe(lab);
  });

  it('while the solvent blank flushes', { timeout: NEVER_MS }, async () => {
    const lab = createVirtualLab({ seed: 1 });
    const { rig, clock } = heldRig(lab, pumpsRunning);
    const controller = new AbortController();
    const running = measureSolventBlank(rig, undefined, { signal: controller.signal });
    const heldAtS = await abortWhenHeld(clock, controller, lab);
    await expect(running).rejects.toBeInstanceOf(ExperimentAbortedError);
    expect(lab.clock.nowS()).toBe(heldAtS);
    expectSafe(lab);
  });

  it('between the samples of a feature series', { timeout: NEVER_MS }, async () => {
    const lab = createVirtualLab({ seed: 1 });
    const reference = await measureSolventBlank(lab);
    let samples = 0;
    const { rig, clock } = heldRig(lab, () => samples >= 2);
    const controller = new AbortController();
    const running = recordFeatureSeries(rig, {
      reference,
      segments: [{ recipe, durationS: 600, recordAfterS: 0, intervalS: 60 }],
      onSample: () => samples++,
      signal: controller.signal,
    });
    const heldAtS = await abortWhenHeld(clock, controller, lab);
    await expect(running).rejects.toBeInstanceOf(ExperimentAbortedError);
    expect(lab.clock.nowS()).toBe(heldAtS);
    expect(samples).toBe(2);
    expectSafe(lab);
  });

  // Real clock: the virtual lab at real speed, aborted in the middle of a 5 s settling poll.
  // The bound, 2 s of wall time, is generous for a loaded machine and still meaningful: a wait
  // that did not listen to the signal would take the rest of its 5 s sleep.
  it('within 2 s of wall time on the real-time clock (a settling poll sleeps 5 s)', async () => {
    const lab = createVirtualLab({ seed: 1, clock: 'realtime', speedFactor: 1 });
    const controller = new AbortController();
    const running = runExperiment(lab, recipe, { reference: null, signal: controller.signal }).catch((e: unknown) => e);
    while (lab.state().heater.mode !== 'auto') await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const abortedAt = performance.now();
    controller.abort();
    const error = await running;
    const tookMs = performance.now() - abortedAt;
    expect(error).toBeInstanceOf(ExperimentAbortedError);
    expect(tookMs).toBeLessThan(2000);
    expectSafe(lab);
    await lab.close();
  });
});
