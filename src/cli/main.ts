// The `sdfl` command line. Each command lives in commands/; this file wires them and
// turns errors into one line on stderr and an exit code (2 for usage errors).
import { Command, CommanderError } from 'commander';
import { processIo, type CliIo } from './io.js';
import { UsageError } from './usage-error.js';
import { SDFL_VERSION } from '../version.js';
import { CommandInterrupted } from './rig-guard.js';
import { loadPlugins } from '../plugins/load-plugins.js';
import { UnknownCampaignError } from '../campaigns/unknown-campaign.js';
import { registerExperiment } from './commands/experiment.js';
import { registerStudy } from './commands/study.js';
import { registerCampaign } from './commands/campaign.js';
import { registerRun } from './commands/run.js';
import { registerBench } from './commands/bench.js';
import { registerReport } from './commands/report.js';
import { registerInsights } from './commands/insights.js';
import { registerServe } from './commands/serve.js';
import { registerRig } from './commands/rig.js';
import { registerFleet } from './commands/fleet.js';
import { registerOpcUa } from './commands/opcua.js';

export function buildProgram(io: CliIo): Command {
  const program = new Command('sdfl')
    .description('Self-driving fluidic lab: autonomous in-flow synthesis of Cs3Cu2I5 nanocrystals')
    .version(SDFL_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showSuggestionAfterError(true)
    .option('--plugin <module>', 'ES module that adds policies or surrogates (repeatable; see docs/architecture.md)', (value: string, list: string[] = []) => [...list, value])
    .hook('preAction', async () => {
      const plugins = (program.opts().plugin as string[] | undefined) ?? [];
      try {
        await loadPlugins(plugins);
      } catch (error) {
        throw new UsageError(`--plugin: ${(error as Error).message}`);
      }
    });
  registerRun(program, io);
  registerExperiment(program, io);
  registerStudy(program, io);
  registerCampaign(program, io);
  registerBench(program, io);
  registerReport(program, io);
  registerInsights(program, io);
  registerServe(program, io);
  registerRig(program, io);
  registerFleet(program, io);
  registerOpcUa(program, io);
  const configure = (command: Command) => {
    command.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
    command.commands.forEach(configure);
  };
  program.commands.forEach(configure);
  return program;
}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed its one-line message (or the help text).
      return error.exitCode === 0 ? 0 : 2;
    }
    // The guard already made the rig safe and said so.
    if (error instanceof CommandInterrupted) return error.exitCode;
    if (error instanceof UsageError || error instanceof UnknownCampaignError) {
      io.err(`error: ${error.message}\n`);
      return 2;
    }
    io.err(`error: ${(error as Error).message}\n`);
    return 1;
  }
}
