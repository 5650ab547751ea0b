import { afterEach, describe, expect, it, vi } from 'vitest';
import { RealtimeClock } from '../../src/instruments/clock.js';
import { WaitAbortedError } from '../../src/instruments/interfaces.js';
import { createVirtualLab, SimulatedClock } from '../../src/instruments/sim/index.js';

describe('simulated clock', () => {
  it('advances by exactly what is slept, at once', async () => {
    const clock = new SimulatedClock();
    await clock.sleepS(3600);
    await clock.sleepS(0.25);
    expect(clock.nowS()).toBe(3600.25);
    await clock.sleepS(-5);
    expect(clock.nowS()).toBe(3600.25);
    await expect(clock.sleepS(Number.NaN)).rejects.toThrow(RangeError);
  });

  it('moves forward on a positive sleep below its resolution, so wait loops end', async () => {
    const clock = new SimulatedClock(1e6);
    const startS = clock.nowS();
    const waitS = 77.7;
    let sleeps = 0;
    while (clock.nowS() - startS < waitS && sleeps < 100) {
      await clock.sleepS(Math.min(10, waitS - (clock.nowS() - startS)));
      sleeps++;
    }
    expect(clock.nowS() - startS).toBeGreaterThanOrEqual(waitS);
    expect(sleeps).toBeLessThan(20);
    const before = clock.nowS();
    await clock.sleepS(1e-30);
    expect(clock.nowS()).toBeGreaterThan(before);
  });

  it('refuses a sleep whose signal has fired and leaves the time as it was', async () => {
    const clock = new SimulatedClock(10);
    const controller = new AbortController();
    await clock.sleepS(5, controller.signal);
    expect(clock.nowS()).toBe(15);
    controller.abort();
    await expect(clock.sleepS(60, controller.signal)).rejects.toBeInstanceOf(WaitAbortedError);
    expect(clock.nowS()).toBe(15);
  });

  it('drives the lab physics lazily: a simulated hour costs no steps until something is read', async () => {
    const lab = createVirtualLab({ seed: 1 });
    await lab.heater().setMode('auto');
    await lab.heater().setSetpointC(140);
    await lab.clock.sleepS(3600);
    expect(lab.state().timeS).toBe(3600);
    expect(lab.state().heater.temperatureC).toBeCloseTo(140, 1);
  });
});

describe('real-time clock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  // Fake timers: no wall time passes in these tests, so a sleep that waited for its timer
  // instead of its signal would never settle.
  it('ends a sleep as soon as its signal aborts, without waiting for the timer', async () => {
    vi.useFakeTimers();
    const clock = new RealtimeClock(1);
    const controller = new AbortController();
    let outcome: unknown = 'pending';
    clock.sleepS(3600, controller.signal).then(() => (outcome = 'slept'), (error: unknown) => (outcome = error));
    await vi.advanceTimersByTimeAsync(100);
    expect(outcome).toBe('pending');
    controller.abort();
    await Promise.resolve();
    expect(outcome).toBeInstanceOf(WaitAbortedError);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('refuses a sleep whose signal already fired, and sleeps out the time otherwise', async () => {
    vi.useFakeTimers();
    const clock = new RealtimeClock(10);
    const fired = AbortSignal.abort();
    await expect(clock.sleepS(1, fired)).rejects.toBeInstanceOf(WaitAbortedError);
    let done = false;
    void clock.sleepS(10, new AbortController().signal).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });

  it('scales wall time by the speed factor', async () => {
    let wallMs = 1000;
    const clock = new RealtimeClock(10, () => wallMs);
    expect(clock.nowS()).toBe(0);
    wallMs += 1500;
    expect(clock.nowS()).toBeCloseTo(15, 12);
    await clock.sleepS(0.01);
    expect(() => new RealtimeClock(0)).toThrow(RangeError);
  });

  it('runs the virtual lab on the wall clock when asked', async () => {
    const lab = createVirtualLab({ seed: 1, clock: 'realtime', speedFactor: 1000 });
    expect(lab.clock).toBeInstanceOf(RealtimeClock);
    const before = lab.clock.nowS();
    await lab.clock.sleepS(5);
    const after = lab.clock.nowS();
    expect(after).toBeGreaterThan(before);
    expect(lab.state().timeS).toBeGreaterThanOrEqual(after);
  });

  it('rejects bad options with a clear error', () => {
    expect(() => createVirtualLab({ seed: 1.5 })).toThrow(/seed/);
    expect(() => createVirtualLab({ seed: 1, speedFactor: -1 })).toThrow(/speedFactor/);
  });
});
