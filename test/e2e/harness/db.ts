// Runs in the test process: what the database says, read through a read-only connection of its own,
// and an uninterrupted reference run of a file to compare an interrupted one with.
import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { databasePath } from '../../../main/db/open.ts'
import { forkWorker } from '../../../main/service/child-process-port.ts'
import { ImportService } from '../../../main/service/import-service.ts'

export interface ImportRecord {
  id: number
  fileName: string
  status: string
  totalRows: number | null
  processedCount: number
  createdCount: number
  updatedCount: number
  errorCount: number
  /** Data records read and checked (the stage step's position). */
  rowsRead: number
  failureReason: string | null
}

export interface ErrorRecord {
  rowNumber: number
  lineNumber: number
  code: string
  email: string
  message: string
}

/** Everything an import decided, in a form two runs can be compared by. */
export interface Outcome {
  import: Omit<ImportRecord, 'id' | 'fileName' | 'rowsRead'>
  contacts: { count: number; sha256: string }
  errors: { count: number; sha256: string }
}

function withReader<T>(dataDir: string, read: (db: Database.Database) => T): T {
  const db = new Database(databasePath(dataDir), { readonly: true, fileMustExist: true })
  try {
    db.pragma('busy_timeout = 10000')
    return read(db)
  } finally {
    db.close()
  }
}

export function hasDatabase(dataDir: string): boolean {
  return existsSync(databasePath(dataDir))
}

export function importRecords(dataDir: string): ImportRecord[] {
  return withReader(dataDir, (db) =>
    db
      .prepare(
        `SELECT id, file_name AS fileName, status, total_rows AS totalRows, processed_count AS processedCount,
           created_count AS createdCount, updated_count AS updatedCount, error_count AS errorCount,
           rows_read AS rowsRead, failure_reason AS failureReason
         FROM imports ORDER BY id`,
      )
      .all() as ImportRecord[],
  )
}

export function onlyImport(dataDir: string): ImportRecord {
  const records = importRecords(dataDir)
  if (records.length !== 1) throw new Error(`expected one import in the database, found ${records.length}`)
  return records[0]
}

/** How the import reads its file, as saved before its first row was staged. */
export function readingOf(dataDir: string, importId: number): { mapping: Record<string, string>; encoding: string; headerLine: number } {
  return withReader(dataDir, (db) => {
    const row = db.prepare('SELECT mapping, encoding, header_line AS headerLine FROM imports WHERE id = ?').get(importId) as
      | { mapping: string; encoding: string; headerLine: number }
      | undefined
    if (!row) throw new Error(`no import ${importId}`)
    return { mapping: JSON.parse(row.mapping) as Record<string, string>, encoding: row.encoding, headerLine: row.headerLine }
  })
}

export function contactCount(dataDir: string): number {
  return withReader(dataDir, (db) => db.prepare('SELECT count(*) FROM contacts').pluck().get() as number)
}

export function errorRecords(dataDir: string, importId: number): ErrorRecord[] {
  return withReader(
    dataDir,
    (db) =>
      db
        .prepare(
          `SELECT row_number AS rowNumber, line_number AS lineNumber, code, email, message
           FROM import_errors WHERE import_id = ? ORDER BY row_number`,
        )
        .all(importId) as ErrorRecord[],
  )
}

export function stagingTableCount(dataDir: string): number {
  return withReader(
    dataDir,
    (db) => db.prepare(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name LIKE 'staging%'`).pluck().get() as number,
  )
}

/** The import's counts, every contact and every error row, hashed: equal outcomes, equal digests. */
export function outcome(dataDir: string, importId: number): Outcome {
  return withReader(dataDir, (db) => {
    const record = db
      .prepare(
        `SELECT status, total_rows AS totalRows, processed_count AS processedCount, created_count AS createdCount,
           updated_count AS updatedCount, error_count AS errorCount, failure_reason AS failureReason
         FROM imports WHERE id = ?`,
      )
      .get(importId) as Outcome['import'] | undefined
    if (!record) throw new Error(`no import ${importId}`)
    const digest = (rows: Iterable<unknown[]>) => {
      const hash = createHash('sha256')
      let count = 0
      for (const row of rows) {
        hash.update(JSON.stringify(row)).update('\n')
        count++
      }
      return { count, sha256: hash.digest('hex') }
    }
    return {
      import: record,
      contacts: digest(db.prepare('SELECT email, first_name, last_name FROM contacts ORDER BY email').raw().iterate() as Iterable<unknown[]>),
      errors: digest(
        db
          .prepare('SELECT row_number, line_number, code, email, message FROM import_errors WHERE import_id = ? ORDER BY row_number')
          .raw()
          .iterate(importId) as Iterable<unknown[]>,
      ),
    }
  })
}

const references = new Map<string, Promise<Outcome>>()

/**
 * The outcome of importing `file` in one go, unpaced, with the real service and worker on a fresh
 * data dir. Memoized per key: files generated from the same options hold the same bytes.
 */
export function uninterruptedOutcome(key: string, file: string): Promise<Outcome> {
  let result = references.get(key)
  if (!result) {
    result = runUninterrupted(file)
    references.set(key, result)
  }
  return result
}

async function runUninterrupted(file: string): Promise<Outcome> {
  const dataDir = mkdtempSync(join(tmpdir(), 'importer-e2e-reference-'))
  const env = { ...process.env }
  delete env.IMPORTER_MAX_ROWS_PER_SECOND
  delete env.NODE_OPTIONS
  const service = new ImportService({ dataDir, spawnWorker: (options) => forkWorker({ ...options, env }) })
  try {
    await service.start()
    const started = await service.startImport(file)
    if (!started.ok) throw new Error(`the reference run could not start: ${started.message}`)
    const deadline = Date.now() + 60_000
    for (;;) {
      const summary = service.get(started.import.id)
      if (summary && ['completed', 'failed', 'cancelled'].includes(summary.status)) break
      if (Date.now() > deadline) throw new Error(`the reference run did not finish: ${JSON.stringify(summary)}`)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    return outcome(dataDir, started.import.id)
  } finally {
    await service.shutdown()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
