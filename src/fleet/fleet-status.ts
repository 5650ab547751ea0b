// What the fleet looks like now: the rigs that announce themselves (with what they are doing)
// and the jobs in each queue, for `sdfl fleet status` and for people watching a lab.
import { Queue } from 'bullmq';
import { BENCH_QUEUE, DEFAULT_FLEET_PREFIX, EXPERIMENT_QUEUE, rigKeyPattern } from './fleet-keys.js';
import { parseAtEdge, rigAnnouncementSchema, type RigAnnouncement } from './job-schemas.js';
import { openRedis, type RedisSettings } from './redis-settings.js';

export interface FleetStatus {
  rigs: RigAnnouncement[];
  queues: Record<string, Record<string, number>>;
}

export async function readFleetStatus(redis: RedisSettings, prefix = DEFAULT_FLEET_PREFIX): Promise<FleetStatus> {
  const connection = openRedis(redis, 'sdfl-status');
  try {
    const rigs: RigAnnouncement[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await connection.scan(cursor, 'MATCH', rigKeyPattern(prefix), 'COUNT', 100);
      cursor = next;
      for (const key of keys) {
        const text = await connection.get(key);
        if (text === null) continue;
        try {
          rigs.push(parseAtEdge(rigAnnouncementSchema, JSON.parse(text), `rig announcement ${key}`));
        } catch {
          // Not one of ours.
        }
      }
    } while (cursor !== '0');
    rigs.sort((a, b) => a.rig.index - b.rig.index);
    const queues: FleetStatus['queues'] = {};
    for (const name of [EXPERIMENT_QUEUE, BENCH_QUEUE]) {
      const queue = new Queue(name, { connection, prefix });
      queues[name] = await queue.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized');
      await queue.close();
    }
    return { rigs, queues };
  } finally {
    connection.disconnect();
  }
}

export function formatFleetStatus(status: FleetStatus): string {
  const lines = status.rigs.length === 0
    ? ['no rigs announced']
    : status.rigs.map(({ rig, state, since }) => `${rig.id.padEnd(8)} ${state.padEnd(5)} since ${since}  ${rig.kind.padEnd(8)} ${rig.label}  (pid ${rig.pid} on ${rig.host})`);
  for (const [name, counts] of Object.entries(status.queues)) {
    lines.push(`queue ${name}: ${Object.entries(counts).map(([state, n]) => `${n} ${state}`).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}
