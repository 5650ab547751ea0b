// When a campaign started and ended, and how long its experiments take, from its event log
// (pure): what an operator watching an overnight run needs for elapsed time and an ETA.

export interface CampaignTiming {
  /** The campaign was recorded (the `created` event). */
  createdAt: string;
  /** Its first run began: the first event after `created` (null while it has not run). */
  startedAt: string | null;
  /** It completed or was aborted (null while it can still go on). */
  endedAt: string | null;
  /** Time of the newest event. */
  lastEventAt: string;
  /** Experiments that ran to the end (measured or failed) with a logged start. */
  timedExperiments: number;
  /** Mean time from `started` to `measured`/`failed` over those, in seconds (null without any). */
  meanExperimentS: number | null;
  /** Start of the experiment running now (a `started` not yet followed by its result), else null. */
  runningSince: string | null;
}

export function campaignTiming(events: readonly { at: string; type: string; payload: unknown }[]): CampaignTiming {
  const first = events[0];
  if (!first) throw new Error('a campaign log has at least its created event');
  const startedAt = events.find((e) => e.type !== 'created')?.at ?? null;
  let endedAt: string | null = null;
  const open = new Map<string, string>();
  let totalS = 0;
  let timed = 0;
  for (const event of events) {
    const proposalId = (event.payload as { proposalId?: unknown } | null)?.proposalId;
    switch (event.type) {
      case 'started':
        if (typeof proposalId === 'string') open.set(proposalId, event.at);
        break;
      case 'measured':
      case 'failed': {
        const since = typeof proposalId === 'string' ? open.get(proposalId) : undefined;
        if (since === undefined) break;
        open.delete(proposalId as string);
        const seconds = (Date.parse(event.at) - Date.parse(since)) / 1000;
        if (Number.isFinite(seconds) && seconds >= 0) {
          totalS += seconds;
          timed += 1;
        }
        break;
      }
      // A run that stopped mid-experiment: that start does not time anything.
      case 'interrupted':
        if (typeof proposalId === 'string') open.delete(proposalId);
        break;
      case 'paused':
      case 'aborted':
        open.clear();
        if (event.type === 'aborted') endedAt = event.at;
        break;
      case 'completed':
        endedAt = event.at;
        open.clear();
        break;
    }
  }
  const running = [...open.values()].at(-1) ?? null;
  return {
    createdAt: first.at,
    startedAt,
    endedAt,
    lastEventAt: events[events.length - 1].at,
    timedExperiments: timed,
    meanExperimentS: timed > 0 ? totalS / timed : null,
    runningSince: endedAt === null ? running : null,
  };
}
