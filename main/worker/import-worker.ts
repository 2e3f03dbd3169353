// Runs in the import worker process: the one place that runs job code. It owns the only writer
// connection (opened on start, closed on exit), answers the host's requests and runs the queue.
import type { Database } from 'better-sqlite3'
import { basename } from 'node:path'
import { registerJobClass } from '../engine/index.ts'
import type { ContinuableJob } from '../engine/index.ts'
import { SqliteQueue } from '../engine/sqlite-queue.ts'
import type { JobOutcome, StopOutcome } from '../engine/sqlite-queue.ts'
import { openWriter } from '../db/open.ts'
import { moveImport } from '../db/import-status.ts'
import { getImportRow } from '../db/rows.ts'
import { RETRYABLE_REASONS } from '../domain/failures.ts'
import { UNFINISHED_STATUSES } from '../domain/import-status.ts'
import { identifyFile } from '../importer/file-identity.ts'
import { createImport, setImportJob, setRequestedReading, unfinishedImports } from '../importer/import-store.ts'
import { dropStagingTables } from '../importer/staging.ts'
import { ProcessImportJob } from '../importer/process-import-job.ts'
import { serializeError } from './protocol.ts'
import type { HostToWorker, ProgressEvent, ReadingChoice, WorkerEvent, WorkerHandlerImpls, WorkerMethod, WorkerRequest, WorkerResult, WorkerToHost } from './protocol.ts'

/** The worker's side of the transport (process.parentPort or process.send). */
export interface WorkerTransport {
  send(message: WorkerToHost): void
  onMessage(listener: (message: HostToWorker) => void): void
  /** The host is gone (its end of the channel closed). */
  onDisconnect(listener: () => void): void
  exit(code: number): void
}

export interface ImportWorkerOptions {
  dataDir: string
  /** A step that runs longer than this without a checkpoint is reported (ms). */
  stallWarningMs?: number
  /** How often to tell the host this process is alive (ms; default 1000). */
  heartbeatMs?: number
  /** Commit after this many checkpoints too (default: only by time, about every 100 ms). */
  flushEveryCheckpoints?: number
}

/** How long the queue loop waits after an error of its own (claiming a job on a full disk) before trying again. */
const LOOP_RETRY_MS = 1000


export class ImportWorker {
  private readonly transport: WorkerTransport
  private readonly options: ImportWorkerOptions
  private db: Database | null = null
  private queue: SqliteQueue | null = null
  private wake: (() => void) | null = null
  private closing = false
  private loopDone: Promise<void> = Promise.resolve()
  private stallTimer: NodeJS.Timeout | null = null
  private heartbeatTimer: NodeJS.Timeout | null = null
  private stallReported = false
  /** The imports the host last said this worker may run (runImports); the host owns that choice. */
  private runnable: ReadonlySet<number> | 'all' = new Set()

  constructor(transport: WorkerTransport, options: ImportWorkerOptions) {
    this.transport = transport
    this.options = options
  }

  start(): void {
    registerJobClass(ProcessImportJob)
    this.db = openWriter(this.options.dataDir)
    this.queue = new SqliteQueue({
      db: this.db,
      flushEveryCheckpoints: this.options.flushEveryCheckpoints,
      filter: (job) => this.runnable === 'all' || job.jobClass !== ProcessImportJob.name || this.runnable.has(Number(job.arguments[0])),
      onCommit: (job) => this.reportProgress(job),
      onJobEnded: (job, outcome) => this.reportEnd(job, outcome),
    })
    this.transport.onMessage((message) => this.receive(message))
    this.transport.onDisconnect(() => void this.shutdown())
    this.stallTimer = setInterval(() => this.checkStall(), 1000)
    this.stallTimer.unref()
    // A timer, not the job: it beats between statements while a job runs and while none does. A
    // long synchronous statement holds it back; commits (progress events) are signs of life too.
    this.heartbeatTimer = setInterval(() => this.transport.send({ kind: 'heartbeat' }), this.options.heartbeatMs ?? 1000)
    this.heartbeatTimer.unref()
    this.transport.send({ kind: 'ready', pid: process.pid })
    this.loopDone = this.loop()
  }

