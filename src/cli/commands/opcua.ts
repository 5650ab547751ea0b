// `sdfl opcua`: serve a rig (the virtual lab on the wall clock by default) as a LADS OPC UA
// server (docs/lab-standards.md). Loopback and anonymous by default; any other address needs
// --user with SDFL_OPCUA_PASSWORD and a secure channel.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { enterSafeState } from '../../automation/safe-state.js';
import { labConfigSchema } from '../../instruments/lab-config.js';
import { openRig } from '../../instruments/rig-factory.js';
import { checkOpcUaSettings, DEFAULT_OPCUA_PORT, OpcUaSettingsError, type OpcUaSecurity } from '../../lab-standards/opcua/opcua-settings.js';
import type { CliIo } from '../io.js';
import { labConfigFromFlags } from '../lab-flags.js';
import { seedFlag } from '../flags.js';
import { parseFlag, UsageError } from '../usage-error.js';

const portFlag = z.string().regex(/^\d+$/, 'expected a TCP port').transform(Number).pipe(z.number().int().min(0).max(65535));
const securityFlag = z.enum(['none', 'sign', 'sign-and-encrypt']);
const speedFlag = z.string().regex(/^\d+(\.\d+)?$/, 'expected a positive number').transform(Number).pipe(z.number().positive().max(10_000));

interface OpcUaFlags {
  host: string;
  port: string;
  user?: string;
  security?: string;
  pki: string;
  lab?: string;
  seed: string;
  speed: string;
}

export function registerOpcUa(program: Command, io: CliIo): void {
  program.command('opcua')
    .description('serve a rig as a LADS OPC UA server: its functional units, and a run program with Start/Stop/Abort (docs/lab-standards.md)')
    .option('--host <address>', 'address to listen on; anything but loopback needs --user and SDFL_OPCUA_PASSWORD', '127.0.0.1')
    .option('--port <port>', 'TCP port', String(DEFAULT_OPCUA_PORT))
    .option('--user <name>', 'the one user allowed in (password in SDFL_OPCUA_PASSWORD); anonymous when not given (loopback only)')
    .option('--security <mode>', 'none | sign | sign-and-encrypt (default: none on loopback, sign-and-encrypt elsewhere)')
    .option('--pki <dir>', 'certificates of the server and the trusted/rejected clients', join(homedir(), '.config', 'sdfl', 'opcua-pki'))
    .option('--lab <file>', 'lab configuration (default: the virtual lab on the wall clock)')
    .option('--seed <n>', 'seed of the virtual lab', '1')
    .option('--speed <factor>', 'virtual lab without --lab: how much faster than the wall clock it runs', '1')
    .action(async (flags: OpcUaFlags) => {
      const port = parseFlag('--port', portFlag, flags.port);
      const security = flags.security === undefined ? undefined : parseFlag('--security', securityFlag, flags.security) as OpcUaSecurity;
      const password = process.env.SDFL_OPCUA_PASSWORD;
      if (flags.user !== undefined && (password === undefined || password === '')) throw new UsageError('--user needs its password in SDFL_OPCUA_PASSWORD');
      const user = flags.user === undefined ? undefined : { name: flags.user, password: password as string };
      try {
        checkOpcUaSettings(flags.host, user, security);
      } catch (error) {
        if (error instanceof OpcUaSettingsError) throw new UsageError(error.message);
        throw error;
      }
      const lab = flags.lab === undefined
        ? labConfigSchema.parse({ kind: 'virtual', seed: parseFlag('--seed', seedFlag, flags.seed), clock: 'realtime', speedFactor: parseFlag('--speed', speedFlag, flags.speed) })
        : labConfigFromFlags(flags.lab, parseFlag('--seed', seedFlag, flags.seed));
      // The OPC UA stack is large: loaded by this command only.
      const { startRigOpcUaServer } = await import('../../lab-standards/opcua/rig-opcua-server.js');
      const rig = await openRig(lab);
      let server;
      try {
        server = await startRigOpcUaServer({ rig, host: flags.host, port, security, pkiDir: flags.pki, user, onLine: (line) => io.err(line) });
      } catch (error) {
        await rig.close();
        throw error;
      }
      io.out(`${server.endpointUrl}\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      io.err('stopping: a running experiment is aborted and the rig put in the safe state\n');
      await server.stop();
      await enterSafeState(rig);
      await rig.close();
    });
}
