// The `sdfl` command as a child process (bin/sdfl.js), for what only a real process shows:
// signals, exit codes, crashes. A virtual lab's command log (a lab file's `commandLog`) lets
// the test see, from outside, which commands reached the devices and in what order.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { expect } from 'vitest';

const BIN = new URL('../../bin/sdfl.js', import.meta.url).pathname;

export interface ChildRun {
  child: ChildProcess;
  /** Output so far. */
  out(): string;
  err(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnSdfl(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): ChildRun {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return { child, out: () => out, err: () => err, exited };
}

/** Resolves once the file has a line matching `pattern` (polling; a generous bound, not a timing assertion). */
export async function waitForLine(file: string, pattern: RegExp, run: ChildRun, timeoutMs = 60_000): Promise<void> {
  const startedAt = Date.now();
  for (;;) {
    if (existsSync(file) && readFileSync(file, 'utf8').split('\n').some((line) => pattern.test(line))) return;
    if (run.child.exitCode !== null) throw new Error(`sdfl exited (${run.child.exitCode}) before ${file} had a line matching ${pattern}:\n${run.err()}`);
    if (Date.now() - startedAt > timeoutMs) throw new Error(`no line matching ${pattern} in ${file} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export interface LoggedCommand {
  timeS: number;
  device: string;
  command: string;
  refused: boolean;
}

export function readCommandLog(file: string): LoggedCommand[] {
  return readFileSync(file, 'utf8').split('\n').filter((line) => line.length > 0).map((line) => {
    const [time, device, ...rest] = line.split(' ');
    const text = rest.join(' ');
    return { timeS: Number(time), device, command: text.replace(/ -> .*$/, ''), refused: text.includes(' -> ') };
  });
}

const PUMPS = ['cui', 'csOleate', 'oaOdeCs', 'oaOdeCui', 'oamOde', 'odeCui', 'odeCs', 'pfo'];
const LIGHTS = ['uvLed', 'broadbandLamp'];

/**
 * What the devices of the paper's virtual rig were last told, from the command log: every pump
 * stopped after its last start and its status read after that stop, the heater's last mode
 * 'off' and read back, every light's last switch 'off' and read back.
 */
export function expectLogEndsSafe(commands: readonly LoggedCommand[]): void {
  const last = (device: string, match: (command: string) => boolean) => {
    for (let i = commands.length - 1; i >= 0; i--) if (commands[i].device === device && !commands[i].refused && match(commands[i].command)) return i;
    return -1;
  };
  for (const pump of PUMPS) {
    const stop = last(pump, (c) => c === 'stop');
    expect(stop, `pump ${pump} stopped`).toBeGreaterThan(last(pump, (c) => c === 'start'));
    expect(last(pump, (c) => c === 'status'), `pump ${pump} read back after its stop`).toBeGreaterThan(stop);
  }
  const mode = last('heater', (c) => c.startsWith('setMode'));
  expect(commands[mode]?.command, 'heater').toBe('setMode off');
  expect(last('heater', (c) => c === 'readMode'), 'heater mode read back').toBeGreaterThan(mode);
  for (const light of LIGHTS) {
    const switched = last(light, (c) => c.startsWith('setOn'));
    if (switched < 0) continue;
    expect(commands[switched].command, light).toBe('setOn false');
    expect(last(light, (c) => c === 'isOn'), `${light} read back`).toBeGreaterThan(switched);
  }
}
