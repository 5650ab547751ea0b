// One run of a task at a time. Calls while it runs ask for one more run after it, however
// many there were: each refetch reads the latest state, so more would fetch the same again.
export class SingleFlight {
  private current: Promise<void> | null = null;
  private again = false;

  constructor(private readonly task: () => Promise<void>, private readonly stopped: () => boolean = () => false) {}

  /** Settles when the task has run after this call (the current run, or the one it queued). */
  run(): Promise<void> {
    if (this.current) {
      this.again = true;
      return this.current;
    }
    this.current = (async () => {
      try {
        do {
          this.again = false;
          await this.task();
        } while (this.again && !this.stopped());
      } finally {
        this.current = null;
      }
    })();
    return this.current;
  }
}
