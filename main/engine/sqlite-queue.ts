// The durable queue adapter: jobs live in the SQLite `jobs` table, and a running job's
// continuation commits in the same transaction as everything its steps wrote since the last
// flush. Generic: knows nothing of CSV. Runs wherever the single writer connection lives.
import type { Database, Statement } from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import { executeJob } from './index.ts'
import { isProcessRunning } from './local-process.ts'
import { WriterTurns } from './writer-turns.ts'
import { storageFaultOf } from './storage-fault.ts'
import { StorageReserve } from './storage-reserve.ts'
import type { ContinuableJob, JobData, QueueAdapter } from './index.ts'
import type { StopOutcome } from './durable-hooks.ts'

export type JobState = 'scheduled' | 'running' | 'held' | 'finished' | 'failed'

export type { DurableJobHooks, StopOutcome } from './durable-hooks.ts'

export type JobOutcome =
  | { kind: 'finished' }
  | { kind: 'stopped'; reason: string; outcome: StopOutcome }
  | { kind: 'resumed-after-error' }
  | { kind: 'failed'; error: unknown }

export interface SqliteQueueOptions {
  /** The single writer connection. */
  db: Database
  /** Lease owner; defaults to `<pid>:<random>`. */
  owner?: string
  /** Commit at most this often while a job runs (ms). */
  flushIntervalMs?: number
  /** Also commit after this many checkpoint calls. */
  flushEveryCheckpoints?: number
  /** A running job whose heartbeat is older than this is taken again. */
  leaseMs?: number
  now?: () => number
  /** Only jobs it accepts are claimed (default: every job). */
  filter?: JobFilter
  /** Notified after every durable commit of a running job and when a job run ends. */
  onCommit?: (job: ContinuableJob) => void
  onJobEnded?: (job: ContinuableJob, outcome: JobOutcome) => void
}

interface JobRow {
  job_id: string
  job_class: string
  arguments: string
  continuation: string
  resumptions: number
  executions: number
  exception_executions: string
  queue_name: string
  priority: number | null
  scheduled_at: number | null
  state: JobState
  locked_by: string | null
  heartbeat_at: number | null
}

/** A prepared write whose effects roll back to the last checkpoint if the step then fails. */
export interface TrackedStatement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint }
}

const STOP_STRENGTH: Record<StopOutcome, number> = { reschedule: 0, hold: 1, finish: 2 }

/** Which jobs a queue may run (all, when absent): a host may run only what it was asked to. */
export type JobFilter = (job: { jobClass: string; arguments: unknown[] }) => boolean

/** How often to look again at a job another process holds. */
const LEASE_POLL_MS = 1000

/**
 * The pid of the process whose lease a running job carries, or null when it is not running. Any
 * connection may ask (the CLI reads with a read-only one); whether that process lives is the caller's question.
 */
export function holderOf(db: Database, jobId: string): number | null {
  const lease = db.prepare(`SELECT locked_by FROM jobs WHERE job_id = ? AND state = 'running'`).pluck().get(jobId) as string | null | undefined
  const pid = Number(lease?.split(':')[0])
  return Number.isInteger(pid) && pid > 0 ? pid : null
}

export class LeaseLostError extends Error {
  override name = 'LeaseLostError'
}

export class SqliteQueue implements QueueAdapter {
  readonly db: Database
  readonly owner: string
  private readonly flushIntervalMs: number
  private readonly flushEveryCheckpoints: number
  private readonly leaseMs: number
  private readonly now: () => number
  private readonly onCommit: ((job: ContinuableJob) => void) | undefined
  private readonly onJobEnded: ((job: ContinuableJob, outcome: JobOutcome) => void) | undefined
  private readonly filter: JobFilter | undefined

