import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Throttle } from '../../src/web/throttle.js';

describe('throttle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs at once, then once at the end of the interval for all requests meanwhile', () => {
    let runs = 0;
    const throttle = new Throttle(1000, () => { runs += 1; });
    throttle.request();
    expect(runs).toBe(1);
    vi.advanceTimersByTime(300);
    throttle.request();
    vi.advanceTimersByTime(300);
    throttle.request();
    expect(runs).toBe(1);
    vi.advanceTimersByTime(399);
    expect(runs).toBe(1);
    vi.advanceTimersByTime(1);
    expect(runs).toBe(2);
    vi.advanceTimersByTime(5000);
    expect(runs).toBe(2);
    // Idle for longer than the interval: at once again.
    throttle.request();
    expect(runs).toBe(3);
  });

  it('drops a pending run on dispose', () => {
    let runs = 0;
    const throttle = new Throttle(1000, () => { runs += 1; });
    throttle.request();
    throttle.request();
    throttle.dispose();
    vi.advanceTimersByTime(2000);
    expect(runs).toBe(1);
  });
});
