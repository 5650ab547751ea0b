// Runs an action at most once per interval: at once when the last run is old enough, else
// once at the end of the interval however many requests came meanwhile (so the last state
// is always drawn).
export class Throttle {
  private lastRunMs = Number.NEGATIVE_INFINITY;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly intervalMs: number, private readonly action: () => void) {}

  request(): void {
    clearTimeout(this.timer);
    const sinceMs = Date.now() - this.lastRunMs;
    if (sinceMs >= this.intervalMs) this.run();
    else this.timer = setTimeout(() => this.run(), this.intervalMs - sinceMs);
  }

  dispose(): void {
    clearTimeout(this.timer);
  }

  private run(): void {
    this.lastRunMs = Date.now();
    this.action();
  }
}