  /** Interrupt the running job at its next checkpoint, let it commit, close the database, exit. */
  async shutdown(): Promise<void> {
    if (this.closing) return this.loopDone
    this.closing = true
    // Started without a database (it could not be opened): nothing runs, nothing to close.
    if (!this.queue) return this.transport.exit(1)
    this.queue.shutdown()
    this.kick()
    await this.loopDone
    if (this.stallTimer) clearInterval(this.stallTimer)
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer)
    this.db?.close()
    this.db = null
    this.transport.exit(0)
  }

  private receive(message: HostToWorker): void {
    if (message.kind === 'shutdown') {
      void this.shutdown()
      return
    }
    const { seq, request } = message
    this.handle(request).then(
      (result) => this.transport.send({ kind: 'response', seq, ok: true, result }),
      (error: unknown) => this.transport.send({ kind: 'response', seq, ok: false, error: serializeError(error) }),
    )
  }

  /** One handler per request of WorkerHandlers. */
  private readonly handlers: WorkerHandlerImpls = {
    createImport: async ({ filePath, reading }) => ({ importId: await this.createImport(filePath, reading) }),
    confirmMapping: ({ importId, mapping, encoding }) => this.confirmMapping(importId, mapping, encoding),
    pause: ({ importId }) => this.pause(importId),
    resume: ({ importId }) => this.release(importId, 'paused'),
    retry: ({ importId }) => this.release(importId, 'failed'),
    cancel: ({ importId }) => this.cancel(importId),
    removeImports: ({ importIds }) => this.removeImports(importIds),
    resumeUnfinished: async () => ({ importIds: await this.resumeUnfinished() }),
    runImports: ({ importIds }) => {
      this.runnable = importIds === 'all' ? 'all' : new Set(importIds)
      this.kick()
    },
  }

  private async handle<M extends WorkerMethod>(request: WorkerRequest<M>): Promise<WorkerResult<M>> {
    return this.handlers[request.method](request.params)
  }

  private async createImport(filePath: string, reading: ReadingChoice = {}): Promise<number> {
    const identity = await identifyFile(filePath)
    const db = this.requireDb()
    const importId = await this.requireQueue().write(() => {
      const id = createImport(db, filePath, basename(filePath), identity, Date.now(), reading)
      this.insertImportJob(id)
      return id
    })
    this.kick()
    return importId
  }

  /** The person chose the columns of a needs_mapping import: it runs again with them, as a new job. */
  private async confirmMapping(importId: number, mapping: NonNullable<ReadingChoice['mapping']>, encoding: string | null): Promise<void> {
    const record = this.requireImport(importId)
    if (record.status !== 'needs_mapping') throw new Error(`Import ${importId} is ${record.status}; only an import waiting for its columns takes a mapping.`)
    await this.requireQueue().write(() => {
      setRequestedReading(this.requireDb(), importId, mapping, encoding)
      this.insertImportJob(importId)
    })
    this.emit({ type: 'stopped', importId, status: 'pending', reason: 'mapped' })
    this.kick()
  }

  /**
   * A new job for an import, inside the caller's write(): the job row and imports.job_id commit
   * together, so a crash never leaves a job that a relaunch cannot see and would queue again.
   */
  private insertImportJob(importId: number): void {
    const data = new ProcessImportJob(importId).serialize()
    this.requireQueue().insert(data)
    setImportJob(this.requireDb(), importId, data.jobId)
  }

  private async pause(importId: number): Promise<void> {
    const record = this.requireImport(importId)
    if (record.status === 'paused') return
    if (!UNFINISHED_STATUSES.has(record.status)) {
      throw new Error(`Import ${importId} is ${record.status}; only a running or queued import can be paused.`)
    }
    const jobId = this.requireJobId(record)
    await this.stopImport(importId, jobId, 'paused', 'hold', () => {
      if (!this.requireQueue().setIdleJobState(jobId, 'held')) return false
      moveImport(this.requireDb(), importId, { to: 'paused' })
      return true
    })
  }

  /**
   * Pause or cancel: stops the job at its next checkpoint when this worker runs it, else applies
   * `whenIdle` (false: the job started running meanwhile, so it is stopped instead). Resolves once
   * the stop is committed, so a crash right after cannot undo it.
   */
  private async stopImport(
    importId: number, jobId: string | null, wanted: 'paused' | 'cancelled', outcome: StopOutcome, whenIdle: () => boolean,
  ): Promise<void> {
    const queue = this.requireQueue()
    const stopRunning = () => (jobId ? queue.stop(jobId, wanted, outcome) : null)
    let stopping = stopRunning()
    if (!stopping) {
      if (await queue.write(whenIdle)) {
        this.emit({ type: 'stopped', importId, status: wanted, reason: wanted })
        return
      }
      stopping = stopRunning()
      if (!stopping) throw new Error(`Import ${importId} is being run by another process.`)
    }
    await stopping
    // The job may have ended some other way first (completed, or cancelled before this pause).
    const status = this.requireImport(importId).status
    if (status !== wanted) throw new Error(`Import ${importId} could not be ${wanted}: it is ${status}.`)
  }

  /** Resume a paused import, or retry a failed one from its last checkpoint. */
  private async release(importId: number, from: 'paused' | 'failed'): Promise<void> {
    const record = this.requireImport(importId)
    // Asked twice (two clicks, two windows): it already runs or waits its turn, now here too.
    if (UNFINISHED_STATUSES.has(record.status)) {
      this.kick()
      return
    }
    if (record.status !== from) throw new Error(`Import ${importId} is ${record.status}, not ${from}.`)
    if (from === 'failed' && !(record.failure_reason && RETRYABLE_REASONS.has(record.failure_reason))) {
      throw new Error(`Import ${importId} cannot be retried: the file itself was rejected. Fix the file and import it again.`)
    }
    const jobId = this.requireJobId(record)
    const queue = this.requireQueue()
    await queue.write(() => {
      const db = this.requireDb()
      if (!queue.release(jobId)) throw new Error(`Import ${importId} is being run by another process.`)
      moveImport(db, importId, { to: 'pending' })
    })
    this.emit({ type: 'stopped', importId, status: 'pending', reason: from === 'paused' ? 'resumed' : 'retried' })
    this.kick()
  }

  private async cancel(importId: number): Promise<void> {
    const record = this.requireImport(importId)
    if (record.status === 'cancelled') return
    if (record.status === 'completed' || record.status === 'failed') {
      throw new Error(`Import ${importId} already ended (${record.status}).`)
    }
    const jobId = record.job_id
    await this.stopImport(importId, jobId, 'cancelled', 'finish', () => {
      const db = this.requireDb()
      if (jobId && !this.requireQueue().setIdleJobState(jobId, 'finished')) return false
      dropStagingTables(db, importId)
      moveImport(db, importId, { to: 'cancelled', at: Date.now() })
      return true
    })
  }

  /**
   * Forgets imports in one transaction: all of them or none. Contacts stay: they belong to the
   * address book, not to the import that brought them. An import that runs or waits its turn is
   * refused (pause or cancel it first).
   */
  private async removeImports(importIds: readonly number[]): Promise<void> {
    const queue = this.requireQueue()
    const db = this.requireDb()
    await queue.write(() => {
      for (const importId of importIds) {
        const record = this.requireImport(importId)
        if (UNFINISHED_STATUSES.has(record.status)) {
          throw new Error(`${record.file_name} is still importing; pause or cancel it before removing it.`)
        }
        if (record.job_id) {
          if (!queue.setIdleJobState(record.job_id, 'finished')) throw new Error(`Import ${importId} is being run by another process.`)
          db.prepare('DELETE FROM jobs WHERE job_id = ?').run(record.job_id)
        }
        dropStagingTables(db, importId)
        db.prepare('DELETE FROM import_errors WHERE import_id = ?').run(importId)
        db.prepare('DELETE FROM import_throughput WHERE import_id = ?').run(importId)
        db.prepare('DELETE FROM imports WHERE id = ?').run(importId)
      }
    })
  }

  /** What a relaunch does: every unfinished import whose job vanished gets one again. */
  private async resumeUnfinished(): Promise<number[]> {
    const queue = this.requireQueue()
    const ids: number[] = []
    for (const record of unfinishedImports(this.requireDb())) {
      ids.push(record.id)
      const state = record.job_id ? queue.jobState(record.job_id) : null
      if (state === null || state === 'finished' || state === 'failed') await queue.write(() => this.insertImportJob(record.id))
    }
    this.kick()
    return ids
  }

  private async loop(): Promise<void> {
    const queue = this.requireQueue()
    while (!this.closing) {
      let ran: boolean
      try {
        ran = await queue.runNext()
      } catch (error) {
        // Claiming the next job could not be written (a full disk): nothing was claimed; try again.
        this.log('warn', `Could not start the next import: ${error instanceof Error ? error.message : String(error)}`)
        await this.waitForWork(Date.now() + LOOP_RETRY_MS)
        continue
      }
      if (ran) continue
      if (this.closing) break
      await this.waitForWork(queue.nextDueAt())
    }
  }

  private waitForWork(dueAt: number | null): Promise<void> {
    return new Promise((resolve) => {
      const timer = dueAt === null ? null : setTimeout(() => finish(), Math.max(0, dueAt - Date.now()))
      const finish = () => {
        if (timer) clearTimeout(timer)
        this.wake = null
        resolve()
      }
      this.wake = finish
    })
  }

  private kick(): void {
    this.wake?.()
  }

  private reportProgress(job: ContinuableJob): void {
    this.stallReported = false
    if (!(job instanceof ProcessImportJob)) return
    const row = this.requireDb()
      .prepare(`SELECT status, rows_read, processed_count, created_count, updated_count, error_count, bytes_read, total_rows, file_size
        FROM imports WHERE id = ?`)
      .get(job.importId) as Record<string, number | string | null> | undefined
    if (!row) return
    const event: ProgressEvent = {
      type: 'progress',
      importId: job.importId,
      status: String(row.status),
      rowsRead: Number(row.rows_read),
      processedCount: Number(row.processed_count),
      createdCount: Number(row.created_count),
      updatedCount: Number(row.updated_count),
      errorCount: Number(row.error_count),
      bytesRead: Number(row.bytes_read),
      fileSize: Number(row.file_size),
      totalRows: row.total_rows === null ? null : Number(row.total_rows),
      resumedAtRow: job.resumedAtRow,
      at: Date.now(),
    }
    this.emit(event)
  }

  private reportEnd(job: ContinuableJob, outcome: JobOutcome): void {
    if (!(job instanceof ProcessImportJob)) return
    this.reportProgress(job)
    const importId = job.importId
    const record = getImportRow(this.requireDb(), importId)
    if (!record) return
    if (outcome.kind === 'finished') this.emit({ type: 'completed', importId })
    else if (outcome.kind === 'failed') {
      this.emit({ type: 'failed', importId, reason: record.failure_reason ?? 'internal', message: record.failure_message ?? '' })
      if (!(outcome.error instanceof Error && ['FileRejection', 'ImportFailure'].includes(outcome.error.name))) {
        this.log('error', `Import ${importId} failed: ${outcome.error instanceof Error ? outcome.error.stack : String(outcome.error)}`)
      }
    } else if (outcome.kind === 'stopped') {
      this.emit({ type: 'stopped', importId, status: record.status, reason: outcome.reason })
    }
  }

  /** Warn once per stall when a step runs longer than the shutdown timeout between checkpoints. */
  private checkStall(): void {
    const queue = this.queue
    const limit = this.options.stallWarningMs ?? 3000
    if (!queue?.runningJobId || this.stallReported) return
    const idle = Date.now() - queue.lastCheckpointAt
    if (idle < limit) return
    this.stallReported = true
    this.log('warn', `Step '${queue.runningStep() ?? '?'}' of job ${queue.runningJobId} has run ${idle} ms without a checkpoint (longer than the shutdown timeout of ${limit} ms); quitting now would have to kill it.`)
  }

  private emit(event: WorkerEvent): void {
    this.transport.send({ kind: 'event', event })
  }

  private log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void {
    this.transport.send({ kind: 'log', level, message })
  }

  private requireImport(importId: number) {
    const record = getImportRow(this.requireDb(), importId)
    if (!record) throw new Error(`There is no import ${importId}.`)
    return record
  }

  private requireJobId(record: { id: number; job_id: string | null }): string {
    if (!record.job_id) throw new Error(`Import ${record.id} has no job yet.`)
    return record.job_id
  }

  private requireDb(): Database {
    if (!this.db) throw new Error('The worker database is closed')
    return this.db
  }

  private requireQueue(): SqliteQueue {
    if (!this.queue) throw new Error('The worker is not started')
    return this.queue
  }
}
