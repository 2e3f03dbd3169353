// Runs in the import worker: the writer side of imports, import_errors, contacts and the
// per-import staging table. Writes made during a step go through the queue's tracked
// statements so that a failing step rolls back to its last checkpoint.
import type { Database, Statement } from 'better-sqlite3'
import type { SqliteQueue, TrackedStatement } from '../engine/sqlite-queue.ts'
import { UNFINISHED_STATUSES } from '../domain/import-status.ts'
import type { FileIdentity } from './file-identity.ts'
import { moveImport } from '../db/import-status.ts'
import type { StatusChange } from '../db/import-status.ts'
import type { ColumnChoice, FileInspection, FileLayout, FileRejection } from './csv/index.ts'
import { getImportRow } from '../db/rows.ts'
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

/**
 * Staged rows live in partitions of PARTITION_ROWS data rows each (staging_<import>_<k>). Each is
 * sorted into its covering index as soon as the stage step has passed it, so no single statement
 * ever sorts more than one partition: pause and quit stay quick even on a 10-million-row file.
 */
export const PARTITION_ROWS = 100_000

function stagingPrefix(importId: number): string {
  if (!Number.isSafeInteger(importId) || importId <= 0) throw new Error(`Bad import id ${importId}`)
  return `staging_${importId}_`
}

