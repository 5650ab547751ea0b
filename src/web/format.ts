// Text for numbers, statuses and campaign events (pure).
import { describeTestR2 } from '../domain/twin-quality.js';
import type { CampaignEventMessage } from './api-schemas.js';

/** Three significant digits with an SI suffix for large values: 301684 -> "302k". */
export function formatValue(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${(value / 1e9).toPrecision(3)}G`;
  if (abs >= 1e6) return `${(value / 1e6).toPrecision(3)}M`;
  if (abs >= 1e4) return `${(value / 1e3).toPrecision(3)}k`;
  if (abs === 0) return '0';
  if (abs < 1e-3) return value.toExponential(2);
  return String(Number(value.toPrecision(3)));
}

export function formatR2(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? 'n/a' : value.toFixed(3);
}

export function formatProgress(measured: number, failed: number, planned: number | null): string {
  const done = `${measured}${failed ? ` (+${failed} failed)` : ''}`;
  return planned === null ? done : `${done} / ${planned}`;
}

/** Caption of the newest spectra: which experiment (and iteration, if it has one) and its main features. */
export function describeSpectra(experimentId: number, iteration: number | undefined, features: { plIntensity?: number | null; abs300?: number | null } | null): string {
  const at = iteration === undefined ? '' : ` (iteration ${iteration})`;
  return `Experiment ${experimentId}${at}: PL intensity ${formatValue(features?.plIntensity)}, Abs300 ${formatValue(features?.abs300)}`;
}

/** Local clock time of an ISO timestamp, e.g. "23:41:07". */
export function formatClock(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleTimeString([], { hour12: false });
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Local date and time of an ISO timestamp (or epoch ms), e.g. "2026-01-01 23:41:07": an overnight log spans midnight. */
export function formatDateTime(time: string | number): string {
  const date = new Date(time);
  if (Number.isNaN(date.getTime())) return String(time);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** A span of time for people: "45 s", "12 min 5 s", "3 h 20 min", "2 d 4 h"; negative spans count as 0. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return s % 60 === 0 ? `${minutes} min` : `${minutes} min ${s % 60} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

const str = (value: unknown) => (typeof value === 'string' ? value : '');

/** One line per event for the event log. */
export function describeEvent(event: CampaignEventMessage): string {
  const p = event.payload;
  switch (event.type) {
    case 'created':
      return 'campaign created';
    case 'reference-measured':
      return 'reference spectrum measured (solvent baseline)';
    case 'proposed':
      return `proposal ${str(p.proposalId)} (${str(p.reason)})${typeof p.predictedMean === 'number' ? `, predicted ${formatValue(p.predictedMean)}` : ''}`;
    case 'started':
      return `experiment for ${str(p.proposalId)} started`;
    case 'measured':
      return `${str(p.proposalId)} measured: experiment ${String(p.experimentId)}, value ${formatValue(p.value as number)}`;
    case 'failed':
      return `${str(p.proposalId)} failed: ${str(p.error)}`;
    case 'interrupted':
      return `${str(p.proposalId)} interrupted (will be repeated)`;
    case 'model-fitted':
      return `twin fitted on ${String(p.observations)} experiments, test R² ${describeTestR2({ observations: p.observations as number, testR2: p.testR2 as number | null, testSize: p.testSize as number | null | undefined })}`;
    case 'paused':
      return `paused: ${str(p.reason)}`;
    case 'resumed':
      return 'resumed';
    case 'aborted':
      return `aborted: ${str(p.reason)}`;
    case 'completed':
      return `completed: ${str(p.reason)}`;
    case 'refilled':
      return 'syringes refilled';
    case 'study-result':
      return `study ${str(p.study)} finished`;
    default:
      return event.type;
  }
}

/** Events that change what the live view plots or the campaign status. */
export const SNAPSHOT_EVENTS: readonly string[] = [
  'proposed', 'started', 'measured', 'failed', 'interrupted', 'model-fitted', 'paused', 'resumed', 'aborted', 'completed', 'study-result', 'reference-measured',
];

export function eventChangesSnapshot(type: string): boolean {
  return SNAPSHOT_EVENTS.includes(type);
}
