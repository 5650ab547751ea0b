// Where a command writes; tests pass their own sinks.
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Progress bars only on a terminal. */
  isTty: boolean;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  isTty: Boolean(process.stderr.isTTY),
};
