// Read-side queries over a read-only connection: what the window and the CLI show.
// Never writes; in WAL mode it reads the last committed checkpoint while the worker writes.
import type { Database } from 'better-sqlite3'
import Papa from 'papaparse'
import { createWriteStream } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import { once } from 'node:events'
import type { ErrorPage, ImportErrorRow, ImportReading, ImportSummary, ThroughputPoint } from '../../preload/api.ts'
import { RETRYABLE_REASONS, type FailureReason, type RowErrorCode } from '../domain/failures.ts'
import type { ImportStatus } from '../domain/import-status.ts'
import { getImportRow } from '../db/rows.ts'
import type { ImportRow } from '../db/rows.ts'
export { getImportRow, listImportRows } from '../db/rows.ts'

/** Live figures the service adds to a row: they come from events, not from SQLite. */
export interface LiveFigures {
  resumedAtRow: number | null
  rowsPerSecond: number | null
  secondsLeft: number | null
  /** The worker running the import has not answered for a while. */
  unresponsive: boolean
}


/**
 * The failures whose view shows the file's header line ("Your file has: …"). No other summary
 * carries file content to the window.
 */
const SHOWS_HEADERS: ReadonlySet<FailureReason> = new Set<FailureReason>(['missing_headers', 'duplicate_header'])

const ACTIVE: ReadonlySet<ImportStatus> = new Set<ImportStatus>(['validating', 'processing'])

/** The import a pending one waits for: the one running, else the oldest queued before it. */
export function waitingFor(row: ImportRow, all: readonly ImportRow[]): number | null {
  if (row.status !== 'pending') return null
  const running = all.find((other) => ACTIVE.has(other.status))
  if (running) return running.id
  const earlier = all.filter((other) => other.status === 'pending' && other.id < row.id)
  return earlier.length > 0 ? Math.min(...earlier.map((other) => other.id)) : null
}

/** A summary with the live figures applied; rates and silence only while the import runs. */
export function withLive(summary: ImportSummary, live: LiveFigures | undefined): ImportSummary {
  const active = ACTIVE.has(summary.status)
  return {
    ...summary,
    resumedAtRow: live?.resumedAtRow ?? null,
    rowsPerSecond: active ? (live?.rowsPerSecond ?? null) : null,
    secondsLeft: active ? (live?.secondsLeft ?? null) : null,
    unresponsive: active && (live?.unresponsive ?? false),
  }
}

export function toSummary(row: ImportRow, live: LiveFigures | undefined, waiting: number | null): ImportSummary {
  return withLive({
    id: row.id,
    fileName: row.file_name,
    filePath: row.file_path,
    fileSize: row.file_size,
    status: row.status,
    totalRows: row.total_rows,
    processedCount: row.processed_count,
    createdCount: row.created_count,
    updatedCount: row.updated_count,
    errorCount: row.error_count,
    rowsRead: row.rows_read,
    bytesRead: row.bytes_read,
    failureReason: row.failure_reason,
    failureMessage: row.failure_message,
    fileHeaders: row.file_headers && row.failure_reason && SHOWS_HEADERS.has(row.failure_reason) ? (JSON.parse(row.file_headers) as string[]) : null,
    detectedFormat: row.failure_reason === 'not_csv' ? row.detected_format : null,
    reading:
      row.encoding === null
        ? null
        : {
            encoding: row.encoding,
            delimiter: row.delimiter ?? ',',
            headerLine: row.header_line ?? 1,
            skippedRecords: row.skipped_records ?? 0,
            mapping: row.mapping ? (JSON.parse(row.mapping) as ImportReading['mapping']) : {},
          },
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    resumedAtRow: null,
    rowsPerSecond: null,
    secondsLeft: null,
    unresponsive: false,
    waitingFor: waiting,
    canRetry: row.status === 'failed' && row.failure_reason !== null && RETRYABLE_REASONS.has(row.failure_reason),
  }, live)
}

export function errorPage(db: Database, importId: number, offset: number, limit: number): ErrorPage {
  if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(limit) || limit < 0) {
    throw new RangeError(`An error page needs a whole offset and limit of 0 or more (got ${offset}, ${limit}).`)
  }
  const total = db.prepare('SELECT count(*) FROM import_errors WHERE import_id = ?').pluck().get(importId) as number
  const rows = db
    .prepare(`SELECT row_number AS rowNumber, line_number AS lineNumber, code, email, message
      FROM import_errors WHERE import_id = ? ORDER BY row_number LIMIT ? OFFSET ?`)
    .all(importId, limit, offset) as Array<ImportErrorRow & { code: RowErrorCode }>
  return { importId, total, offset, rows }
}