  // State of the one job this queue is running; the connection's open transaction is its own.
  private running: ContinuableJob | null = null
  private runningId: string | null = null
  private stopReason: string | false = false
  private stopOutcome: StopOutcome = 'reschedule'
  private shutdownReason: string | false = false
  private resumedViaEnqueue = false
  private dirtySinceCheckpoint = false
  private savepointOpen = false
  /**
   * Set when a write or COMMIT failed in a way that may have ended the transaction (a storage
   * fault, a failed COMMIT): the job's in-memory state is then ahead of the database, and its run
   * must end from the last commit, not from its last checkpoint.
   */
  private transactionLostBy: { error: unknown } | null = null
  /** A storage fault whose record could not be written yet (the disk was still full); retried. */
  private unrecordedFault: (() => void) | null = null
  private lastFlushAt = 0
  /** Epoch ms of the running job's last checkpoint call (or of its start). */
  lastCheckpointAt = 0
  private checkpointsSinceFlush = 0
  /** Writes from outside the job, each run in its own transaction between two of the job's. */
  private deferredWrites: Array<{ write: () => unknown; resolve: (value: unknown) => void; reject: (error: unknown) => void }> = []
  /** stop() callers, answered when the run's end is committed, however it ended. */
  private runEndWaiters: Array<() => void> = []
  private readonly turns: WriterTurns
  private readonly reserve: StorageReserve

  private readonly stmts: {
    begin: Statement; commit: Statement; rollback: Statement
    savepoint: Statement; release: Statement; rollbackTo: Statement
    insert: Statement; get: Statement; due: Statement; runningRows: Statement; waiting: Statement; claim: Statement
    persist: Statement; end: Statement; endFromCommit: Statement; setState: Statement
  }

  constructor(options: SqliteQueueOptions) {
    this.db = options.db
    this.owner = options.owner ?? `${process.pid}:${randomUUID().slice(0, 8)}`
    this.flushIntervalMs = options.flushIntervalMs ?? 100
    this.flushEveryCheckpoints = options.flushEveryCheckpoints ?? Number.POSITIVE_INFINITY
    this.leaseMs = options.leaseMs ?? 30_000
    this.now = options.now ?? Date.now
    this.onCommit = options.onCommit
    this.onJobEnded = options.onJobEnded
    this.filter = options.filter
    this.turns = new WriterTurns(options.db.memory ? null : options.db.name)
    this.reserve = new StorageReserve(options.db.memory ? null : options.db.name)
    const db = this.db
    this.stmts = {
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      savepoint: db.prepare('SAVEPOINT checkpoint'),
      release: db.prepare('RELEASE checkpoint'),
      rollbackTo: db.prepare('ROLLBACK TO checkpoint'),
      insert: db.prepare(`INSERT INTO jobs (job_id, job_class, arguments, continuation, resumptions, executions,
          exception_executions, queue_name, priority, scheduled_at, state, enqueued_at)
        VALUES (@job_id, @job_class, @arguments, @continuation, @resumptions, @executions,
          @exception_executions, @queue_name, @priority, @scheduled_at, 'scheduled', @enqueued_at)
        ON CONFLICT(job_id) DO UPDATE SET arguments = excluded.arguments, continuation = excluded.continuation,
          resumptions = excluded.resumptions, executions = excluded.executions,
          exception_executions = excluded.exception_executions, queue_name = excluded.queue_name,
          priority = excluded.priority, scheduled_at = excluded.scheduled_at, state = 'scheduled',
          locked_by = NULL, heartbeat_at = NULL`),
      get: db.prepare('SELECT * FROM jobs WHERE job_id = ?'),
      due: db.prepare(`SELECT * FROM jobs WHERE state = 'scheduled' AND (scheduled_at IS NULL OR scheduled_at <= ?)
        ORDER BY coalesce(scheduled_at, 0), priority IS NULL, priority, enqueued_at, rowid`),
      runningRows: db.prepare(`SELECT * FROM jobs WHERE state = 'running' ORDER BY enqueued_at, rowid`),
      waiting: db.prepare(`SELECT * FROM jobs WHERE state IN ('scheduled', 'running')`),
      claim: db.prepare(`UPDATE jobs SET state = 'running', locked_by = ?, heartbeat_at = ? WHERE job_id = ?`),
      persist: db.prepare(`UPDATE jobs SET continuation = ?, resumptions = ?, executions = ?,
          exception_executions = ?, heartbeat_at = ? WHERE job_id = ? AND locked_by = ?`),
      end: db.prepare(`UPDATE jobs SET state = ?, continuation = ?, resumptions = ?, executions = ?,
          exception_executions = ?, scheduled_at = ?, locked_by = NULL, heartbeat_at = NULL, last_error = ?
        WHERE job_id = ? AND locked_by = ?`),
      endFromCommit: db.prepare(`UPDATE jobs SET state = ?, scheduled_at = ?, locked_by = NULL, heartbeat_at = NULL, last_error = ?
        WHERE job_id = ? AND locked_by = ?`),
      setState: db.prepare(`UPDATE jobs SET state = ?, locked_by = NULL, heartbeat_at = NULL WHERE job_id = ?`),
    }
  }

