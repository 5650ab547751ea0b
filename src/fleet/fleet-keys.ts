// Names in Redis: the BullMQ queues, job ids and the fleet's own keys, all under one prefix so
// that several labs (or test runs) can share a Redis without meeting.
import { replicateSeed } from '../benchmark/seeds.js';

export const DEFAULT_FLEET_PREFIX = 'sdfl';
/** Experiments of every campaign, taken by the rig workers. */
export const EXPERIMENT_QUEUE = 'experiments';
/** Benchmark replicates (policy x replicate), taken by workers started with --bench. */
export const BENCH_QUEUE = 'bench';

/** One job per proposal: adding it again is a no-op while it exists, so re-dispatching is safe. */
export function experimentJobId(campaignId: string, proposalId: string): string {
  return `${campaignId}.${proposalId}`;
}

export function rigKey(prefix: string, rigId: string): string {
  return `${prefix}:fleet:rig:${rigId}`;
}

export function rigKeyPattern(prefix: string): string {
  return `${prefix}:fleet:rig:*`;
}

/** Set while a campaign is being aborted: workers running its jobs stop them, rig safe. */
export function abortKey(prefix: string, campaignId: string): string {
  return `${prefix}:fleet:abort:${campaignId}`;
}

/**
 * The seed of a virtual rig in a campaign: mixed from the campaign's seed and the rig's number
 * (the same murmur3 finaliser as benchmark replicates), so each rig of a fleet has its own noise
 * and the same rig number in the same campaign always gets the same lab.
 */
export function fleetRigSeed(campaignSeed: number, rigIndex: number): number {
  return replicateSeed(campaignSeed, rigIndex);
}
