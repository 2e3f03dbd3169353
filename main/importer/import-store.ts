// Runs in the import worker: the writer side of imports, import_errors, contacts and the
// per-import staging tables (staging.ts). Writes made during a step go through the queue's tracked
// statements so that a failing step rolls back to its last checkpoint.
import type { Database, Statement } from 'better-sqlite3'
import type { SqliteQueue, TrackedStatement } from '../engine/sqlite-queue.ts'
import { UNFINISHED_STATUSES } from '../domain/import-status.ts'
import type { FileIdentity } from './file-identity.ts'
import { moveImport } from '../db/import-status.ts'
import type { StatusChange } from '../db/import-status.ts'
import type { ColumnChoice, FileInspection, FileLayout, FileRejection } from './csv/index.ts'
import { getImportRow } from '../db/rows.ts'
import { boundSampleEvery, boundSampleSql, createStagingSql, dropStagingTables, isBoundSampleRow, legacyPartitionTables, stagingNames, stagingTables } from './staging.ts'
import type { StagingNames } from './staging.ts'
import type { ImportRow } from '../db/rows.ts'


/** Rows per multi-row staging INSERT: one statement call per 100 rows is ~2.7x faster than per row. */
const STAGE_BATCH_ROWS = 100

export interface StageCounts {
  rowsRead: number
  valid: number
  errors: number
  bytesRead: number
}

export interface MergeCounts {
  processed: number
  created: number
  updated: number
}

/** How a new import should read its file: the person's choices, and what missing columns do. */
export interface ReadingRequest {
  mapping?: ColumnChoice
  /** WHATWG encoding name. */
  encoding?: string
  /** Missing columns make the import wait as needs_mapping (the app) instead of failing (the CLI). */
  waitForMapping?: boolean
}

export function createImport(
  db: Database, filePath: string, fileName: string, identity: FileIdentity, now: number, reading: ReadingRequest = {},
): number {
  const result = db
    .prepare(`INSERT INTO imports (file_path, file_name, file_size, file_mtime_ms, file_head_hash, file_sample_hash, status, created_at,
        requested_mapping, requested_encoding, waits_for_mapping)
      VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)`)
    .run(
      filePath, fileName, identity.size, identity.mtimeMs, identity.headHash, identity.sampleHash, now,
      reading.mapping && Object.keys(reading.mapping).length > 0 ? JSON.stringify(reading.mapping) : null,
      reading.encoding ?? null, reading.waitForMapping ? 1 : 0,
    )
  return Number(result.lastInsertRowid)
}

/** A needs_mapping import gets the person's choice and waits its turn again. */
export function setRequestedReading(db: Database, importId: number, mapping: ColumnChoice, encoding: string | null): void {
  db.prepare('UPDATE imports SET requested_mapping = ?, requested_encoding = ? WHERE id = ?').run(JSON.stringify(mapping), encoding, importId)
  moveImport(db, importId, { to: 'pending' })
}

/** Imports a worker continues by itself: queued or running, not paused, not ended. */
export function unfinishedImports(db: Database): ImportRow[] {
  return db
    .prepare(`SELECT * FROM imports WHERE status IN (${[...UNFINISHED_STATUSES].map((status) => `'${status}'`).join(', ')}) ORDER BY id`)
    .all() as ImportRow[]
}

export function setImportJob(db: Database, importId: number, jobId: string): void {
  db.prepare('UPDATE imports SET job_id = ? WHERE id = ?').run(jobId, importId)
}

/** How often the throughput history takes a sample while an import runs (ms). */
const THROUGHPUT_SAMPLE_MS = 1000