  // ---- QueueAdapter -------------------------------------------------------------------

  enqueue(data: JobData): Promise<void> | void {
    if (data.jobId === this.runningId && this.running) {
      this.recordResume(this.running, data)
      return
    }
    // Resolves once the job row is committed (at the running job's next commit, if one runs).
    return this.write(() => this.insert(data))
  }

  /** Write a new job row inside a write(), so that it commits with what the caller writes about it. */
  insert(data: JobData): void {
    this.stmts.insert.run(rowFromData(data, this.now()))
  }

  isStopping(): boolean | string {
    return this.stopReason || this.shutdownReason
  }

  /** Every checkpoint call: a boundary for rollback, and a commit when one is due. */
  checkpoint(job: ContinuableJob): void {
    this.dirtySinceCheckpoint = false
    const now = this.now()
    this.lastCheckpointAt = now
    if (++this.checkpointsSinceFlush >= this.flushEveryCheckpoints || now - this.lastFlushAt >= this.flushIntervalMs) {
      this.flush(job)
    }
  }

  stepCompleted(job: ContinuableJob): void {
    this.dirtySinceCheckpoint = false
    this.flush(job)
  }

  // ---- writes from job code -----------------------------------------------------------

  /** Prepare a write for job code. Its effects since the last checkpoint roll back if the step fails. */
  prepare(sql: string): TrackedStatement {
    const statement = this.db.prepare(sql)
    return {
      run: (...params: unknown[]) => {
        if (!this.dirtySinceCheckpoint) this.markDirty()
        try {
          return statement.run(...params)
        } catch (error) {
          // SQLite may have rolled the whole transaction back (it does for some FULL and IOERR cases).
          if (storageFaultOf(error) !== null || !this.db.inTransaction) this.transactionLostBy ??= { error }
          throw error
        }
      },
    }
  }

  /** Run a write outside job code: now when no job runs, else at the running job's next commit. */
  write<T>(fn: () => T): Promise<T> {
    if (!this.runningId) return Promise.resolve(this.turns.asWaiter(() => this.db.transaction(fn).immediate()))
    return new Promise<T>((resolve, reject) => {
      this.deferredWrites.push({ write: fn, resolve: resolve as (value: unknown) => void, reject })
    })
  }

  // ---- control ------------------------------------------------------------------------

  /**
   * Interrupt the running job at its next checkpoint, with a reason and what follows. Resolves once
   * the run's end is committed (it may have ended otherwise first: the caller reads what it left);
   * null when this queue is not running the job. A cancel (finish) never turns back into a pause.
   */
  stop(jobId: string, reason: string, outcome: StopOutcome): Promise<void> | null {
    if (jobId !== this.runningId) return null
    if (!this.stopReason || STOP_STRENGTH[outcome] > STOP_STRENGTH[this.stopOutcome]) {
      this.stopReason = reason
      this.stopOutcome = outcome
    }
    return new Promise((resolveStop) => this.runEndWaiters.push(resolveStop))
  }

  /** Interrupt whatever runs (reason "stopping") and refuse to claim more. */
  shutdown(): void {
    this.shutdownReason = 'stopping'
  }

  get runningJobId(): string | null {
    return this.runningId
  }

  /** The step the running job is in, for diagnostics. */
  runningStep(): string | null {
    return this.running?.serialize().continuation.current?.[0] ?? null
  }

  jobState(jobId: string): JobState | null {
    const row = this.stmts.get.get(jobId) as JobRow | undefined
    return row ? row.state : null
  }

  /**
   * Moves a job that no live process runs to `state` (hold, release, finish). Call it inside
   * write() so it commits with the caller's other changes. False when a live process runs it.
   */
  setIdleJobState(jobId: string, state: JobState): boolean {
    const row = this.stmts.get.get(jobId) as JobRow | undefined
    if (!row || jobId === this.runningId || (row.state === 'running' && this.isLeaseAlive(row))) return false
    this.stmts.setState.run(state, jobId)
    return true
  }

