// The guard every rig-holding command runs under, with a stand-in for `process`: signals and
// crashes are emitted by the test, and exit() is recorded instead of ending the test runner.
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CommandInterrupted, holdingRig, type GuardProcess, type RigGuard } from '../../src/cli/rig-guard.js';
import type { CliIo } from '../../src/cli/io.js';
import { WaitAbortedError } from '../../src/instruments/interfaces.js';
import { labConfigSchema } from '../../src/instruments/lab-config.js';
import { createVirtualLab, type VirtualLab } from '../../src/instruments/sim/create-virtual-lab.js';

class FakeProcess extends EventEmitter implements GuardProcess {
  readonly exits: number[] = [];
  exit(code: number): void {
    this.exits.push(code);
  }
}

function setup() {
  const proc = new FakeProcess();
  let err = '';
  const io: CliIo = { out: () => undefined, err: (text) => (err += text), isTty: false };
  const labs: VirtualLab[] = [];
  const open = async () => {
    const lab = createVirtualLab({ seed: 1 });
    labs.push(lab);
    return lab;
  };
  return { proc, io, labs, open, err: () => err };
}

const config = labConfigSchema.parse({ kind: 'virtual' });

/** Pumps and heater on, then a wait that ends only when the guard's signal fires (or, if `deaf`, never). */
async function holdBusyRig(guard: RigGuard, started: () => void, deaf = false): Promise<void> {
  const rig = await guard.openRig(config);
  try {
    await rig.heater().setMode('auto');
    await rig.pump('pfo').setRateUlPerMin(100);
    await rig.pump('pfo').setVolumeUl(1000);
    await rig.pump('pfo').start();
    await rig.light('pl-excitation').setOn(true);
    started();
    await new Promise<void>((_, reject) => {
      if (deaf) return;
      if (guard.signal.aborted) reject(new WaitAbortedError('job'));
      guard.signal.addEventListener('abort', () => reject(new WaitAbortedError('job')), { once: true });
    });
  } finally {
    await rig.close();
  }
}

function expectSafe(lab: VirtualLab): void {
  const state = lab.state();
  expect(state.pumps.pfo.state).toBe('stopped');
  expect(state.heater.mode).toBe('off');
  expect(state.lights).toEqual({ uvLed: false, broadbandLamp: false });
}

describe('holdingRig', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`on ${signal}: aborts the job, leaves the rig safe, prints the read-back and ends with ${code}`, async () => {
      const { proc, io, labs, open, err } = setup();
      let started: () => void = () => undefined;
      const running = new Promise<void>((resolve) => (started = resolve));
      const guarded = holdingRig(io, (guard) => holdBusyRig(guard, started), { proc, open }).catch((e: unknown) => e);
      await running;
      expect(labs[0].state().pumps.pfo.state).toBe('running');
      proc.emit(signal);
      const error = await guarded;
      expect(error).toBeInstanceOf(CommandInterrupted);
      expect((error as CommandInterrupted).exitCode).toBe(code);
      expect(proc.exits).toEqual([]);
      expectSafe(labs[0]);
      expect(err()).toMatch(new RegExp(`${signal}: stopping, putting the rig in the safe state`));
      expect(err()).toMatch(/virtual rig: 11 of 11 devices confirmed safe/);
      expect(err()).toMatch(/pump pfo \(PFO carrier pump\)\s+safe\s+stopped/);
      // The handlers are gone once the command has ended.
      for (const event of ['SIGINT', 'SIGTERM', 'uncaughtException', 'unhandledRejection']) expect(proc.listenerCount(event)).toBe(0);
    });
  }

  it('exits at once on a second signal', async () => {
    const { proc, io, open, err } = setup();
    let started: () => void = () => undefined;
    const running = new Promise<void>((resolve) => (started = resolve));
    // A job that does not listen: the first signal cannot end it.
    void holdingRig(io, (guard) => holdBusyRig(guard, started, true), { proc, open, graceMs: 60_000 });
    await running;
    proc.emit('SIGINT');
    proc.emit('SIGINT');
    expect(proc.exits).toEqual([130]);
    expect(err()).toMatch(/SIGINT again: exiting now; the rig may NOT be in the safe state/);
  });

  it('makes the rig safe itself when the job does not stop within the grace period', async () => {
    vi.useFakeTimers();
    const { proc, io, labs, open, err } = setup();
    let started: () => void = () => undefined;
    const running = new Promise<void>((resolve) => (started = resolve));
    void holdingRig(io, (guard) => holdBusyRig(guard, started, true), { proc, open, graceMs: 5000 });
    await running;
    proc.emit('SIGTERM');
    await vi.advanceTimersByTimeAsync(4999);
    expect(proc.exits).toEqual([]);
    expect(labs[0].state().pumps.pfo.state).toBe('running');
    await vi.advanceTimersByTimeAsync(1);
    await vi.waitFor(() => expect(proc.exits).toEqual([143]));
    expectSafe(labs[0]);
    expect(err()).toMatch(/the run did not stop within 5 s: making the rig safe now/);
    expect(err()).toMatch(/rig in the safe state/);
  });

  for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
    it(`on an ${event}: makes every open rig safe and exits with 1`, async () => {
      const { proc, io, labs, open, err } = setup();
      let started: () => void = () => undefined;
      const running = new Promise<void>((resolve) => (started = resolve));
      void holdingRig(io, (guard) => holdBusyRig(guard, started, true), { proc, open });
      await running;
      proc.emit(event, new Error('a bug elsewhere'));
      await vi.waitFor(() => expect(proc.exits).toEqual([1]));
      expectSafe(labs[0]);
      expect(err()).toMatch(/fatal: Error: a bug elsewhere/);
    });
  }

  it('makes safe, on close, a rig the job left running, and passes the job\'s own error on', async () => {
    const { proc, io, labs, open } = setup();
    const error = await holdingRig(io, async (guard) => {
      const rig = await guard.openRig(config);
      await rig.pump('cui').setRateUlPerMin(100);
      await rig.pump('cui').setVolumeUl(1000);
      await rig.pump('cui').start();
      throw new Error('the job failed');
    }, { proc, open }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('the job failed');
    expect(labs[0].state().pumps.cui.state).toBe('stopped');
    await expect(labs[0].pump('cui').status()).rejects.toThrow(/closed/);
  });
});