/** The statements one running import uses; made once per execution and reused. */
export class ImportWriter {
  readonly importId: number
  private readonly db: Database
  private readonly staging: StagingNames
  private readonly stagedValues: unknown[] = []
  /** The run being staged, as the named parameter of the staging INSERTs. */
  private run = { run: 0 }
  private stagingStatements: { newRun: TrackedStatement; single: TrackedStatement; batch: TrackedStatement } | null = null
  /** One staged row in this many goes to the bound sample. */
  private readonly boundSampleEvery: number
  private boundSampleRow: TrackedStatement | null = null
  private boundAt: Statement | null = null
  /** The largest staged email: the last chunk's bound (undefined until asked). */
  private lastStagedEmail: string | null | undefined = undefined
  private readonly errorRow: TrackedStatement
  private readonly stageProgress: Statement
  private readonly mergeProgress: Statement
  private readonly throughputSample: Statement
  private lastSampleAt = Number.NEGATIVE_INFINITY
  private readonly queue: SqliteQueue
  private upsert: TrackedStatement | null = null
  private maxContactId: Statement | null = null

  /** `mergeChunkRows`: the rows a merge chunk should hold, which sets how often a row is sampled. */
  constructor(queue: SqliteQueue, importId: number, mergeChunkRows: number) {
    this.queue = queue
    this.db = queue.db
    this.importId = importId
    this.staging = stagingNames(importId)
    this.boundSampleEvery = boundSampleEvery(mergeChunkRows)
    this.errorRow = queue.prepare(
      `INSERT INTO import_errors (import_id, row_number, line_number, code, email, message) VALUES (${importId}, ?, ?, ?, ?, ?)`,
    )
    this.stageProgress = this.db.prepare(
      `UPDATE imports SET rows_read = ?, bytes_read = ?, error_count = ?, total_rows = ? WHERE id = ${importId}`,
    )
    this.mergeProgress = this.db.prepare(
      `UPDATE imports SET processed_count = ?, created_count = ?, updated_count = ? WHERE id = ${importId}`,
    )
    this.throughputSample = this.db.prepare(
      `INSERT OR REPLACE INTO import_throughput (import_id, at, phase, rows, run_start) VALUES (${importId}, ?, ?, ?, ?)`,
    )
  }

  load(): ImportRow {
    const record = getImportRow(this.db, this.importId)
    if (!record) throw new Error(`Import ${this.importId} does not exist`)
    return record
  }

  /** The import's status moves (checked by the state machine), committing with the job's writes. */
  move(change: StatusChange): void {
    moveImport(this.db, this.importId, change)
  }

  recordIdentity(identity: FileIdentity, headers: string[]): void {
    this.db
      .prepare('UPDATE imports SET file_size = ?, file_mtime_ms = ?, file_head_hash = ?, file_sample_hash = ?, file_headers = ? WHERE id = ?')
      .run(identity.size, identity.mtimeMs, identity.headHash, identity.sampleHash, JSON.stringify(headers), this.importId)
  }

  /** How the file is read: saved with the first cursor, before any row is staged. */
  recordReading(read: FileLayout): void {
    this.db
      .prepare('UPDATE imports SET encoding = ?, delimiter = ?, header_line = ?, skipped_records = ?, mapping = ?, layout = ?, file_headers = ? WHERE id = ?')
      .run(read.encoding.name, read.layout.delimiter, read.headerLine, read.skippedRecords, JSON.stringify(read.mapping),
        JSON.stringify(read.layout), JSON.stringify(read.layout.headers), this.importId)
  }

  /** How the head reads when its columns do not give every field: shown with the failure or the mapping form. */
  recordInspection(info: FileInspection): void {
    this.db
      .prepare(`UPDATE imports SET encoding = ?, delimiter = ?, header_line = ?, skipped_records = ?, mapping = ?, file_headers = ?
        WHERE id = ?`)
      .run(info.encoding.name, info.delimiter, info.headerLine, info.skippedRecords, JSON.stringify(info.mapping.headers),
        JSON.stringify(info.headers), this.importId)
  }

  /** The import waits for the person to choose columns (the app); the message says what is missing. */
  markNeedsMapping(reason: string, message: string): void {
    this.move({ to: 'needs_mapping' })
    this.db.prepare('UPDATE imports SET failure_reason = ?, failure_message = ? WHERE id = ?').run(reason, message, this.importId)
  }

  /** What a rejected file showed: its header names (header problems), its format (not_csv). */
  recordRejection({ fileHeaders, detectedFormat }: Pick<FileRejection, 'fileHeaders' | 'detectedFormat'>): void {
    this.db
      .prepare('UPDATE imports SET file_headers = ?, detected_format = ? WHERE id = ?')
      .run(fileHeaders ? JSON.stringify(fileHeaders) : null, detectedFormat, this.importId)
  }

