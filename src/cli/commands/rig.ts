// `sdfl rig safe`: put a rig in the safe state by hand (after a crash, before working on it):
// every pump stopped, the heater off (or at an ambient set point), every light off, each read
// back. Exit 0 when every device is confirmed safe, 1 when any is not.
import type { Command } from 'commander';
import { enterSafeState } from '../../automation/safe-state.js';
import type { CliIo } from '../io.js';
import { formatSafeState } from '../format-safe-state.js';
import { labConfigFromFlags } from '../lab-flags.js';
import { holdingRig } from '../rig-guard.js';

export function registerRig(program: Command, io: CliIo): void {
  const rig = program.command('rig').description('the rig itself');
  rig.command('safe')
    .description('put the rig in the safe state by hand and read every device back (exit 1 if any is not confirmed safe)')
    .option('--lab <file>', 'lab configuration file; default: the virtual lab')
    .option('--json', 'print the report as JSON')
    .action(async (flags: { lab?: string; json?: boolean }) => {
      const labConfig = labConfigFromFlags(flags.lab, 1);
      const report = await holdingRig(io, async (guard) => {
        const opened = await guard.openRig(labConfig);
        try {
          return { kind: opened.kind, ...(await enterSafeState(opened)) };
        } finally {
          await opened.close();
        }
      });
      const safe = report.failures.length === 0;
      if (flags.json) io.out(`${JSON.stringify({ rig: report.kind, safe, devices: report.devices, failures: report.failures })}\n`);
      else io.out(formatSafeState(report.kind, report));
      if (!safe) throw new RigNotSafe(report.failures);
    });
}

/** Exit code 1, with the devices named (the report is already printed). */
class RigNotSafe extends Error {
  constructor(failures: string[]) {
    super(`not confirmed safe: ${failures.join('; ')}`);
    this.name = 'RigNotSafe';
  }
}
