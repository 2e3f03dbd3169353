// The CLI's read-only commands: list and errors read the database without starting a worker, so
// they also work where nothing can be written (read-only media) and on an empty database file.
import type { Database } from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { schemaVersion } from '../db/migrate.ts'
import { databasePath, openReader } from '../db/open.ts'
import { errorRowPages, getImportRow, listImportRows, toSummary, writeErrorsCsv } from '../service/import-queries.ts'
import type { CliArgs } from './args.ts'
import { UsageError } from './args.ts'
import { EXIT } from './exit.ts'
import { writeOut } from './stdout.ts'
import { describe, jsonSummary } from './summary-text.ts'

/**
 * The imports database, or null when there is none yet: no file, or a file SQLite has not written
 * a schema into (zero bytes, as an interrupted first start can leave it) holds no imports.
 */
function openImports(dataDir: string): Database | null {
  if (!existsSync(databasePath(dataDir))) return null
  const db = openReader(dataDir)
  if (schemaVersion(db) > 0) return db
  db.close()
  return null
}

export async function list(parsed: CliArgs): Promise<number> {
  const db = openImports(parsed.dataDir)
  if (!db) return EXIT.completed
  try {
    for (const row of listImportRows(db)) {
      const summary = toSummary(row, undefined, null)
      await writeOut(parsed.json ? `${JSON.stringify(jsonSummary(summary))}\n` : `${String(summary.id).padStart(4)}  ${describe(summary)}\n`)
    }
    return EXIT.completed
  } finally {
    db.close()
  }
}

export async function errors(parsed: CliArgs): Promise<number> {
  const id = Number(parsed.positional[0])
  if (!Number.isSafeInteger(id) || id <= 0) throw new UsageError('errors needs an import ID (see "list")')
  const db = openImports(parsed.dataDir)
  if (!db) throw new UsageError(`There is no import ${id}`)
  try {
    if (!getImportRow(db, id)) throw new UsageError(`There is no import ${id}`)
    if (parsed.format === 'json') await writeErrorsJson(db, id)
    else await writeErrorsCsv(db, id, writeOut)
    return EXIT.completed
  } finally {
    db.close()
  }
}

/** The same text as JSON.stringify(rows) + newline, written a page at a time. */
async function writeErrorsJson(db: Database, importId: number): Promise<void> {
  let opening = '['
  for (const rows of errorRowPages(db, importId)) {
    await writeOut(opening + rows.map((row) => JSON.stringify(row)).join(','))
    opening = ','
  }
  await writeOut(opening === '[' ? '[]\n' : ']\n')
}