  /** Starts the run of one parsed batch, named by the row count after it: unique, and rising through the file. */
  beginRun(run: number): void {
    this.flushStaged()
    this.run = { run }
    this.statements().newRun.run(run)
  }

  /** Buffers a valid row of the current run (rows come in email order); flushStaged() writes what is buffered. */
  stage(row: number, email: string, firstName: string, lastName: string): void {
    if (isBoundSampleRow(row, this.boundSampleEvery)) this.sampleStatement().run(email, row)
    const buffer = this.stagedValues
    buffer.push(row, email, firstName, lastName)
    if (buffer.length === STAGE_BATCH_ROWS * 4) {
      this.statements().batch.run(this.run, buffer)
      buffer.length = 0
    }
  }

  /** Writes the rows stage() buffered: call before the checkpoint that covers them. */
  flushStaged(): void {
    const buffer = this.stagedValues
    if (buffer.length === 0) return
    const { single } = this.statements()
    for (let i = 0; i < buffer.length; i += 4) single.run(this.run, buffer[i], buffer[i + 1], buffer[i + 2], buffer[i + 3])
    buffer.length = 0
  }

  private statements(): { newRun: TrackedStatement; single: TrackedStatement; batch: TrackedStatement } {
    const { rows, runs } = this.staging
    const insert = `INSERT INTO ${rows} (run, seq, email, first_name, last_name) VALUES`
    this.stagingStatements ??= {
      newRun: this.queue.prepare(`INSERT INTO ${runs} (run) VALUES (?)`),
      single: this.queue.prepare(`${insert} (@run, ?, ?, ?, ?)`),
      batch: this.queue.prepare(`${insert} ${'(@run, ?, ?, ?, ?), '.repeat(STAGE_BATCH_ROWS - 1)}(@run, ?, ?, ?, ?)`),
    }
    return this.stagingStatements
  }

  rejectRow(row: number, line: number, code: string, email: string, message: string): void {
    this.errorRow.run(row, line, code, email, message)
  }

  writeStageProgress(counts: StageCounts, totalRows: number | null, now: number): void {
    this.stageProgress.run(counts.rowsRead, counts.bytesRead, counts.errors, totalRows)
    this.sampleThroughput('validating', counts.rowsRead, now)
  }

  writeMergeProgress(counts: MergeCounts, now: number): void {
    this.mergeProgress.run(counts.processed, counts.created, counts.updated)
    this.sampleThroughput('processing', counts.processed, now)
  }

  /** At most one sample a second, and one at the first commit of each execution (a resume). */
  private sampleThroughput(phase: 'validating' | 'processing', rows: number, now: number): void {
    if (now - this.lastSampleAt < THROUGHPUT_SAMPLE_MS) return
    const runStart = this.lastSampleAt === Number.NEGATIVE_INFINITY ? 1 : 0
    this.lastSampleAt = now
    this.throughputSample.run(now, phase, rows, runStart)
  }

  private sampleStatement(): TrackedStatement {
    this.boundSampleRow ??= this.queue.prepare(`INSERT INTO ${this.staging.bounds} (email, seq) VALUES (?, ?)`)
    return this.boundSampleRow
  }

  /**
   * Makes the staging tables exist before rows are staged or merged. Rows an earlier version
   * staged in rowid partitions become one run each, and rows staged without a bound sample are
   * sampled now, by the same rule (an import continued after an update).
   */
  prepareStaging(): void {
    const existed = new Set(stagingTables(this.db, this.importId))
    for (const sql of createStagingSql(this.staging)) this.queue.prepare(sql).run()
    const { rows, runs, bounds } = this.staging
    for (const partition of legacyPartitionTables(this.db, this.importId)) {
      // Its last row names the run: below every row a later batch of the stage step can stage.
      const run = this.db.prepare(`SELECT max(seq) FROM ${partition}`).pluck().get() as number | null
      if (run !== null) {
        this.queue.prepare(`INSERT INTO ${runs} (run) VALUES (?)`).run(run)
        this.queue.prepare(`INSERT INTO ${rows} (run, email, seq, first_name, last_name)
          SELECT ?, email, seq, first_name, last_name FROM ${partition} ORDER BY email, seq`).run(run)
      }
      this.queue.prepare(`DROP TABLE ${partition}`).run()
    }
    if (!existed.has(bounds)) this.queue.prepare(`INSERT INTO ${bounds} (email, seq) SELECT email, seq FROM ${rows} WHERE ${boundSampleSql(this.boundSampleEvery)}`).run()
  }