/** Samples further apart than this were not one stretch of running: the import was paused or the app closed (ms). */
export const THROUGHPUT_GAP_MS = 3000

/**
 * An import's throughput history: the rate between consecutive samples of the same phase, and a
 * null point (a gap) where it stopped and started again (a pause, quit or crash) or where the
 * samples are further apart than THROUGHPUT_GAP_MS.
 */
export function throughputHistory(db: Database, importId: number): ThroughputPoint[] {
  const samples = db
    .prepare('SELECT at, phase, rows, run_start FROM import_throughput WHERE import_id = ? ORDER BY at')
    .all(importId) as Array<{ at: number; phase: string; rows: number; run_start: number }>
  const points: ThroughputPoint[] = []
  for (let i = 1; i < samples.length; i++) {
    const [before, after] = [samples[i - 1], samples[i]]
    const ms = after.at - before.at
    if (after.run_start === 1 || ms > THROUGHPUT_GAP_MS) points.push({ at: before.at + 1, rowsPerSecond: null })
    else if (after.phase === before.phase && ms > 0) points.push({ at: after.at, rowsPerSecond: Math.max(0, ((after.rows - before.rows) * 1000) / ms) })
  }
  return points
}

/**
 * Cells a spreadsheet would run as a formula. Papaparse's own pattern (/^[=+\-@\t\r].*$/) misses
 * cells with a line break after the first character, so only the first character is tested.
 */
const FORMULA_START = /^[=+\-@\t\r]/

export const ERRORS_CSV_COLUMNS = ['row', 'line', 'code', 'email', 'message'] as const

/**
 * Writes an import's errors as RFC 4180 CSV, every cell quoted, cells starting with = + - @ tab or
 * CR prefixed with ' so a spreadsheet never runs them. Streams in pages; returns rows written.
 */
export async function writeErrorsCsv(db: Database, importId: number, write: (chunk: string) => Promise<void>): Promise<number> {
  const options = { quotes: true, escapeFormulae: FORMULA_START, newline: '\r\n', header: false }
  await write(Papa.unparse([ERRORS_CSV_COLUMNS as unknown as string[]], options) + '\r\n')
  let written = 0
  for (const rows of errorRowPages(db, importId)) {
    const cells = rows.map((row) => [row.rowNumber, row.lineNumber, row.code, row.email, row.message])
    await write(Papa.unparse(cells, options) + '\r\n')
    written += rows.length
  }
  return written
}

/**
 * An import's error rows in row order, a page at a time, so no caller holds them all. Keyset
 * paging: no read transaction stays open between pages to hold back the writer's checkpoints.
 */
export function* errorRowPages(db: Database, importId: number): Generator<ImportErrorRow[]> {
  const page = db.prepare(`SELECT row_number AS rowNumber, line_number AS lineNumber, code, email, message
    FROM import_errors WHERE import_id = ? AND row_number > ? ORDER BY row_number LIMIT 5000`)
  let after = 0
  for (;;) {
    const rows = page.all(importId, after) as ImportErrorRow[]
    if (rows.length === 0) return
    yield rows
    after = rows[rows.length - 1].rowNumber
  }
}

/** writeErrorsCsv into a file, atomically (a temp file renamed into place). */
export async function exportErrorsToFile(db: Database, importId: number, destination: string): Promise<number> {
  if (!getImportRow(db, importId)) throw new Error(`There is no import ${importId}.`)
  const temporary = `${destination}.partial-${process.pid}`
  const stream = createWriteStream(temporary)
  try {
    const rows = await writeErrorsCsv(db, importId, async (chunk) => {
      if (!stream.write(chunk)) await once(stream, 'drain')
    })
    stream.end()
    await once(stream, 'finish')
    await rename(temporary, destination)
    return rows
  } catch (error) {
    stream.destroy()
    await rm(temporary, { force: true })
    if (error instanceof Error && error.name === 'SqliteError') throw error
    // The person chose the destination; the temporary name beside it means nothing to them.
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message
    throw new Error(`${destination} cannot be written (${reason}).`, { cause: error })
  }
}