  /**
   * Makes a held or ended job due now again (resume, retry), forgetting its last error. Call it
   * inside write(). False when a live process runs it.
   */
  release(jobId: string): boolean {
    if (!this.setIdleJobState(jobId, 'scheduled')) return false
    this.db.prepare('UPDATE jobs SET scheduled_at = NULL, last_error = NULL WHERE job_id = ?').run(jobId)
    return true
  }

  /** Claim the next due job (or one whose owner died) and run it once. False when none is due. */
  async runNext(): Promise<boolean> {
    if (this.runningId) throw new Error('SqliteQueue runs one job at a time')
    if (this.shutdownReason) return false
    if (this.unrecordedFault && !this.retryUnrecordedFault()) return false
    const claimed = this.claim()
    if (!claimed) return false
    await this.run(claimed)
    return true
  }

  /**
   * When to look for work again: the next scheduled job's time, or within a second while another
   * process holds a job (it may stop or die and leave it to us); null when nothing is waiting.
   */
  nextDueAt(): number | null {
    if (this.unrecordedFault) return this.now() + LEASE_POLL_MS
    const rows = this.stmts.waiting.all() as JobRow[]
    let at: number | null = null
    for (const row of rows) {
      if (!this.mayRun(row)) continue
      const due = row.state === 'scheduled' ? (row.scheduled_at ?? 0) : this.now() + LEASE_POLL_MS
      at = at === null ? due : Math.min(at, due)
    }
    // Due, but another process runs a job: nothing can be claimed before it stops or dies.
    if (at !== null && at <= this.now() && this.otherRunnerIsActive()) return this.now() + LEASE_POLL_MS
    return at
  }

  // ---- internals ----------------------------------------------------------------------

  /** One runner per database: while another live process runs a job, this one claims none. */
  private claim(): JobData | null {
    if (this.otherRunnerIsActive()) return null
    return this.turns.asWaiter(() =>
      this.db.transaction((): JobData | null => {
        if (this.otherRunnerIsActive()) return null
        // A job whose process died was at the head of the queue: it continues before any other.
        const row =
          (this.stmts.runningRows.all() as JobRow[]).find((r) => !this.isLeaseAlive(r) && this.mayRun(r)) ??
          (this.stmts.due.all(this.now()) as JobRow[]).find((r) => this.mayRun(r))
        if (!row) return null
        this.stmts.claim.run(this.owner, this.now(), row.job_id)
        return dataFromRow(row)
      }).immediate(),
    )
  }

  private mayRun(row: JobRow): boolean {
    return this.filter === undefined || this.filter({ jobClass: row.job_class, arguments: JSON.parse(row.arguments) as unknown[] })
  }

  private otherRunnerIsActive(): boolean {
    return (this.stmts.runningRows.all() as JobRow[]).some((row) => row.locked_by !== this.owner && this.isLeaseAlive(row))
  }

  /** A lease is alive while its heartbeat is recent and, on this machine, its process exists. */
  private isLeaseAlive(row: JobRow): boolean {
    if (row.locked_by === this.owner) return true
    if (row.heartbeat_at === null || this.now() - row.heartbeat_at > this.leaseMs) return false
    const pid = Number(row.locked_by?.split(':')[0])
    if (!Number.isInteger(pid) || pid <= 0) return true
    return isProcessRunning(pid)
  }

  private async run(data: JobData): Promise<void> {
    this.runningId = data.jobId
    this.stopReason = false
    this.resumedViaEnqueue = false
    this.dirtySinceCheckpoint = false
    this.savepointOpen = false
    this.transactionLostBy = null
    this.checkpointsSinceFlush = 0
    // The first checkpoint of a run commits at once: a resumed job shows new progress right away.
    this.lastFlushAt = Number.NEGATIVE_INFINITY
    this.lastCheckpointAt = this.now()
    this.reserve.take()
    let job: ContinuableJob | null = null
    this.stmts.begin.run()
    try {
      job = await executeJob(this, data, (created) => {
        this.running = created
      })
      if (!this.resumedViaEnqueue) this.end(job, 'finished', null)
    } catch (error) {
      job = job ?? this.running
      if (job) this.fail(job, error)
      else this.abandon(data, error)
    } finally {
      // Never leave a half-written transaction behind for the next job.
      this.discardTransaction()
      // Also a run that recorded no outcome here (its lease was lost, its class unknown).
      for (const resolveStop of this.runEndWaiters.splice(0)) resolveStop()
      this.running = null
      this.runningId = null
      this.stopReason = false
      this.runDeferredWrites()
    }
  }

