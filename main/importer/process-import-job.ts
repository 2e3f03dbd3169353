// Runs in the import worker: the contacts import as a continuable job.
//   stage    streams the file once from a byte-offset cursor, checks it, appends valid rows to
//            per-import staging runs (staging.ts) and rejected rows to import_errors (status
//            validating); a reader thread (reader-thread/) reads, parses and sorts ahead while
//            this thread writes
//   merge    upserts the staged rows into contacts in email order, in chunks (status processing)
//   finalize marks the import completed
// A rejected file fails in `stage`, so contacts are never touched by it.
import type { FileHandle } from 'node:fs/promises'
import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import { ContinuableJob, interruptIfStopping } from '../engine/index.ts'
import { phaseAdd, phaseClockRunning, phaseEnd, phaseStart } from '../engine/phase-clock.ts'
import type { Step } from '../engine/index.ts'
import type { DurableJobHooks, SqliteQueue, StopOutcome } from '../engine/sqlite-queue.ts'
import type { StorageFaultKind } from '../engine/storage-fault.ts'
import { RETRYABLE_REASONS } from '../domain/failures.ts'
import { FileRejection, inspectFile, layoutOf } from './csv/index.ts'
import type { ColumnChoice, CsvLayout, FileLayout, ScanPosition } from './csv/index.ts'
import type { ImportRow } from '../db/rows.ts'
import { describeChange, identifyFile, openRegularFile } from './file-identity.ts'
import { ImportFailure, holdFromEnv, missingFile, pacingFromEnv } from './job-support.ts'
import { ImportWriter } from './import-store.ts'
import { storagePauseMessage } from './storage-pause.ts'
import type { MergeCounts, StageCounts } from './import-store.ts'
import { BatchReader } from './reader-thread/batch-reader.ts'
import { checkpointWhileWaiting } from './reader-thread/checkpoint-while-waiting.ts'
import { ReaderThread } from './reader-thread/reader-thread.ts'
import type { ParsedBatch, ReaderStart } from './reader-thread/protocol.ts'

const READ_CHUNK_BYTES = 512 * 1024
const MERGE_CHUNK_ROWS = 20_000
/** Rows a merge chunk takes from each staging run at least (a 10M-row file of short rows has about 970 runs, so its chunks stay at 20,000 rows). */
export const MERGE_ROWS_PER_RUN = 10
/** Rows staged between two looks for a stop request inside a batch (a 512 KiB read holds about 10,000). */
const STOP_CHECK_ROWS = 2_500
/** With pacing on, chunks shrink so that checkpoints still come about 20 times a second. */
const PACED_READ_CHUNK_BYTES = 16 * 1024

/** The stage step's cursor: where the next record starts, and what was committed before it. */
interface StageCursor extends ScanPosition, StageCounts {
  [key: string]: number
}

/** The merge step's cursor: the last email merged, and the counts so far. */
interface MergeCursor extends MergeCounts {
  after: string
  [key: string]: number | string
}

export class ProcessImportJob extends ContinuableJob<[number]> implements DurableJobHooks {
  // Due at once and without a scheduled time, so that a resumed import keeps its place in the
  // queue (jobs due together run in the order they were first enqueued).
  static override resumeOptions = {}
  // An unexpected error fails the import at its last checkpoint; Retry continues from there.
  static override resumeErrorsAfterAdvancing = false
  /** Bytes read per stage chunk and staged rows per merge chunk (each chunk ends at a checkpoint). */
  static readChunkBytes = READ_CHUNK_BYTES
  static mergeChunkRows = MERGE_CHUNK_ROWS

  private writer: ImportWriter | null = null
  private stageCursor: StageCursor | null = null
  private mergeCursor: MergeCursor | null = null
  private totalRows: number | null = null
  private readonly rowsPerSecond = pacingFromEnv()
  private readonly hold = holdFromEnv()
  private readonly readChunkBytes = this.rowsPerSecond === null ? ProcessImportJob.readChunkBytes : PACED_READ_CHUNK_BYTES
  private readonly mergeChunkRows = this.rowsPerSecond === null ? ProcessImportJob.mergeChunkRows : Math.max(50, Math.round(this.rowsPerSecond / 20))

  /** The row this execution continued from, when it resumed a started import. */
  resumedAtRow: number | null = null
  /** The file's columns do not give every field and the import waits for the person (the app). */
  private waitsForMapping = false

