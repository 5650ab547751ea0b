// `sdfl fleet coordinator` and `sdfl fleet worker`: one campaign on several rigs through a
// BullMQ queue on Redis (docs/fleet.md). Without --redis the coordinator runs the campaign on
// this machine's rig in this process, as `sdfl campaign start|resume` does.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { CampaignSpecError } from '../../campaigns/campaign-spec.js';
import { createCampaign, loadCampaignState, summarizeCampaign } from '../../campaigns/campaign-service.js';
import type { RigWorker } from '../../fleet/rig-worker.js';
import { redisSettingsFromFlag, RedisSettingsError, redactUrl, type RedisSettings } from '../../fleet/redis-settings.js';
import { clearControl } from '../../store/campaigns.js';
import { labConfigSchema, type LabConfig } from '../../instruments/lab-config.js';
import { openRig } from '../../instruments/rig-factory.js';
import { layoutOf } from '../../instruments/rig-layout.js';
import { checkOpcUaSettings, DEFAULT_OPCUA_PORT, OpcUaSettingsError } from '../../lab-standards/opcua/opcua-settings.js';
import { DEFAULT_DATABASE_PATH } from '../../store/database.js';
import { cliCampaignDeps } from '../campaign-deps.js';
import { campaignEventReporter } from '../campaign-progress.js';
import { withCliDatabase } from '../database.js';
import { formatSummary } from '../format-campaign.js';
import type { CliIo } from '../io.js';
import { readSpecFile } from '../spec-file.js';
import { labConfigFromFlags } from '../lab-flags.js';
import { runAndReport } from './campaign.js';
import { parseFlag, UsageError } from '../usage-error.js';

const opcuaPortFlag = z.string().regex(/^\d+$/, 'expected a TCP port').transform(Number).pipe(z.number().int().min(0).max(65535));

interface OpcUaFlags { port: number; host: string; user?: { name: string; password: string } }

function opcUaFromFlags(flags: WorkerFlags): OpcUaFlags {
  const port = flags.opcua === true || flags.opcua === undefined ? DEFAULT_OPCUA_PORT : parseFlag('--opcua', opcuaPortFlag, flags.opcua);
  const password = process.env.SDFL_OPCUA_PASSWORD;
  if (flags.opcuaUser !== undefined && (password === undefined || password === '')) throw new UsageError('--opcua-user needs its password in SDFL_OPCUA_PASSWORD');
  const user = flags.opcuaUser === undefined ? undefined : { name: flags.opcuaUser, password: password as string };
  try {
    checkOpcUaSettings(flags.opcuaHost, user, undefined);
  } catch (error) {
    if (error instanceof OpcUaSettingsError) throw new UsageError(`--opcua-host: ${error.message}`);
    throw error;
  }
  return { port, host: flags.opcuaHost, user };
}

/** The worker's rig, described read-only over OPC UA: its layout (from opening the rig once), the rig of the running campaign, busy or idle. */
async function serveWorkerOverOpcUa(worker: RigWorker, lab: LabConfig | undefined, opcua: OpcUaFlags & { pki?: string }, say: (line: string) => void): Promise<{ stop(): Promise<void> }> {
  const config = lab ?? labConfigSchema.parse({ kind: 'virtual' });
  const probe = await openRig(config);
  const layout = layoutOf(probe);
  await probe.close();
  const { startRigOpcUaServer } = await import('../../lab-standards/opcua/rig-opcua-server.js');
  return startRigOpcUaServer({
    rig: { kind: worker.kind, layout, current: () => worker.currentRig(), running: () => worker.busy() },
    host: opcua.host, port: opcua.port, user: opcua.user, pkiDir: opcua.pki ?? join(homedir(), '.config', 'sdfl', 'opcua-pki'), onLine: say,
  });
}

const rigIndexFlag = z.string().regex(/^\d+$/, 'expected a rig number 1, 2, ...').transform(Number).pipe(z.number().int().min(1, 'rig numbers start at 1').max(10_000));
const leaseFlag = z.string().regex(/^\d+$/, 'expected milliseconds').transform(Number).pipe(z.number().int().min(500, 'at least 500 ms').max(3_600_000));
const concurrencyFlag = z.string().regex(/^\d+$/, 'expected a positive integer').transform(Number).pipe(z.number().int().min(1).max(64));

