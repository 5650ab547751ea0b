// Which commands may create a database, and reading one that cannot be written.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCampaign } from '../../src/campaigns/campaign-service.js';
import { defaultDatabasePath, openDatabase, readSnapshot } from '../../src/store/database.js';
import { runCli } from '../support/run-cli.js';

const directory = mkdtempSync(join(tmpdir(), 'sdfl-db-'));
afterAll(() => {
  chmodSync(directory, 0o755);
  rmSync(directory, { recursive: true, force: true });
});

describe('--db', () => {
  it('a command that only reads or steers refuses a database that is not there, and creates nothing', async () => {
    const typo = join(directory, 'tpyo', 'lab.sqlite');
    for (const args of [['campaign', 'list'], ['campaign', 'status', 'x'], ['campaign', 'abort', 'x'], ['campaign', 'resume', 'x'], ['campaign', 'export', 'x'], ['insights', 'x'], ['report', 'x']]) {
      const { code, err } = await runCli([...args, '--db', typo]);
      expect(code).toBe(2);
      expect(err).toMatch(new RegExp(`^error: invalid value for --db: no database at ${typo.replace(/[.]/g, '\\.')}`));
    }
    expect(existsSync(join(directory, 'tpyo'))).toBe(false);
  });

  it('a command that makes data creates the database and says so', async () => {
    const fresh = join(directory, 'new', 'lab.sqlite');
    const first = await runCli(['experiment', '--db', fresh, '--json']);
    expect(first.code).toBe(0);
    expect(first.err).toContain(`created a new database at ${fresh}`);
    const second = await runCli(['experiment', '--db', fresh, '--json']);
    expect(second.err).not.toContain('created a new database');
  });

  it('SDFL_DB names the default database', () => {
    expect(defaultDatabasePath({ SDFL_DB: '/data/lab.sqlite' })).toBe('/data/lab.sqlite');
    expect(defaultDatabasePath({ SDFL_DB: '' })).toBe('sdfl.sqlite');
    expect(defaultDatabasePath({})).toBe('sdfl.sqlite');
  });

  it('reads a WAL database as an in-memory snapshot, whatever the directory allows', () => {
    const file = join(directory, 'snapshot.sqlite');
    const db = openDatabase(file);
    const { id } = createCampaign(db, { name: 'kept', kind: 'exploration' }, new Date());
    db.close();
    const snapshot = readSnapshot(file);
    expect((snapshot.prepare('SELECT id FROM campaigns').all() as Array<{ id: string }>).map((row) => row.id)).toEqual([id]);
    expect(() => snapshot.prepare("UPDATE campaigns SET name = 'changed'").run()).toThrow(/readonly/);
    snapshot.close();
  });

  it('lists and exports campaigns of a database in a read-only directory, and refuses to change it', (context) => {
    const place = join(directory, 'readonly');
    mkdirSync(place);
    const file = join(place, 'lab.sqlite');
    const db = openDatabase(file);
    const { id } = createCampaign(db, { name: 'kept', kind: 'exploration' }, new Date());
    db.close();
    chmodSync(file, 0o444);
    chmodSync(place, 0o555);
    chmodSync(directory, 0o755);
    // As root, permissions do not apply: run the command as an unprivileged user then.
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    // When this node or the checkout lies where that user cannot reach (a root-only home), the
    // command cannot run as that user; the snapshot test above still covers the reading.
    if (spawnSync(process.execPath, ['bin/sdfl.js', '--version'], { encoding: 'utf8', ...asUser }).status !== 0) context.skip();
    const sdfl = (...args: string[]) => spawnSync(process.execPath, ['bin/sdfl.js', ...args, '--db', file], { encoding: 'utf8', env: { ...process.env, HOME: tmpdir() }, ...asUser });
    const list = sdfl('campaign', 'list', '--json');
    expect(list.stderr).toBe('');
    expect(list.status).toBe(0);
    expect(JSON.parse(list.stdout).map((c: { id: string }) => c.id)).toEqual([id]);
    expect(sdfl('campaign', 'export', id, '--format', 'json').status).toBe(0);
    const abort = sdfl('campaign', 'abort', id);
    expect(abort.status).toBe(2);
    expect(abort.stderr).toMatch(/invalid value for --db: .*readonly/);
  }, 60_000);
});