  /**
   * The email closing the next merge chunk after `after`, or null when no staged row is left:
   * the email `size` rows on as the bound sample estimates it. A chunk holds every row of its
   * last email, so the rows of one email are never split between chunks.
   */
  chunkEnd(after: string, size: number): string | null {
    this.boundAt ??= this.db.prepare(`SELECT email FROM ${this.staging.bounds} WHERE email > ? ORDER BY email LIMIT 1 OFFSET ?`).pluck()
    const bound = this.boundAt.get(after, Math.max(0, Math.round(size / this.boundSampleEvery) - 1)) as string | undefined
    if (bound !== undefined) return bound
    // Fewer sampled rows are left than a chunk takes: the rest is the last chunk.
    if (this.lastStagedEmail === undefined) {
      const { rows, runs } = this.staging
      this.lastStagedEmail = this.db
        .prepare(`SELECT max((SELECT max(email) FROM ${rows} WHERE run = r.run)) FROM ${runs} r`)
        .pluck()
        .get() as string | null
    }
    return this.lastStagedEmail !== null && this.lastStagedEmail > after ? this.lastStagedEmail : null
  }

  /** Staging runs (parsed batches) of the import. */
  runCount(): number {
    return this.db.prepare(`SELECT count(*) FROM ${this.staging.runs}`).pluck().get() as number
  }

  /**
   * Upserts the staged rows with after < email <= upTo into contacts, in (email, row) order so the
   * last row of an email wins: one range seek in each run, the chunk's rows sorted in memory.
   */
  mergeChunk(after: string, upTo: string, now: number): { rows: number; created: number } {
    this.maxContactId ??= this.db.prepare('SELECT coalesce(max(id), 0) FROM contacts').pluck()
    if (!this.upsert) {
      const { rows, runs } = this.staging
      // CROSS JOIN keeps the runs outside: each run's rows of the chunk are one range of its key.
      this.upsert = this.queue.prepare(`INSERT INTO contacts (email, first_name, last_name, created_at, updated_at)
        SELECT s.email, s.first_name, s.last_name, @now, @now
        FROM ${runs} r CROSS JOIN ${rows} s ON s.run = r.run AND s.email > @after AND s.email <= @upTo
        WHERE true ORDER BY s.email, s.seq
        ON CONFLICT(email) DO UPDATE SET first_name = excluded.first_name, last_name = excluded.last_name,
          updated_at = excluded.updated_at`)
    }
    const before = this.maxContactId.get() as number
    const { changes } = this.upsert.run({ now, after, upTo })
    // A new contact always gets max(id) + 1 (contacts.id is a rowid without AUTOINCREMENT), so the
    // growth of max(id) counts the rows created; an upsert counts 1 change per row either way.
    const created = (this.maxContactId.get() as number) - before
    return { rows: changes, created }
  }

  dropStaging(): void {
    dropStagingTables(this.db, this.importId)
  }

  /** A rejected file keeps no trace but the reason: no staged rows, no row errors, no counts. */
  forgetRows(): void {
    this.dropStaging()
    this.db.prepare('DELETE FROM import_errors WHERE import_id = ?').run(this.importId)
    this.db.prepare('DELETE FROM import_throughput WHERE import_id = ?').run(this.importId)
    this.db
      .prepare(`UPDATE imports SET total_rows = NULL, processed_count = 0, created_count = 0, updated_count = 0,
        error_count = 0, rows_read = 0 WHERE id = ?`)
      .run(this.importId)
  }

  get databaseFile(): string {
    return this.db.name
  }
}
