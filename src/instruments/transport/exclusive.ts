// One exchange at a time on a shared link: a request and its reply must not interleave with
// another's, e.g. the two channels of a dual-channel pump on one serial port.
export class Exclusive {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