/** Every staging table of an import: its partitions and its bound sample (dropped together). */
export function stagingTables(db: Database, importId: number): string[] {
  const prefix = stagingPrefix(importId)
  return db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, ?) = ? ORDER BY name`)
    .pluck()
    .all(prefix.length, prefix) as string[]
}

/** The staging partitions of an import that exist, in order. */
export function partitionTables(db: Database, importId: number): string[] {
  const prefix = stagingPrefix(importId)
  return stagingTables(db, importId)
    .filter((name) => /^\d+$/.test(name.slice(prefix.length)))
    .sort((a, b) => Number(a.slice(prefix.length)) - Number(b.slice(prefix.length)))
}

export function dropStagingTables(db: Database, importId: number): void {
  for (const table of stagingTables(db, importId)) db.exec(`DROP TABLE IF EXISTS ${table}`)
}

/**
 * Staged rows whose (email, row) also go to the import's bound sample: a fixed pseudo-random 1 in
 * `every` of the rows by row number (Fibonacci hashing), blind to the order of the file: a merge
 * chunk of about `size` rows ends at the email size / every sampled rows on, whether the file is
 * shuffled or sorted. The same rule in SQL samples rows staged before the sample existed.
 */
export function isBoundSampleRow(row: number, every: number): boolean {
  return Math.imul(row, 0x9e3779b1) >>> 0 < boundSampleThreshold(every)
}

function boundSampleThreshold(every: number): number {
  return Math.floor(2 ** 32 / Math.max(1, every))
}

/** Sampled rows per merge chunk: the chunk's size is then within about 1/8 of the one asked for. */
const BOUND_SAMPLES_PER_CHUNK = 64
/** Tiny chunks (tests, paced demos) sample no more than 1 row in 8, so sampling stays a small extra write. */
const MIN_BOUND_SAMPLE_EVERY = 8

/** One staged row in this many is in the bound sample when merge chunks hold `chunkRows` rows. */
export function boundSampleEvery(chunkRows: number): number {
  return Math.max(MIN_BOUND_SAMPLE_EVERY, Math.floor(chunkRows / BOUND_SAMPLES_PER_CHUNK))
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
  private readonly stagedValues: unknown[] = []
  private bufferPartition = 0
  private readonly partitionStatements = new Map<number, { single: TrackedStatement; batch: TrackedStatement }>()
  /** Partitions below this one have their index (in this execution, or IF NOT EXISTS finds it). */
  private indexedBelow = 0
  /** The partitions merge reads, fixed once the stage step is done. */
  private partitions: string[] | null = null
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

  private partitionTable(partition: number): string {
    return `${stagingPrefix(this.importId)}${partition}`
  }

  /** Buffers a valid row for its staging partition; flushStaged() writes what is buffered. */
  stage(row: number, email: string, firstName: string, lastName: string): void {
    const partition = Math.floor((row - 1) / PARTITION_ROWS)
    if (partition !== this.bufferPartition) {
      this.flushStaged()
      this.bufferPartition = partition
    }
    if (isBoundSampleRow(row, this.boundSampleEvery)) this.sampleStatement().run(email, row)
    const buffer = this.stagedValues
    buffer.push(row, email, firstName, lastName)
    if (buffer.length === STAGE_BATCH_ROWS * 4) {
      this.statementsFor(partition).batch.run(buffer)
      buffer.length = 0
    }
  }

  /** Writes the rows stage() buffered: call before the checkpoint that covers them. */
  flushStaged(): void {
    const buffer = this.stagedValues
    if (buffer.length === 0) return
    const { single } = this.statementsFor(this.bufferPartition)
    for (let i = 0; i < buffer.length; i += 4) single.run(buffer[i], buffer[i + 1], buffer[i + 2], buffer[i + 3])
    buffer.length = 0
  }

  private statementsFor(partition: number): { single: TrackedStatement; batch: TrackedStatement } {
    let statements = this.partitionStatements.get(partition)
    if (!statements) {
      const table = this.partitionTable(partition)
      this.queue.prepare(`CREATE TABLE IF NOT EXISTS ${table} (
        seq INTEGER PRIMARY KEY, email TEXT NOT NULL, first_name TEXT NOT NULL, last_name TEXT NOT NULL)`).run()
      statements = {
        single: this.queue.prepare(`INSERT INTO ${table} (seq, email, first_name, last_name) VALUES (?, ?, ?, ?)`),
        batch: this.queue.prepare(
          `INSERT INTO ${table} (seq, email, first_name, last_name) VALUES ${'(?, ?, ?, ?), '.repeat(STAGE_BATCH_ROWS - 1)}(?, ?, ?, ?)`,
        ),
      }
      // Only the partition being filled needs its statements.
      this.partitionStatements.clear()
      this.partitionStatements.set(partition, statements)
    }
    return statements
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

  /**
   * Sorts every partition before the one holding `nextRow` into its covering index (once each):
   * merge chunks then walk these indexes and the unique email index of contacts in email order,
   * with no lookups into the staging tables. Pass Infinity when the file has been read.
   */
  indexPartitionsBefore(nextRow: number): void {
    const below = nextRow === Number.POSITIVE_INFINITY ? Number.POSITIVE_INFINITY : Math.floor((nextRow - 1) / PARTITION_ROWS)
    if (below <= this.indexedBelow) return
    for (const table of partitionTables(this.db, this.importId)) {
      const partition = Number(table.slice(stagingPrefix(this.importId).length))
      if (partition < this.indexedBelow || partition >= below) continue
      this.queue.prepare(`CREATE INDEX IF NOT EXISTS ${table}_email ON ${table} (email, seq, first_name, last_name)`).run()
    }
    this.indexedBelow = below
  }

  private get boundSampleTable(): string {
    return `${stagingPrefix(this.importId)}bounds`
  }

  private sampleStatement(): TrackedStatement {
    this.boundSampleRow ??= this.queue.prepare(`INSERT INTO ${this.boundSampleTable} (email, seq) VALUES (?, ?)`)
    return this.boundSampleRow
  }

  /**
   * Makes the bound sample exist before rows are staged or merged. Rows staged by a version
   * without it (an import continued after an update) are sampled now, by the same rule.
   */
  ensureBoundSample(): void {
    const table = this.boundSampleTable
    const exists = this.db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table) !== undefined
    if (exists) return
    this.queue.prepare(`CREATE TABLE ${table} (email TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (email, seq)) WITHOUT ROWID`).run()
    const sampled = `((seq * 2654435761) & 4294967295) < ${boundSampleThreshold(this.boundSampleEvery)}`
    for (const partition of partitionTables(this.db, this.importId)) {
      this.queue.prepare(`INSERT INTO ${table} (email, seq) SELECT email, seq FROM ${partition} WHERE ${sampled}`).run()
    }
  }

  /**
   * The email closing the next merge chunk after `after`, or null when no staged row is left:
   * the email `size` rows on as the bound sample estimates it. A chunk holds every row of its
   * last email, so the rows of one email are never split between chunks.
   */
  chunkEnd(after: string, size: number): string | null {
    this.boundAt ??= this.db.prepare(`SELECT email FROM ${this.boundSampleTable} WHERE email > ? ORDER BY email LIMIT 1 OFFSET ?`).pluck()
    const bound = this.boundAt.get(after, Math.max(0, Math.round(size / this.boundSampleEvery) - 1)) as string | undefined
    if (bound !== undefined) return bound
    // Fewer sampled rows are left than a chunk takes: the rest is the last chunk.
    if (this.lastStagedEmail === undefined) {
      const maxima = this.mergePartitions().map((table) => `SELECT max(email) AS email FROM ${table}`)
      this.lastStagedEmail = maxima.length === 0 ? null : (this.db.prepare(`SELECT max(email) FROM (${maxima.join(' UNION ALL ')})`).pluck().get() as string | null)
    }
    return this.lastStagedEmail !== null && this.lastStagedEmail > after ? this.lastStagedEmail : null
  }

  /** Upserts the staged rows with after < email <= upTo into contacts, in (email, row) order so the last row of an email wins. */
  mergeChunk(after: string, upTo: string, now: number): { rows: number; created: number } {
    this.maxContactId ??= this.db.prepare('SELECT coalesce(max(id), 0) FROM contacts').pluck()
    if (!this.upsert) {
      const ranges = this.mergePartitions().map(
        (table) => `SELECT email, seq, first_name, last_name FROM ${table} WHERE email > @after AND email <= @upTo`,
      )
      this.upsert = this.queue.prepare(`INSERT INTO contacts (email, first_name, last_name, created_at, updated_at)
        SELECT email, first_name, last_name, @now, @now FROM (${ranges.join(' UNION ALL ')})
        WHERE true ORDER BY email, seq
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

  private mergePartitions(): string[] {
    this.partitions ??= partitionTables(this.db, this.importId)
    return this.partitions
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
