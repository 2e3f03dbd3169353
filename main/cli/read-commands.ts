// The CLI's read-only commands: list and errors read the database without starting a worker.
import { existsSync } from 'node:fs'
import { databasePath, openReader } from '../db/open.ts'
import { errorPage, getImportRow, listImportRows, toSummary, writeErrorsCsv } from '../service/import-queries.ts'
import type { CliArgs } from './args.ts'
import { UsageError } from './args.ts'
import { EXIT } from './exit.ts'
import { describe, jsonSummary } from './summary-text.ts'

export function list(parsed: CliArgs): number {
  if (!existsSync(databasePath(parsed.dataDir))) return EXIT.completed
  const db = openReader(parsed.dataDir)
  try {
    for (const row of listImportRows(db)) {
      const summary = toSummary(row, undefined, null)
      process.stdout.write(parsed.json ? `${JSON.stringify(jsonSummary(summary))}\n` : `${String(summary.id).padStart(4)}  ${describe(summary)}\n`)
    }
    return EXIT.completed
  } finally {
    db.close()
  }
}

export async function errors(parsed: CliArgs): Promise<number> {
  const id = Number(parsed.positional[0])
  if (!Number.isSafeInteger(id) || id <= 0) throw new UsageError('errors needs an import ID (see "list")')
  if (!existsSync(databasePath(parsed.dataDir))) throw new UsageError(`There is no import ${id}`)
  const db = openReader(parsed.dataDir)
  try {
    if (!getImportRow(db, id)) throw new UsageError(`There is no import ${id}`)
    if (parsed.format === 'json') {
      const { rows } = errorPage(db, id, 0, Number.MAX_SAFE_INTEGER)
      process.stdout.write(`${JSON.stringify(rows)}\n`)
    } else {
      await writeErrorsCsv(db, id, (chunk) => new Promise((resolveWrite) => {
        if (process.stdout.write(chunk)) resolveWrite()
        else process.stdout.once('drain', () => resolveWrite())
      }))
    }
    return EXIT.completed
  } finally {
    db.close()
  }
}
