// The embedded SQLite store. One file holds experiments, their raw spectra, campaigns and
// their event logs. WAL mode so a reader (dashboard) never blocks the writer (campaign).
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type SqliteDatabase = Database.Database;

export const DEFAULT_DATABASE_PATH = 'sdfl.sqlite';

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
];

export function openDatabase(path: string = DEFAULT_DATABASE_PATH): SqliteDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
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
