// Opens the importer database: <data dir>/importer.sqlite, WAL, busy_timeout, migrated.
import Database from 'better-sqlite3'
import type { Database as DatabaseConnection } from 'better-sqlite3'
import { accessSync, constants, mkdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { migrate } from './migrate.ts'

export const DATABASE_FILE = 'importer.sqlite'
/** Page size of a new database, bytes. */
export const PAGE_SIZE = 16_384

export function databasePath(dataDir: string): string {
  return join(dataDir, DATABASE_FILE)
}

/** The writer: only the import worker opens this one. */
export function openWriter(dataDir: string): DatabaseConnection {
  mkdirSync(dataDir, { recursive: true })
  const db = new Database(databasePath(dataDir))
  // First, so that switching a new database to WAL waits for another process doing the same.
  db.pragma('busy_timeout = 10000')
  // Takes effect only when the file is new (docs/performance.md: 16 KiB pages made a 1M-row
  // import 0.67-0.73 times as long as 4 KiB pages); an existing database keeps its page size.
  db.pragma(`page_size = ${PAGE_SIZE}`)
  switchToWal(db)
  // NORMAL in WAL survives any process crash; only an OS crash can lose the last commits.
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  db.pragma('cache_size = -32768')
  migrate(db)
  return db
}

/**
 * Two processes switching one new database to WAL at once: the loser can get SQLITE_BUSY without
 * SQLite calling the busy handler (waiting could deadlock), so the switch is retried a while.
 */
function switchToWal(db: DatabaseConnection): void {
  const deadline = Date.now() + 10_000
  for (;;) {
    try {
      db.pragma('journal_mode = WAL')
      return
    } catch (error: unknown) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10)
    }
  }
}

/**
 * A read-only connection for hosts (the UI's queries); never blocks the writer in WAL mode.
 * On read-only media SQLite cannot create the -shm a WAL database needs; when the database was
 * closed cleanly (no WAL content) it is read as immutable instead: nothing can change it there.
 * onStatement: called with each statement the connection runs (tests and benchmarks count them).
 */
export function openReader(dataDir: string, options: { onStatement?: (sql: string) => void } = {}): DatabaseConnection {
  const file = databasePath(dataDir)
  const onStatement = options.onStatement
  const verbose = onStatement && ((sql?: unknown) => onStatement(String(sql)))
  let db: DatabaseConnection | null = null
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, verbose })
    db.pragma('busy_timeout = 10000')
    // WAL mode opens (or creates) the -shm at the first read: fail here, not in a later query.
    db.pragma('schema_version')
    return db
  } catch (error) {
    db?.close()
    if (!isCantOpen(error) || isWritable(dataDir)) throw error
    if (walHasContent(file)) {
      throw new Error(`${file} is on storage that cannot be written, and its last changes are in its -wal file without the -shm SQLite needs to read them. Copy the folder somewhere writable and use the copy (--data-dir).`, { cause: error })
    }
    return openImmutable(file)
  }
}

function isCantOpen(error: unknown): boolean {
  return error instanceof Database.SqliteError && error.code.startsWith('SQLITE_CANTOPEN')
}

function isWritable(dataDir: string): boolean {
  try {
    accessSync(dataDir, constants.W_OK)
    return true
  } catch {
    return false
  }
}

function walHasContent(file: string): boolean {
  try {
    return statSync(`${file}-wal`).size > 0
  } catch {
    return false
  }
}

/** better-sqlite3 reads URI filenames only when SQLITE_USE_URI=1 was set before it loaded (see cli.ts). */
function openImmutable(file: string): DatabaseConnection {
  const uri = `${pathToFileURL(file).href}?immutable=1`
  const db = new Database(uri, { readonly: true })
  db.pragma('schema_version')
  return db
}
