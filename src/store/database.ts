// The embedded SQLite store. One file holds experiments, their raw spectra, campaigns and
// their event logs. WAL mode so a reader (dashboard) never blocks the writer (campaign).
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export type SqliteDatabase = Database.Database;

/** The database file when neither --db nor SDFL_DB names one. */
export const FALLBACK_DATABASE_PATH = 'sdfl.sqlite';

/** SDFL_DB, or sdfl.sqlite in the working directory. */
export function defaultDatabasePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.SDFL_DB !== undefined && env.SDFL_DB !== '' ? env.SDFL_DB : FALLBACK_DATABASE_PATH;
}

export const DEFAULT_DATABASE_PATH = defaultDatabasePath();

/**
 * How a command uses the database: 'create' may make a new file (commands that produce data),
 * 'write' changes an existing one, 'read' only reads (and works on a read-only file).
 */
export type DatabaseAccess = 'create' | 'write' | 'read';

/** The file is missing, of a newer version, or cannot be opened as asked. */
export class DatabaseOpenError extends Error {
  constructor(readonly path: string, message: string) {
    super(message);
    this.name = 'DatabaseOpenError';
  }
}

const MIGRATIONS: string[] = [
  `CREATE TABLE experiments (
    id INTEGER PRIMARY KEY,
    campaign_id TEXT,
    status TEXT NOT NULL CHECK (status IN ('measured', 'failed')),
    created_at TEXT NOT NULL,
    rig_kind TEXT NOT NULL,
    condition_json TEXT NOT NULL,
    recipe_json TEXT NOT NULL,
    features_json TEXT,
    rig_state_json TEXT,
    started_at_s REAL,
    flows_started_at_s REAL,
    measured_at_s REAL,
    reagent_used_json TEXT,
    error TEXT
  );
  CREATE INDEX experiments_campaign ON experiments (campaign_id, id);
  CREATE TABLE spectra (
    experiment_id INTEGER NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    wavelengths_nm BLOB NOT NULL,
    counts BLOB NOT NULL,
    integration_time_ms REAL NOT NULL,
    saturation_counts REAL NOT NULL,
    PRIMARY KEY (experiment_id, role)
  );`,
  `CREATE TABLE campaigns (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    spec_json TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE campaign_events (
    campaign_id TEXT NOT NULL REFERENCES campaigns (id),
    seq INTEGER NOT NULL,
    type TEXT NOT NULL,
    at TEXT NOT NULL,
    payload_json TEXT NOT NULL,
    PRIMARY KEY (campaign_id, seq)
  );
  CREATE TABLE campaign_controls (
    campaign_id TEXT PRIMARY KEY REFERENCES campaigns (id),
    request TEXT NOT NULL CHECK (request IN ('pause', 'abort')),
    at TEXT NOT NULL
  );`,
  `CREATE TABLE planners (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    state_json TEXT NOT NULL
  );`,
  // Who runs a campaign now: one holder at a time, kept alive by heartbeats, taken over once expired.
  `CREATE TABLE campaign_leases (
    campaign_id TEXT PRIMARY KEY REFERENCES campaigns (id),
    holder TEXT NOT NULL,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    acquired_at_ms INTEGER NOT NULL,
    heartbeat_at_ms INTEGER NOT NULL,
    expires_at_ms INTEGER NOT NULL
  );`,
  // A proposal has at most one outcome: a result delivered twice (a fleet job re-queued while its
  // first worker still finished) cannot be recorded twice, whoever writes it.
  `CREATE UNIQUE INDEX campaign_events_one_outcome ON campaign_events (campaign_id, json_extract(payload_json, '$.proposalId'))
    WHERE type IN ('measured', 'failed');`,
];

export function openDatabase(path: string = DEFAULT_DATABASE_PATH, access: DatabaseAccess = 'create'): SqliteDatabase {
  const inMemory = path === ':memory:';
  if (!inMemory && access !== 'create' && !existsSync(path)) {
    throw new DatabaseOpenError(path, `no database at ${path} (a command that only reads or changes campaigns does not create one; check --db or SDFL_DB)`);
  }
  if (!inMemory && access === 'create') mkdirSync(dirname(path), { recursive: true });
  let db: SqliteDatabase;
  try {
    db = new Database(path, { readonly: access === 'read' && !inMemory, fileMustExist: access !== 'create' && !inMemory });
    if (access === 'read' && !inMemory) db.pragma('user_version', { simple: true });
  } catch (error) {
    if (access === 'read' && isReadOnlyPlace(error)) db = readSnapshot(path);
    else throw new DatabaseOpenError(path, `cannot open the database ${path}: ${(error as Error).message}`);
  }
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length) throw new DatabaseOpenError(path, `the database ${path} was written by a newer sdfl (schema ${version}, this one knows ${MIGRATIONS.length})`);
    db.pragma('busy_timeout = 5000');
    if (access === 'read' && !inMemory) {
      // A read-only file (or directory) cannot switch journal modes or migrate; reads work as it is.
      db.pragma('query_only = ON');
      return db;
    }
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    if (error instanceof DatabaseOpenError) throw error;
    throw new DatabaseOpenError(path, `cannot use the database ${path}: ${(error as Error).message}`);
  }
}

function isReadOnlyPlace(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN';
}

/**
 * A WAL database in a directory this process cannot write to cannot be opened in place (SQLite
 * must create its shared-memory file beside it), so it is read into memory instead.
 */
export function readSnapshot(path: string): SqliteDatabase {
  const wal = `${path}-wal`;
  if (existsSync(wal) && statSync(wal).size > 0) {
    throw new DatabaseOpenError(path, `cannot read ${path}: its directory is read-only and ${wal} holds changes not yet written into it; open it once where it can be written`);
  }
  const bytes = readFileSync(path);
  // Header bytes 18-19 say 'WAL'; an in-memory copy has no WAL, so mark it as a rollback-journal file.
  if (bytes.length > 19 && bytes[18] === 2 && bytes[19] === 2) {
    bytes[18] = 1;
    bytes[19] = 1;
  }
  try {
    return new Database(bytes, { readonly: true });
  } catch (error) {
    throw new DatabaseOpenError(path, `cannot read the database ${path}: ${(error as Error).message}`);
  }
}

/** Whether opening `path` for 'create' would make a new file (for telling the user). */
export function databaseExists(path: string): boolean {
  return path === ':memory:' || existsSync(path);
}

function migrate(db: SqliteDatabase): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  for (let i = version; i < MIGRATIONS.length; i++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[i]);
      db.pragma(`user_version = ${i + 1}`);
    })();
  }
}
