// The `sdfl` command line. Each command lives in commands/; this file wires them and
// turns errors into one line on stderr and an exit code (2 for usage errors).
import { Command, CommanderError } from 'commander';
import { processIo, type CliIo } from './io.js';
import { UsageError } from './usage-error.js';
import { registerExperiment } from './commands/experiment.js';
import { registerStudy } from './commands/study.js';

export function buildProgram(io: CliIo): Command {
  const program = new Command('sdfl')
    .description('Self-driving fluidic lab: autonomous in-flow synthesis of Cs3Cu2I5 nanocrystals')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showSuggestionAfterError(true);
  registerExperiment(program, io);
  registerStudy(program, io);
  for (const command of program.commands) command.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
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
    if (error instanceof UsageError) {
      io.err(`error: ${error.message}\n`);
      return 2;
    }
    io.err(`error: ${(error as Error).message}\n`);
    return 1;
  }
}
