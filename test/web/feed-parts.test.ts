import { describe, expect, it } from 'vitest';
import { EventCursor } from '../../src/web/feed/event-cursor.js';
import { SingleFlight } from '../../src/web/feed/single-flight.js';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('single flight', () => {
  function gatedTask() {
    const gates: Array<() => void> = [];
    return { gates, task: () => new Promise<void>((resolve) => gates.push(resolve)) };
  }

  it('runs once more after the current run, however many calls came meanwhile', async () => {
    const { gates, task } = gatedTask();
    const flight = new SingleFlight(task);
    let settled = false;
    const first = flight.run();
    const third = (flight.run(), flight.run());
    void third.then(() => { settled = true; });
    expect(gates).toHaveLength(1);
    gates[0]();
    await settle();
    expect(gates).toHaveLength(2);
    expect(settled).toBe(false);
    gates[1]();
    await Promise.all([first, third]);
    expect(gates).toHaveLength(2);
    // Idle again: the next call starts a new run.
    void flight.run();
    expect(gates).toHaveLength(3);
  });

  it('does not run again once stopped', async () => {
    const { gates, task } = gatedTask();
    let stopped = false;
    const flight = new SingleFlight(task, () => stopped);
    const run = flight.run();
    void flight.run();
    stopped = true;
    gates[0]();
    await run;
    expect(gates).toHaveLength(1);
  });

  it('is idle again after a run that threw', async () => {
    let calls = 0;
    const flight = new SingleFlight(async () => {
      calls += 1;
      if (calls === 1) throw new Error('network down');
    });
    await expect(flight.run()).rejects.toThrow('network down');
    await flight.run();
    expect(calls).toBe(2);
  });
});

describe('event cursor', () => {
  it('lets each event through once, in log order, across and within batches', () => {
    const cursor = new EventCursor();
    expect(cursor.take([{ seq: 2 }, { seq: 1 }]).map((e) => e.seq)).toEqual([1, 2]);
    expect(cursor.take([{ seq: 2 }, { seq: 3 }, { seq: 3 }]).map((e) => e.seq)).toEqual([3]);
    expect(cursor.take([{ seq: 1 }])).toEqual([]);
    expect(cursor.lastSeq).toBe(3);
  });
});
