// Opens the importer database: <data dir>/importer.sqlite, WAL, busy_timeout, migrated.
import Database from 'better-sqlite3'
import type { Database as DatabaseConnection } from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { migrate } from './migrate.ts'

export const DATABASE_FILE = 'importer.sqlite'

export function databasePath(dataDir: string): string {
  return join(dataDir, DATABASE_FILE)
}

/** The writer: only the import worker opens this one. */
export function openWriter(dataDir: string): DatabaseConnection {
  mkdirSync(dataDir, { recursive: true })
  const db = new Database(databasePath(dataDir))
  // First, so that switching a new database to WAL waits for another process doing the same.
  db.pragma('busy_timeout = 10000')
  db.pragma('journal_mode = WAL')
  // NORMAL in WAL survives any process crash; only an OS crash can lose the last commits.
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  db.pragma('cache_size = -32768')
  migrate(db)
  return db
}

/** A read-only connection for hosts (the UI's queries); never blocks the writer in WAL mode. */
/** onStatement: called with each statement the connection runs (tests and benchmarks count them). */
export function openReader(dataDir: string, options: { onStatement?: (sql: string) => void } = {}): DatabaseConnection {
  const onStatement = options.onStatement
  const verbose = onStatement && ((sql?: unknown) => onStatement(String(sql)))
  const db = new Database(databasePath(dataDir), { readonly: true, fileMustExist: true, verbose })
  db.pragma('busy_timeout = 10000')
  return db
}
