// A progress bar on a terminal; one line per tenth elsewhere, so logs stay short.
import { SingleBar, Presets } from 'cli-progress';
import type { CliIo } from './io.js';

export interface Progress {
  update(done: number, total: number, label: string): void;
  stop(): void;
}

export function createProgress(io: CliIo, title: string, quiet = false): Progress {
  if (quiet) return { update: () => {}, stop: () => {} };
  if (io.isTty) {
    const bar = new SingleBar({ format: `${title} [{bar}] {value}/{total} {label}`, hideCursor: true, stream: process.stderr }, Presets.shades_classic);
    let started = false;
    return {
      update(done, total, label) {
        if (!started) {
          bar.start(total, 0, { label });
          started = true;
        }
        bar.setTotal(total);
        bar.update(done, { label });
      },
      stop: () => bar.stop(),
    };
  }
  let lastTenth = -1;
  return {
    update(done, total, label) {
      const tenth = Math.floor((10 * done) / Math.max(total, 1));
      if (tenth !== lastTenth) {
        lastTenth = tenth;
        io.err(`${title}: ${done}/${total} ${label}\n`);
      }
    },
    stop: () => {},
  };
}
