// Every command that holds a rig (experiment, study, campaign start/resume, run, rig safe) runs
// its work through holdingRig. Rigs it opens are tracked, and closing one always puts it in
// the safe state first, read back. Then:
//
// - SIGINT or SIGTERM aborts what runs (every wait ends at once), the job's own error handling
//   and the tracked closes put the rig in the safe state, the report is printed and the
//   command ends with CommandInterrupted: exit code 130 (SIGINT) or 143 (SIGTERM). If the job has not ended after a grace
//   period, the guard makes the open rigs safe itself and exits.
// - A second signal exits at once, saying the rig may not be safe.
// - An uncaught exception or unhandled rejection aborts the job, makes every open rig safe,
//   prints the report and exits with 1.
//
// `serve` handles its signals itself (it aborts the campaigns it runs, then closes).
import type { RigGeometry } from '../chemistry/rig-geometry.js';
import { enterSafeState, type SafeStateReport } from '../automation/safe-state.js';
import type { Rig } from '../instruments/interfaces.js';
import type { LabConfig } from '../instruments/lab-config.js';
import { openRig as openConfiguredRig } from '../instruments/rig-factory.js';
import { formatSafeState } from './format-safe-state.js';
import type { CliIo } from './io.js';

export interface RigGuard {
  /** Aborted on SIGINT or SIGTERM (its reason is the signal's name). */
  signal: AbortSignal;
  /** Opens a rig the guard keeps track of; its close() makes it safe first. */
  openRig(config: LabConfig, geometry?: RigGeometry): Promise<Rig>;
}

type Interrupt = 'SIGINT' | 'SIGTERM';
export const INTERRUPT_EXIT_CODES: Record<Interrupt, number> = { SIGINT: 130, SIGTERM: 143 };

/** The part of `process` the guard uses; tests pass their own. */
export interface GuardProcess {
  on(event: Interrupt | 'uncaughtException' | 'unhandledRejection', listener: (...args: unknown[]) => void): unknown;
  off(event: Interrupt | 'uncaughtException' | 'unhandledRejection', listener: (...args: unknown[]) => void): unknown;
  exit(code: number): void;
}

export interface GuardOptions {
  proc?: GuardProcess;
  /** How long after a signal the job may take to end before the guard makes the rig safe itself. */
  graceMs?: number;
  /** Opens rigs (tests); the lab configuration's rig by default. */
  open?: (config: LabConfig, geometry?: RigGeometry) => Promise<Rig>;
}

/** The command ended because of a signal, after the rig was made safe; main() exits with `exitCode`. */
export class CommandInterrupted extends Error {
  constructor(readonly interrupt: Interrupt, readonly exitCode: number) {
    super(`interrupted by ${interrupt}`);
    this.name = 'CommandInterrupted';
  }
}

interface Held {
  rig: Rig;
  /** The safe state taken when it was closed (or by the guard). */
  report?: SafeStateReport;
  closing?: Promise<void>;
}

export const DEFAULT_GRACE_MS = 30_000;

export async function holdingRig<T>(io: CliIo, job: (guard: RigGuard) => Promise<T>, options: GuardOptions = {}): Promise<T> {
  const proc = options.proc ?? process;
  const open = options.open ?? openConfiguredRig;
  const controller = new AbortController();
  const held: Held[] = [];
  let interrupted: Interrupt | undefined;
  let graceTimer: NodeJS.Timeout | undefined;

  const closeHeld = (entry: Held): Promise<void> => {
    entry.closing ??= (async () => {
      entry.report = await enterSafeState(entry.rig);
      await entry.rig.close();
    })();
    return entry.closing;
  };
  /** Every rig still open, made safe and closed; never throws (a close error is only printed). */
  const secureAll = async () => {
    for (const entry of held) {
      try {
        await closeHeld(entry);
      } catch (error) {
        io.err(`closing the ${entry.rig.kind} rig: ${(error as Error).message}\n`);
      }
    }
  };
  const printReports = () => {
    for (const entry of held) if (entry.report) io.err(formatSafeState(entry.rig.kind, entry.report));
    if (held.length === 0) io.err('no rig was open\n');
  };

  const onSignal = (name: Interrupt) => {
    if (interrupted) {
      io.err(`${name} again: exiting now; the rig may NOT be in the safe state\n`);
      proc.exit(INTERRUPT_EXIT_CODES[name]);
      return;
    }
    interrupted = name;
    io.err(`\n${name}: stopping, putting the rig in the safe state (${name} again to exit at once)\n`);
    controller.abort(name);
    graceTimer = setTimeout(() => {
      io.err(`the run did not stop within ${Math.round((options.graceMs ?? DEFAULT_GRACE_MS) / 1000)} s: making the rig safe now\n`);
      void secureAll().then(() => {
        printReports();
        proc.exit(INTERRUPT_EXIT_CODES[name]);
      });
    }, options.graceMs ?? DEFAULT_GRACE_MS);
  };
  const onSigint = () => onSignal('SIGINT');
  const onSigterm = () => onSignal('SIGTERM');
  const onFatal = (error: unknown) => {
    io.err(`fatal: ${error instanceof Error ? error.stack ?? error.message : String(error)}\nputting the rig in the safe state\n`);
    controller.abort('fatal error');
    void secureAll().then(() => {
      printReports();
      proc.exit(1);
    });
  };
  proc.on('SIGINT', onSigint);
  proc.on('SIGTERM', onSigterm);
  proc.on('uncaughtException', onFatal);
  proc.on('unhandledRejection', onFatal);

  const guard: RigGuard = {
    signal: controller.signal,
    async openRig(config, geometry) {
      const rig = await open(config, geometry);
      const entry: Held = { rig };
      held.push(entry);
      // Everything as the rig has it, except close, which makes the rig safe first.
      return new Proxy(rig, {
        get: (target, key, receiver) => (key === 'close' ? () => closeHeld(entry) : Reflect.get(target, key, receiver)),
      });
    },
  };

  let outcome: { value: T } | { error: unknown };
  try {
    outcome = { value: await job(guard) };
  } catch (error) {
    outcome = { error };
  }
  await secureAll();
  clearTimeout(graceTimer);
  proc.off('SIGINT', onSigint);
  proc.off('SIGTERM', onSigterm);
  proc.off('uncaughtException', onFatal);
  proc.off('unhandledRejection', onFatal);
  if (interrupted) {
    printReports();
    // main() returns the code; bin/sdfl.js exits with it without waiting for anything left running.
    throw new CommandInterrupted(interrupted, INTERRUPT_EXIT_CODES[interrupted]);
  }
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
}