  private markDirty(): void {
    if (this.savepointOpen) this.stmts.release.run()
    this.stmts.savepoint.run()
    this.savepointOpen = true
    this.dirtySinceCheckpoint = true
  }

  private undoSinceCheckpoint(): void {
    if (this.dirtySinceCheckpoint) this.stmts.rollbackTo.run()
    this.dirtySinceCheckpoint = false
  }

  private flush(job: ContinuableJob): void {
    const data = job.serialize()
    try {
      job.beforeCommit?.()
      const result = this.stmts.persist.run(
        JSON.stringify(data.continuation), data.resumptions, data.executions,
        JSON.stringify(data.exceptionExecutions), this.now(), data.jobId, this.owner,
      )
      if (result.changes !== 1) {
        this.stmts.rollback.run()
        this.stmts.begin.run()
        throw new LeaseLostError(`Job ${data.jobId} is no longer leased by ${this.owner}`)
      }
      this.commitAndReopen()
    } catch (error) {
      // Whatever failed between the job's writes and the next BEGIN, the commit is not to be trusted.
      if (!(error instanceof LeaseLostError)) this.transactionLostBy ??= { error }
      throw error
    }
    this.onCommit?.(job)
  }

  /** COMMIT; when it fails the transaction is lost (SQLite may or may not have rolled it back). */
  private commit(): void {
    try {
      this.stmts.commit.run()
    } catch (error) {
      this.transactionLostBy ??= { error }
      throw error
    }
  }

  /** Rolls back whatever transaction is open; a connection that cannot even do that has nothing to keep. */
  private discardTransaction(): void {
    try {
      if (this.db.inTransaction) this.stmts.rollback.run()
    } catch {
      // A failed ROLLBACK leaves SQLite to roll back on the next BEGIN or on close.
    }
    this.savepointOpen = false
    this.dirtySinceCheckpoint = false
  }

  private commitAndReopen(): void {
    this.commit()
    this.savepointOpen = false
    this.dirtySinceCheckpoint = false
    this.checkpointsSinceFlush = 0
    this.lastFlushAt = this.now()
    this.lastCheckpointAt = this.lastFlushAt
    // Writes from outside the job (new imports, holds) run between two of its transactions.
    if (this.deferredWrites.length > 0) this.runDeferredWrites()
    this.turns.giveWay()
    this.stmts.begin.run()
  }

  /** Each commits whole or not at all, and is answered once its COMMIT is done. */
  private runDeferredWrites(): void {
    for (const { write, resolve, reject } of this.deferredWrites.splice(0)) {
      try {
        resolve(this.db.transaction(write).immediate())
      } catch (error) {
        reject(error)
      }
    }
  }

  /** The engine re-enqueues the running job after an interrupt or a resumable error. */
  private recordResume(job: ContinuableJob, data: JobData): void {
    this.resumedViaEnqueue = true
    if (this.transactionLostBy || !this.db.inTransaction) {
      this.endFromLastCommit(job, this.transactionLostBy?.error ?? null, 'scheduled', data.scheduledAt)
      return
    }
    this.undoSinceCheckpoint()
    const interrupted = this.stopReason || this.shutdownReason
    if (interrupted) {
      const outcome: StopOutcome = this.stopReason ? this.stopOutcome : 'reschedule'
      job.beforeCommit?.()
      job.onStopped?.(interrupted, outcome)
      const state: JobState = outcome === 'hold' ? 'held' : outcome === 'finish' ? 'finished' : 'scheduled'
      this.writeEnd(data, state, null)
      this.commit()
      this.runEnded(job, { kind: 'stopped', reason: interrupted, outcome })
    } else {
      job.beforeCommit?.()
      this.writeEnd(data, 'scheduled', null)
      this.commit()
      this.runEnded(job, { kind: 'resumed-after-error' })
    }
  }

  private end(job: ContinuableJob, state: JobState, error: unknown): void {
    if (state === 'finished') job.onFinished?.()
    this.writeEnd(job.serialize(), state, error)
    this.commit()
    this.runEnded(job, state === 'finished' ? { kind: 'finished' } : { kind: 'failed', error })
  }