  // The import id is read through this.arguments, so the durability hooks have it even before perform.
  async perform(_importId: number): Promise<void> {
    await this.step('stage', (step) => this.stage(step))
    // A job that found no complete mapping ends here; confirming one runs a new job.
    if (this.waitsForMapping) return
    await this.step('merge', (step) => this.merge(step))
    await this.step('finalize', () => this.finalize())
  }

  get importId(): number {
    return this.arguments[0]
  }

  private get store(): ImportWriter {
    this.writer ??= new ImportWriter(this.queueAdapter as SqliteQueue, this.importId, this.mergeChunkRows)
    return this.writer
  }

  // ---- stage ----------------------------------------------------------------------------

  private async stage(step: Step): Promise<void> {
    const record = this.store.load()
    const saved = step.cursor as StageCursor | null
    this.store.move({ to: 'validating', at: Date.now() })
    // Before anything reads the file: a FIFO or device put in its place is refused, never waited on.
    const identity = await this.identify(record.file_path)
    if (saved) {
      this.resumedAtRow = saved.rowsRead
      const change = describeChange(
        { size: record.file_size, mtimeMs: record.file_mtime_ms ?? 0, headHash: record.file_head_hash ?? '', sampleHash: record.file_sample_hash },
        identity,
      )
      if (change) {
        throw new ImportFailure('file_changed', `${record.file_name} changed since the import started (${change}). Start a new import to read it again.`)
      }
    }
    let layout: CsvLayout
    if (saved && record.layout) {
      // Every resume reads with the layout saved before the first row: no detection again.
      layout = JSON.parse(record.layout) as CsvLayout
    } else {
      const read = await this.readFileLayout(record)
      if (read === null) {
        this.waitsForMapping = true
        return
      }
      layout = read.layout
      this.store.recordIdentity(identity, layout.headers)
      this.store.recordReading(read)
      step.set({ ...read.start, rowsRead: 0, valid: 0, errors: 0, bytesRead: read.start.offset })
    }
    this.store.prepareStaging()
    let cursor = step.cursor as StageCursor
    this.stageCursor = cursor
    const start = { offset: cursor.offset, row: cursor.row, line: cursor.line }
    const reading = { layout, chunkBytes: this.readChunkBytes, timed: phaseClockRunning() }
    // The first chunk of every execution is parsed here while the reader thread starts (40-90 ms):
    // a resume commits its first rows past the saved cursor without waiting for the thread.
    let pending: ParsedBatch | null = await this.readFirstBatch(record.file_path, { ...reading, start })
    // From there the thread reads and parses ahead; this loop stages each batch and commits its position.
    const reader = pending.atEnd ? null : new ReaderThread({ filePath: record.file_path, ...reading, start: pending.position })
    try {
      const stopRequested = () => Boolean(this.queueAdapter.isStopping(this))
      let opened = false
      for (;;) {
        const started = Date.now()
        let phase = phaseStart()
        let batch: ParsedBatch
        if (pending !== null) {
          batch = pending
          pending = null
        } else {
          if (reader === null) break // only when the first batch was the last, and that one breaks below
          if (!opened) {
            await checkpointWhileWaiting(
              reader.opened.catch((error: unknown) => {
                throw missingFile(record.file_path, error)
              }),
              step,
              stopRequested,
            )
            opened = true
          }
          batch = await checkpointWhileWaiting(reader.next(), step, stopRequested)
          phaseEnd('waiting for parsed rows', phase)
        }
        phaseAdd('read file', BigInt(batch.readNs))
        phaseAdd('parse + validate', BigInt(batch.parseNs))
        phase = phaseStart()
        const rows = await this.stageBatch(batch)
        phaseEnd('staging inserts', phase)
        const { atEnd, position: at } = batch
        const valid = cursor.valid + batch.contactRows.length
        const errors = cursor.errors + batch.rejected.length
        if (atEnd) this.totalRows = valid + errors
        // Assigned before set(): the flush inside it commits these counts with this cursor, the
        // position after this batch's rows (never one the thread has only parsed).
        cursor = { ...at, rowsRead: valid + errors, valid, errors, bytesRead: atEnd ? batch.fileOffset : at.offset }
        this.stageCursor = cursor
        step.set(cursor)
        if (atEnd) break
        await this.pace(rows, started)
        step.checkpoint()
        await this.holdOnceReached('stage', cursor.rowsRead - rows, cursor.rowsRead, step)
      }
    } finally {
      await reader?.close()
    }
  }

