// Commands that hold a rig, run as real processes and stopped the way people and service
// managers stop them: Ctrl-C (SIGINT), SIGTERM, a crash. The virtual lab runs on the wall clock
// (50x) and writes every device command to a log file, so the test sees from outside what the
// devices were told last. Waits are polls of that log with generous bounds, never timed asserts.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { listExperiments } from '../../src/store/experiments.js';
import { readEvents } from '../../src/store/campaigns.js';
import { expectLogEndsSafe, readCommandLog, spawnSdfl, waitForLine } from '../support/child-cli.js';

const TIMEOUT_MS = 120_000;

function workspace(lab: Record<string, unknown> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'sdfl-signals-'));
  const log = join(dir, 'commands.log');
  const labFile = join(dir, 'lab.yaml');
  writeFileSync(labFile, JSON.stringify({ kind: 'virtual', clock: 'realtime', speedFactor: 50, commandLog: log, ...lab }));
  return { dir, db: join(dir, 'lab.sqlite'), log, labFile };
}

/** The experiment's own flows have started (the blank's do not include the CuI pump). */
const PRECURSORS_FLOWING = /^\S+ cui start$/;
const HEATING = /^\S+ heater setMode auto$/;

describe('a command holding a rig, stopped by a signal', () => {
  it('SIGINT while precursors flow: every device told to stop and read back, exit 130, the run stored as aborted', { timeout: TIMEOUT_MS }, async () => {
    const { db, log, labFile } = workspace();
    const run = spawnSdfl(['experiment', '--lab', labFile, '--db', db]);
    await waitForLine(log, PRECURSORS_FLOWING, run);
    run.child.kill('SIGINT');
    const { code } = await run.exited;
    expect(code).toBe(130);
    expect(run.err()).toMatch(/SIGINT: stopping, putting the rig in the safe state/);
    expect(run.err()).toMatch(/virtual rig: 11 of 11 devices confirmed safe/);
    expect(run.err()).toMatch(/rig in the safe state\n$/);
    expectLogEndsSafe(readCommandLog(log));
    const store = openDatabase(db);
    const [experiment] = listExperiments(store);
    expect(experiment).toMatchObject({ status: 'failed', error: 'experiment aborted; rig left in safe state' });
    store.close();
  });

  it('SIGTERM while the reactor heats: exit 143 and the heater off', { timeout: TIMEOUT_MS }, async () => {
    const { db, log, labFile } = workspace();
    const run = spawnSdfl(['experiment', '--lab', labFile, '--db', db]);
    await waitForLine(log, HEATING, run);
    run.child.kill('SIGTERM');
    const { code } = await run.exited;
    expect(code).toBe(143);
    expect(run.err()).toMatch(/SIGTERM: stopping/);
    expectLogEndsSafe(readCommandLog(log));
  });

  it('SIGTERM during a campaign: the experiment is logged interrupted, the campaign paused, and it resumes', { timeout: TIMEOUT_MS }, async () => {
    const { dir, db, log, labFile } = workspace();
    const spec = join(dir, 'spec.yaml');
    writeFileSync(spec, JSON.stringify({ name: 'interrupted', kind: 'exploration', seed: 2, initialDesign: { sampler: 'lhs', count: 2 }, budget: 1, surrogate: { kind: 'gp' } }));
    const run = spawnSdfl(['campaign', 'start', spec, '--lab', labFile, '--db', db]);
    await waitForLine(log, PRECURSORS_FLOWING, run);
    run.child.kill('SIGTERM');
    const { code } = await run.exited;
    expect(code).toBe(143);
    expectLogEndsSafe(readCommandLog(log));
    const id = /campaign (\S+) created/.exec(run.err())![1];
    let store = openDatabase(db);
    const events = readEvents(store, id);
    // The last experiment started; the next condition planned meanwhile is logged; then the interruption.
    const tail = events.slice(events.map((e) => e.type).lastIndexOf('started'));
    expect(tail.map((e) => e.type)).toEqual(['started', 'proposed', 'interrupted', 'paused']);
    expect(tail[2].payload).toEqual(tail[0].payload);
    expect((tail[3].payload as { reason: string }).reason).toBe('interrupted by SIGTERM; the rig was put in the safe state; resume to go on');
    // Nothing was recorded for the experiment cut short.
    expect(events.some((e) => e.type === 'measured' || e.type === 'failed')).toBe(false);
    store.close();

    // Resumed on the simulated clock, it runs the interrupted experiment first and completes.
    const fast = join(dir, 'fast.yaml');
    writeFileSync(fast, JSON.stringify({ kind: 'virtual' }));
    const resumed = spawnSdfl(['campaign', 'resume', id, '--lab', fast, '--db', db, '--json']);
    expect((await resumed.exited).code).toBe(0);
    expect(JSON.parse(resumed.out())).toMatchObject({ status: 'completed', measured: 3 });
    store = openDatabase(db);
    const started = readEvents(store, id).filter((e) => e.type === 'started').map((e) => (e.payload as { proposalId: string }).proposalId);
    expect(started[1]).toBe(started[0]);
    store.close();
  });

  it('kill loop: stopped at different points by either signal, the rig always ends safe', { timeout: 4 * TIMEOUT_MS }, async () => {
    // The blank flushing, the reactor heating, precursors flowing, the measurement.
    const points: Array<[RegExp, 'SIGINT' | 'SIGTERM']> = [
      [/^\S+ pfo start$/, 'SIGTERM'],
      [HEATING, 'SIGINT'],
      [PRECURSORS_FLOWING, 'SIGTERM'],
      [/^\S+ uvLed setOn true$/, 'SIGINT'],
    ];
    for (const [point, signal] of points) {
      const { db, log, labFile } = workspace();
      const run = spawnSdfl(['experiment', '--lab', labFile, '--db', db]);
      await waitForLine(log, point, run);
      run.child.kill(signal);
      const { code } = await run.exited;
      // A run that ended by itself just before the signal exits 0; it must still have left the rig safe.
      expect([signal === 'SIGINT' ? 130 : 143, 0], `stopped at ${point}`).toContain(code);
      expectLogEndsSafe(readCommandLog(log));
    }
  });

  it('an uncaught exception while the rig runs: the rig made safe, exit 1', { timeout: TIMEOUT_MS }, async () => {
    const { dir, db, log, labFile } = workspace();
    const plugin = join(dir, 'crashing-plugin.mts');
    const toy = new URL('../support/toy-extensions.ts', import.meta.url).pathname;
    // A plugin with a bug: some time after it loads, it throws outside any promise chain.
    writeFileSync(plugin, `import { lcbPolicy } from ${JSON.stringify(toy)};
export const policies = [lcbPolicy];
const log = ${JSON.stringify(log)};
const { existsSync, readFileSync } = await import('node:fs');
const timer = setInterval(() => {
  if (existsSync(log) && /\\scui start\\n/.test(readFileSync(log, 'utf8'))) {
    clearInterval(timer);
    throw new Error('a bug in a plugin');
  }
}, 20);
`);
    const run = spawnSdfl(['--plugin', plugin, 'experiment', '--lab', labFile, '--db', db]);
    const { code } = await run.exited;
    expect(code).toBe(1);
    expect(run.err()).toMatch(/fatal: Error: a bug in a plugin/);
    expect(run.err()).toMatch(/rig in the safe state/);
    expectLogEndsSafe(readCommandLog(log));
  });
});
