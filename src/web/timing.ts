// Start, elapsed time and ETA of a campaign for the header and the list (pure, tested under
// Node). The ETA is the mean duration of the experiments that finished times those left,
// counted from the start of the one running now; without a finished experiment it is unknown.
import { formatDateTime, formatDuration } from './format.js';

export interface TimingInput {
  status: string;
  planned: number | null;
  measured: number;
  failed: number;
  timing?: {
    startedAt: string | null;
    endedAt: string | null;
    meanExperimentS: number | null;
    runningSince: string | null;
    timedExperiments?: number;
  } | null;
}

export interface CampaignClock {
  /** "2026-01-01 23:41:07", or "not started". */
  started: string;
  /** "3 h 20 min", "took 5 h 2 min" once ended, or "–". */
  elapsed: string;
  /** "2026-01-02 03:14 (in 5 h 12 min; 37 left at 6 min 40 s each)", "done", or why it is unknown. */
  eta: string;
  /** The expected end (epoch ms) when there is one. */
  etaMs: number | null;
}

export function campaignClock(summary: TimingInput, nowMs: number): CampaignClock {
  const timing = summary.timing;
  const startedMs = timing?.startedAt ? Date.parse(timing.startedAt) : Number.NaN;
  if (!timing || !Number.isFinite(startedMs)) return { started: 'not started', elapsed: '–', eta: summary.status === 'aborted' ? 'ended' : 'unknown until it starts', etaMs: null };
  const started = formatDateTime(startedMs);
  const endedMs = timing.endedAt ? Date.parse(timing.endedAt) : Number.NaN;
  if (Number.isFinite(endedMs)) {
    return { started, elapsed: `took ${formatDuration((endedMs - startedMs) / 1000)}`, eta: `${summary.status} ${formatDateTime(endedMs)}`, etaMs: null };
  }
  const elapsed = formatDuration((nowMs - startedMs) / 1000);
  if (summary.planned === null) return { started, elapsed, eta: 'unknown: a study reports no progress per experiment', etaMs: null };
  const left = Math.max(0, summary.planned - summary.measured - summary.failed);
  const mean = timing.meanExperimentS;
  if (left === 0) return { started, elapsed, eta: 'all experiments done; finishing', etaMs: null };
  if (mean === null || !(mean > 0)) return { started, elapsed, eta: `unknown until the first experiment finishes (${left} to run)`, etaMs: null };
  const perExperiment = `${left} left at ${formatDuration(mean)} each`;
  if (summary.status === 'paused') return { started, elapsed, eta: `paused: ${formatDuration(left * mean)} of experiments left once resumed (${perExperiment})`, etaMs: null };
  if (summary.status !== 'running') return { started, elapsed, eta: `not running (${perExperiment})`, etaMs: null };
  const runningMs = timing.runningSince ? Date.parse(timing.runningSince) : Number.NaN;
  // The one running now is due `mean` after it started (not before now); the others follow it.
  const etaMs = Number.isFinite(runningMs) ? Math.max(nowMs, runningMs + mean * 1000) + (left - 1) * mean * 1000 : nowMs + left * mean * 1000;
  return { started, elapsed, eta: `${formatDateTime(etaMs).slice(0, 16)} (in ${formatDuration((etaMs - nowMs) / 1000)}; ${perExperiment})`, etaMs };
}
