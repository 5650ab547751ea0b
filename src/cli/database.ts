// Opening the database for a command: a missing or unusable file is a bad --db (exit 2), and a
// command that creates a new file says so, so a mistyped path does not pass unnoticed.
import { databaseExists, DatabaseOpenError, openDatabase, type DatabaseAccess, type SqliteDatabase } from '../store/database.js';
import type { CliIo } from './io.js';
import { UsageError } from './usage-error.js';

export function openCliDatabase(path: string, access: DatabaseAccess, io: CliIo): SqliteDatabase {
  const isNew = access === 'create' && !databaseExists(path);
  let db: SqliteDatabase;
  try {
    db = openDatabase(path, access);
  } catch (error) {
    if (error instanceof DatabaseOpenError) throw new UsageError(`invalid value for --db: ${error.message}`);
    throw error;
  }
  if (isNew) io.err(`created a new database at ${path}\n`);
  return db;
}

export async function withCliDatabase<T>(path: string, access: DatabaseAccess, io: CliIo, job: (db: SqliteDatabase) => Promise<T> | T): Promise<T> {
  const db = openCliDatabase(path, access, io);
  try {
    return await job(db);
  } finally {
    db.close();
  }
}