  /** Reads and parses one chunk from `start` in this thread. */
  private async readFirstBatch(filePath: string, reading: Omit<ReaderStart, 'filePath'>): Promise<ParsedBatch> {
    let handle: FileHandle
    try {
      handle = await openRegularFile(filePath)
    } catch (error: unknown) {
      throw missingFile(filePath, error)
    }
    try {
      return await new BatchReader(handle, reading).next()
    } finally {
      await handle.close()
    }
  }

  /** Stages a batch's valid rows and row errors; returns how many rows it held. */
  private async stageBatch(batch: ParsedBatch): Promise<number> {
    const { contactRows, rejected } = batch
    if (contactRows.length > 0) this.store.beginRun(batch.position.row)
    for (let start = 0; start < contactRows.length; start += STOP_CHECK_ROWS) {
      if (start > 0) await this.stopInsideBatch()
      this.stageRows(batch, start, Math.min(start + STOP_CHECK_ROWS, contactRows.length))
    }
    for (const { row, line, code, email, message } of rejected) this.store.rejectRow(row, line, code, email, message)
    this.store.flushStaged()
    return contactRows.length + rejected.length
  }

  /** Stages the batch's valid rows start..end-1: a plain loop, kept out of the async function's context. */
  private stageRows({ contactRows, text, fieldEnds }: ParsedBatch, start: number, end: number): void {
    let from = start === 0 ? 0 : fieldEnds[3 * start - 1]
    for (let i = start; i < end; i++) {
      const emailEnd = fieldEnds[3 * i]
      const firstEnd = fieldEnds[3 * i + 1]
      const lastEnd = fieldEnds[3 * i + 2]
      this.store.stage(contactRows[i], text.slice(from, emailEnd), text.slice(emailEnd, firstEnd), text.slice(firstEnd, lastEnd))
      from = lastEnd
    }
  }

  // ---- merge ----------------------------------------------------------------------------

  private async merge(step: Step): Promise<void> {
    // Stage progress was committed when that step completed; from here only merge counts change.
    this.stageCursor = null
    const record = this.store.load()
    this.totalRows = record.total_rows
    this.store.move({ to: 'processing', at: Date.now() })
    this.store.prepareStaging()
    if (step.cursor === null) {
      this.mergeCursor = { after: '', processed: 0, created: 0, updated: 0 }
      step.set(this.mergeCursor)
    } else {
      // Rows handled so far, as "Paused at row" counts them: imported plus rejected.
      this.resumedAtRow ??= (step.cursor as MergeCursor).processed + record.error_count
    }
    // A chunk seeks once into every staging run: a file of wide rows (few rows per 512 KiB read,
    // so many runs) gets chunks large enough to take MERGE_ROWS_PER_RUN rows from each run.
    const chunkRows = this.rowsPerSecond === null ? Math.max(this.mergeChunkRows, this.store.runCount() * MERGE_ROWS_PER_RUN) : this.mergeChunkRows
    for (;;) {
      const cursor = step.cursor as MergeCursor
      this.mergeCursor = cursor
      const started = Date.now()
      let phase = phaseStart()
      const upTo = this.store.chunkEnd(cursor.after, chunkRows)
      phaseEnd('merge: chunk bounds', phase)
      if (upTo === null) break
      phase = phaseStart()
      const { rows, created } = this.store.mergeChunk(cursor.after, upTo, Date.now())
      phaseEnd('merge: upserts', phase)
      this.mergeCursor = {
        after: upTo,
        processed: cursor.processed + rows,
        created: cursor.created + created,
        updated: cursor.updated + rows - created,
      }
      step.set(this.mergeCursor)
      // Lets pause, cancel and shutdown requests arrive between chunks.
      await this.pace(rows, started)
      step.checkpoint()
      await this.holdOnceReached('merge', cursor.processed, this.mergeCursor.processed, step)
    }
  }

  private finalize(): void {
    const phase = phaseStart()
    this.store.dropStaging()
    phaseEnd('drop staging', phase)
  }

  // ---- durability hooks ------------------------------------------------------------------