  /** Tells the host, and whoever waits on stop(), that the run ended; its outcome is committed. */
  private runEnded(job: ContinuableJob, outcome: JobOutcome): void {
    this.onJobEnded?.(job, outcome)
    for (const resolveStop of this.runEndWaiters.splice(0)) resolveStop()
  }

  private fail(job: ContinuableJob, error: unknown): void {
    // Another process owns the job now: leave every trace of this run to it.
    if (error instanceof LeaseLostError) return
    if (this.transactionLostBy || !this.db.inTransaction || storageFaultOf(error) !== null) {
      this.endFromLastCommit(job, error, 'failed', null)
      return
    }
    this.undoSinceCheckpoint()
    job.beforeCommit?.()
    job.onFailed?.(error)
    try {
      this.end(job, 'failed', error)
    } catch (endError) {
      // Recording the failure failed too (the disk filled meanwhile): end from the last commit.
      this.endFromLastCommit(job, endError, 'failed', null)
    }
  }

  /**
   * Ends a run whose transaction cannot be trusted: rolls back to the last commit and records the
   * end without anything from memory (cursor, counts), which is ahead of what was committed. A
   * storage fault holds the job, so it waits for Resume once there is room; any other error
   * ends it as `otherwise`. The job then continues from exactly its last commit.
   */
  private endFromLastCommit(job: ContinuableJob, error: unknown, otherwise: 'failed' | 'scheduled', scheduledAt: number | null): void {
    this.transactionLostBy = null
    this.discardTransaction()
    const fault = storageFaultOf(error)
    const message = describeError(error)
    const record = () => {
      if (fault === 'disk_full') this.reserve.release()
      this.db.transaction(() => {
        if (fault !== null) job.onStorageFault?.(fault, error)
        else if (otherwise === 'failed') job.onFailed?.(error)
        const state: JobState = fault !== null ? 'held' : otherwise
        this.stmts.endFromCommit.run(state, scheduledAt, message, job.jobId, this.owner)
      }).immediate()
      this.runEnded(job, fault !== null ? { kind: 'stopped', reason: fault, outcome: 'hold' } : otherwise === 'failed' ? { kind: 'failed', error } : { kind: 'resumed-after-error' })
    }
    try {
      record()
    } catch {
      // Still no room even for that: the job stays leased to this process, which tries again.
      this.unrecordedFault = record
    }
  }

  /** True once the pending fault record is written. */
  private retryUnrecordedFault(): boolean {
    try {
      this.unrecordedFault?.()
      this.unrecordedFault = null
      return true
    } catch {
      return false
    }
  }

  /** The job could not even be built (unknown class, bad arguments). */
  private abandon(data: JobData, error: unknown): void {
    try {
      if (!this.db.inTransaction) this.stmts.begin.run()
      this.writeEnd(data, 'failed', error)
      this.commit()
    } catch {
      // Not even that could be written: the job stays as it was committed, for the next run.
      this.discardTransaction()
    }
  }

  private writeEnd(data: JobData, state: JobState, error: unknown): void {
    const message = describeError(error)
    this.stmts.end.run(
      state, JSON.stringify(data.continuation), data.resumptions, data.executions,
      JSON.stringify(data.exceptionExecutions), data.scheduledAt, message, data.jobId, this.owner,
    )
  }
}

function describeError(error: unknown): string | null {
  if (error === null || error === undefined) return null
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}

function rowFromData(data: JobData, now: number): Record<string, unknown> {
  return {
    job_id: data.jobId,
    job_class: data.jobClass,
    arguments: JSON.stringify(data.arguments),
    continuation: JSON.stringify(data.continuation),
    resumptions: data.resumptions,
    executions: data.executions,
    exception_executions: JSON.stringify(data.exceptionExecutions),
    queue_name: data.queueName,
    priority: data.priority,
    scheduled_at: data.scheduledAt,
    enqueued_at: now,
  }
}

function dataFromRow(row: JobRow): JobData {
  return {
    jobClass: row.job_class,
    jobId: row.job_id,
    arguments: JSON.parse(row.arguments) as unknown[],
    executions: row.executions,
    exceptionExecutions: JSON.parse(row.exception_executions) as Record<string, number>,
    resumptions: row.resumptions,
    continuation: JSON.parse(row.continuation) as JobData['continuation'],
    queueName: row.queue_name,
    priority: row.priority,
    scheduledAt: row.scheduled_at,
  }
}
