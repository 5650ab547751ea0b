// Planner snapshots (planner.toJSON()) in the campaign database, one row per planner, so the
// planners served over HTTP outlive the server process.
import type { SqliteDatabase } from '../store/database.js';

export interface PlannerRecord {
  id: string;
  createdAt: string;
  updatedAt: string;
  state: unknown;
}

interface PlannerRow { id: string; created_at: string; updated_at: string; state_json: string }

const fromRow = (row: PlannerRow): PlannerRecord => ({ id: row.id, createdAt: row.created_at, updatedAt: row.updated_at, state: JSON.parse(row.state_json) });

export function insertPlanner(db: SqliteDatabase, id: string, state: unknown, at: Date): void {
  db.prepare('INSERT INTO planners (id, created_at, updated_at, state_json) VALUES (?, ?, ?, ?)').run(id, at.toISOString(), at.toISOString(), JSON.stringify(state));
}

export function updatePlanner(db: SqliteDatabase, id: string, state: unknown, at: Date): void {
  const info = db.prepare('UPDATE planners SET state_json = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(state), at.toISOString(), id);
  if (info.changes !== 1) throw new Error(`no planner '${id}' in this database`);
}

export function getPlannerRecord(db: SqliteDatabase, id: string): PlannerRecord | undefined {
  const row = db.prepare('SELECT * FROM planners WHERE id = ?').get(id) as PlannerRow | undefined;
  return row ? fromRow(row) : undefined;
}

export function listPlannerRecords(db: SqliteDatabase): PlannerRecord[] {
  return (db.prepare('SELECT * FROM planners ORDER BY created_at, id').all() as PlannerRow[]).map(fromRow);
}