/** --redis [URL]: the flag alone is the local default; a remote Redis needs a password. */
export function redisFromFlag(flag: string | true): RedisSettings {
  try {
    return redisSettingsFromFlag(flag);
  } catch (error) {
    if (error instanceof RedisSettingsError) throw new UsageError(`invalid value for --redis: ${error.message}`);
    throw error;
  }
}


interface CoordinatorFlags {
  redis?: string | true;
  resume?: string;
  db: string;
  lab?: string;
  json?: boolean;
}

interface WorkerFlags {
  redis?: string | true;
  opcua?: string | true;
  opcuaHost: string;
  opcuaUser?: string;
  pki: string;
  rig: string;
  label?: string;
  lab?: string;
  leaseMs: string;
  bench?: boolean;
  concurrency: string;
}

export function registerFleet(program: Command, io: CliIo): void {
  const fleet = program.command('fleet').description('one campaign on several rigs: a coordinator and rig workers sharing a job queue on Redis (docs/fleet.md)');

  fleet.command('coordinator').argument('[spec]', 'campaign spec file (YAML or JSON) to create and run; or --resume ID')
    .description('run a campaign on every rig worker of the queue: plan, hand out experiments, record results')
    .option('--redis [url]', 'Redis of the fleet (alone: redis://127.0.0.1:6379; password in SDFL_REDIS_PASSWORD); without it the campaign runs on this machine\'s rig')
    .option('--resume <id>', 'continue a campaign (after a pause, a crash or kill -9)')
    .option('--db <path>', 'SQLite file', DEFAULT_DATABASE_PATH)
    .option('--lab <file>', 'without --redis: lab configuration of this machine\'s rig')
    .option('--json', 'print the final status as JSON')
    .action(async (specPath: string | undefined, flags: CoordinatorFlags) => {
      if ((specPath === undefined) === (flags.resume === undefined)) throw new UsageError('give either a spec file or --resume ID');
      const redis = flags.redis === undefined ? undefined : redisFromFlag(flags.redis);
      if (redis && flags.lab) throw new UsageError('--lab is for a campaign on this machine\'s rig; with --redis each worker names its own rig (sdfl fleet worker --lab FILE)');
      const raw = specPath === undefined ? undefined : readSpecFile(specPath);
      await withCliDatabase(flags.db, raw === undefined ? 'write' : 'create', io, async (db) => {
        let id: string;
        if (raw !== undefined) {
          try {
            id = createCampaign(db, raw, new Date()).id;
          } catch (error) {
            if (error instanceof CampaignSpecError) throw new UsageError(`${specPath}: ${error.message}`);
            throw error;
          }
          if (!flags.json) io.err(`campaign ${id} created\n`);
        } else {
          id = flags.resume as string;
          const { state } = loadCampaignState(db, id);
          if (state.status === 'completed' || state.status === 'aborted') throw new Error(`campaign '${id}' has already ${state.status === 'completed' ? 'completed' : 'been aborted'}`);
          clearControl(db, id);
        }
        if (redis === undefined) {
          const summary = await runAndReport(db, id, io, Boolean(flags.json), flags.lab);
          io.out(flags.json ? `${JSON.stringify(summary)}\n` : formatSummary(summary));
          return;
        }
        const before = summarizeCampaign(db, id);
        const reporter = campaignEventReporter(io, `campaign ${id}`, before.planned, Boolean(flags.json));
        reporter.start(before.measured + before.failed);
        if (!flags.json) io.err(`coordinating campaign ${id} on the fleet at ${redactUrl(redis.url)}\n`);
        const { runFleetCampaign } = await import('../../fleet/coordinator.js');
        try {
          await runFleetCampaign(db, id, cliCampaignDeps(), { redis, onEvent: reporter.onEvent, onLine: flags.json ? undefined : (line) => io.err(line) });
        } finally {
          reporter.stop();
        }
        const summary = summarizeCampaign(db, id);
        io.out(flags.json ? `${JSON.stringify(summary)}\n` : formatSummary(summary));
      });
    });

  fleet.command('status')
    .description('the rigs the fleet has now (and what each does) and the jobs in its queues')
    .option('--redis [url]', 'Redis of the fleet (alone: redis://127.0.0.1:6379; password in SDFL_REDIS_PASSWORD)')
    .option('--json', 'JSON object')
    .action(async (flags: { redis?: string | true; json?: boolean }) => {
      if (flags.redis === undefined) throw new UsageError('the fleet lives in Redis: give --redis URL (or --redis alone for redis://127.0.0.1:6379)');
      const { readFleetStatus, formatFleetStatus } = await import('../../fleet/fleet-status.js');
      const status = await readFleetStatus(redisFromFlag(flags.redis));
      io.out(flags.json ? `${JSON.stringify(status)}\n` : formatFleetStatus(status));
    });

  fleet.command('worker')
    .description('serve one rig (virtual unless --lab) to the fleet: take experiment jobs, run them, hand back results; Ctrl-C finishes the running job first')
    .option('--redis [url]', 'Redis of the fleet (alone: redis://127.0.0.1:6379; password in SDFL_REDIS_PASSWORD)')
    .option('--rig <n>', 'this rig\'s number in the fleet (rig-N; seeds a virtual rig with the campaign seed)', '1')
    .option('--label <text>', 'name of the rig for people')
    .option('--lab <file>', 'lab configuration of this rig (default: the virtual lab)')
    .option('--lease-ms <ms>', 'a job whose worker is silent this long goes back to the queue', '30000')
    .option('--bench', 'take benchmark replicates (sdfl bench --redis) instead of experiments')
    .option('--opcua [port]', 'also describe this rig read-only as a LADS OPC UA server (alone: port 4840; docs/lab-standards.md)')
    .option('--opcua-host <address>', 'with --opcua: address to listen on; anything but loopback needs --opcua-user and SDFL_OPCUA_PASSWORD', '127.0.0.1')
    .option('--opcua-user <name>', 'with --opcua: the one user allowed in (password in SDFL_OPCUA_PASSWORD)')
    .option('--pki <dir>', 'with --opcua: certificates of the OPC UA server and its clients', join(homedir(), '.config', 'sdfl', 'opcua-pki'))
    .option('--concurrency <n>', 'with --bench: replicates run at once', '1')
    .action(async (flags: WorkerFlags) => {
      if (flags.redis === undefined) throw new UsageError('a worker takes its jobs from the fleet\'s queue: give --redis URL (or --redis alone for redis://127.0.0.1:6379)');
      const redis = redisFromFlag(flags.redis);
      const rigIndex = parseFlag('--rig', rigIndexFlag, flags.rig);
      const leaseMs = parseFlag('--lease-ms', leaseFlag, flags.leaseMs);
      const say = (line: string) => io.err(line);
      // The queue's client is loaded by the fleet commands only.
      const { startRigWorker, RigBusyError } = await import('../../fleet/rig-worker.js');
      const { startBenchWorker } = await import('../../fleet/bench-queue.js');
      let worker: Pick<RigWorker, 'close' | 'stopped'>;
      if (flags.bench) {
        if (flags.lab) throw new UsageError('--lab names a rig; benchmark replicates open their own objective sessions');
        worker = await startBenchWorker({ redis, concurrency: parseFlag('--concurrency', concurrencyFlag, flags.concurrency), leaseMs, onLine: say });
      } else {
        const lab = flags.lab === undefined ? undefined : labConfigFromFlags(flags.lab, 1);
        const opcua = flags.opcua === undefined ? undefined : { ...opcUaFromFlags(flags), pki: flags.pki };
        let rigWorker: RigWorker;
        try {
          rigWorker = await startRigWorker({ redis, rigIndex, label: flags.label, lab, leaseMs, onLine: say });
        } catch (error) {
          if (error instanceof RigBusyError) throw new UsageError(`invalid value for --rig: ${error.message}`);
          throw error;
        }
        worker = rigWorker;
        if (opcua !== undefined) {
          try {
            const server = await serveWorkerOverOpcUa(rigWorker, lab, opcua, say);
            worker = { stopped: rigWorker.stopped.finally(() => server.stop()), close: rigWorker.close };
          } catch (error) {
            await rigWorker.close();
            throw error;
          }
        }
      }
      const stop = () => {
        say('stopping: the running job finishes first (Ctrl-C again to quit at once; its job then goes back to the queue when its lease expires)\n');
        process.once('SIGINT', () => process.exit(130));
        void worker.close();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        const { reason } = await worker.stopped;
        if (reason !== undefined) throw new Error(reason);
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
    });
}
