// Turns campaign events into progress-bar updates and short log lines.
import type { CampaignEvent } from '../campaigns/events.js';
import type { CliIo } from './io.js';
import { createProgress } from './progress.js';

export function campaignEventReporter(io: CliIo, title: string, total: number | null, quiet = false) {
  const progress = createProgress(io, title, quiet);
  let finished = 0;
  const onEvent = (event: CampaignEvent) => {
    if (event.type === 'measured' || event.type === 'failed') {
      finished += 1;
      progress.update(finished, total ?? finished, event.type === 'measured' ? `last ${event.payload.value.toFixed(1)}` : 'last failed');
    }
    if (event.type === 'paused' || event.type === 'aborted') {
      progress.stop();
      if (!quiet) io.err(`${title}: ${event.type}: ${event.payload.reason}\n`);
    }
  };
  return {
    onEvent,
    /** Studies report their own steps. */
    onProgress: (done: number, all: number, label: string) => progress.update(done, all, label),
    start: (alreadyFinished: number) => { finished = alreadyFinished; },
    stop: () => progress.stop(),
  };
}