  override beforeCommit(): void {
    const now = Date.now()
    if (this.stageCursor) this.store.writeStageProgress(this.stageCursor, this.totalRows, now)
    if (this.mergeCursor) this.store.writeMergeProgress(this.mergeCursor, now)
  }

  override onStopped(_reason: string, outcome: StopOutcome): void {
    if (outcome === 'hold') this.store.move({ to: 'paused' })
    if (outcome === 'finish') {
      this.store.dropStaging()
      this.store.move({ to: 'cancelled', at: Date.now() })
    }
  }

  override onFailed(error: unknown): void {
    const now = Date.now()
    if (error instanceof FileRejection) {
      this.store.forgetRows()
      this.store.recordRejection(error)
      this.store.move({ to: 'failed', at: now, reason: error.reason, message: error.message })
    } else if (error instanceof ImportFailure) {
      // Retry continues from the staged rows; a failure that cannot be retried leaves none behind.
      if (!RETRYABLE_REASONS.has(error.reason)) this.store.dropStaging()
      this.store.move({ to: 'failed', at: now, reason: error.reason, message: error.message })
    } else {
      const detail = error instanceof Error ? error.message : String(error)
      const message = `The import stopped because of an unexpected problem: ${detail}. Retry continues from the last saved row.`
      this.store.move({ to: 'failed', at: now, reason: 'internal', message })
    }
  }

  override onFinished(): void {
    // A job that stopped at needs_mapping leaves that status; it is not completed.
    if (this.waitsForMapping) return
    this.store.move({ to: 'completed', at: Date.now() })
  }

  /** What was committed last is the truth (the rest was rolled back): say so, and why it paused. */
  override onStorageFault(kind: StorageFaultKind): void {
    const committed = this.store.load()
    this.store.move({ to: 'paused', because: { reason: kind, message: storagePauseMessage(kind, committed, this.store.databaseFile) } })
  }

  // ---- helpers ---------------------------------------------------------------------------

  private async identify(filePath: string) {
    try {
      return await identifyFile(filePath)
    } catch (error: unknown) {
      throw missingFile(filePath, error)
    }
  }

  /**
   * The layout from the head of the file with the person's choices, or null when the import now
   * waits as needs_mapping (missing columns, and the host lets the person choose them).
   */
  private async readFileLayout(record: ImportRow): Promise<FileLayout | null> {
    const choice = record.requested_mapping ? (JSON.parse(record.requested_mapping) as ColumnChoice) : {}
    const options = { choice, encoding: record.requested_encoding ?? undefined }
    try {
      const info = await inspectFile(record.file_path, options)
      try {
        return layoutOf(info, choice)
      } catch (error: unknown) {
        if (!(error instanceof FileRejection) || error.reason !== 'missing_headers') throw error
        // Kept with the failure too, so the CLI's --json names the encoding and what was found.
        this.store.recordInspection(info)
        if (record.waits_for_mapping !== 1) throw error
        this.store.markNeedsMapping(error.reason, error.message)
        return null
      }
    } catch (error: unknown) {
      // A FileRejection is the file's own fault; anything else means it could not be read.
      if (error instanceof FileRejection) throw error
      throw missingFile(record.file_path, error)
    }
  }

  /** IMPORTER_HOLD_AT: checkpoints (which commit when due) until one throws the stop. */
  private async holdOnceReached(stepName: 'stage' | 'merge', before: number, after: number, step: Step): Promise<void> {
    const hold = this.hold
    if (hold === null || hold.step !== stepName || before >= hold.rows || after < hold.rows) return
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 20))
      step.checkpoint()
    }
  }

  /**
   * Lets a pause, cancel or shutdown request in while a batch is staged, and stops the job at
   * once: the engine rolls the batch's rows back to the last checkpoint, whose cursor is where the
   * batch starts, and a resume reads the batch again. On a busy machine a whole batch could keep a
   * pause waiting for over 100 ms.
   */
  private async stopInsideBatch(): Promise<void> {
    await yieldToEventLoop()
    interruptIfStopping(this)
  }

  private async pace(rows: number, startedAt: number): Promise<void> {
    if (this.rowsPerSecond === null) {
      await yieldToEventLoop()
      return
    }
    const wanted = (rows / this.rowsPerSecond) * 1000 - (Date.now() - startedAt)
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, wanted)))
  }
}
