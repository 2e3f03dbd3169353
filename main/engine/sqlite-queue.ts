// The durable queue adapter: jobs live in the SQLite `jobs` table, and a running job's
// continuation commits in the same transaction as everything its steps wrote since the last
// flush. Generic: knows nothing of CSV. Runs wherever the single writer connection lives.
import type { Database } from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import { executeJob } from './index.ts'
import { WriterTurns } from './writer-turns.ts'
import { storageFaultOf } from './storage-fault.ts'
import { EndFromCommit } from './end-from-commit.ts'
import { DeferredWrites } from './deferred-writes.ts'
import { JobTransaction } from './job-transaction.ts'
import type { TrackedStatement } from './job-transaction.ts'
import { JobsTable, dataFromRow } from './jobs-table.ts'
import { phaseEnd, phaseStart } from './phase-clock.ts'
import type { JobState } from './jobs-table.ts'
import { LEASE_POLL_MS, Leases } from './leases.ts'
import type { JobFilter } from './leases.ts'
import type { ContinuableJob, JobData, QueueAdapter } from './index.ts'
import type { StopOutcome } from './durable-hooks.ts'

export { holderOf } from './jobs-table.ts'
export type { JobState } from './jobs-table.ts'
export type { TrackedStatement } from './job-transaction.ts'
export type { JobFilter } from './leases.ts'
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

const STOP_STRENGTH: Record<StopOutcome, number> = { reschedule: 0, hold: 1, finish: 2 }

export class LeaseLostError extends Error {
  override name = 'LeaseLostError'
}

export class SqliteQueue implements QueueAdapter {
  readonly db: Database
  readonly owner: string
  private readonly flushIntervalMs: number
  private readonly flushEveryCheckpoints: number
  private readonly now: () => number
  private readonly onCommit: ((job: ContinuableJob) => void) | undefined
  private readonly onJobEnded: ((job: ContinuableJob, outcome: JobOutcome) => void) | undefined

  // State of the one job this queue is running; the connection's open transaction is its own.
  private running: ContinuableJob | null = null
  private runningId: string | null = null
  private stopReason: string | false = false
  private stopOutcome: StopOutcome = 'reschedule'
  private shutdownReason: string | false = false
  private resumedViaEnqueue = false
  private lastFlushAt = 0
  /** Epoch ms of the running job's last checkpoint call (or of its start). */
  lastCheckpointAt = 0
  private checkpointsSinceFlush = 0
  private readonly deferredWrites: DeferredWrites
  /** stop() callers, answered when the run's end is committed, however it ended. */
  private runEndWaiters: Array<() => void> = []
  private readonly turns: WriterTurns
  private readonly endFromCommit: EndFromCommit

  private readonly transaction: JobTransaction
  private readonly jobs: JobsTable
  private readonly leases: Leases

  constructor(options: SqliteQueueOptions) {
    this.db = options.db
    this.owner = options.owner ?? `${process.pid}:${randomUUID().slice(0, 8)}`
    this.flushIntervalMs = options.flushIntervalMs ?? 100
    this.flushEveryCheckpoints = options.flushEveryCheckpoints ?? Number.POSITIVE_INFINITY
    this.now = options.now ?? Date.now
    this.onCommit = options.onCommit
    this.onJobEnded = options.onJobEnded
    this.turns = new WriterTurns(options.db.memory ? null : options.db.name)
    this.transaction = new JobTransaction(options.db)
    this.jobs = new JobsTable(options.db)
    this.deferredWrites = new DeferredWrites(options.db)
    this.endFromCommit = new EndFromCommit({
      db: options.db, transaction: this.transaction, jobs: this.jobs, owner: this.owner, ended: (job, outcome) => this.runEnded(job, outcome),
    })
    this.leases = new Leases({ jobs: this.jobs, owner: this.owner, leaseMs: options.leaseMs ?? 30_000, now: this.now, filter: options.filter })
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
    this.jobs.insert(data, this.now())
  }

  isStopping(): boolean | string {
    return this.stopReason || this.shutdownReason
  }

  /** Every checkpoint call: a boundary for rollback, and a commit when one is due. */
  checkpoint(job: ContinuableJob): void {
    this.transaction.checkpointed()
    const now = this.now()
    this.lastCheckpointAt = now
    if (++this.checkpointsSinceFlush >= this.flushEveryCheckpoints || now - this.lastFlushAt >= this.flushIntervalMs) {
      this.flush(job)
    }
  }

  stepCompleted(job: ContinuableJob): void {
    this.transaction.checkpointed()
    this.flush(job)
  }

  // ---- writes from job code -----------------------------------------------------------

  /** Prepare a write for job code. Its effects since the last checkpoint roll back if the step fails. */
  prepare(sql: string): TrackedStatement {
    return this.transaction.prepare(sql)
  }

  /** Run a write outside job code: now when no job runs, else at the running job's next commit. */
  write<T>(fn: () => T): Promise<T> {
    if (!this.runningId) return Promise.resolve(this.turns.asWaiter(() => this.db.transaction(fn).immediate()))
    return this.deferredWrites.add(fn)
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
    const row = this.jobs.get(jobId)
    return row ? row.state : null
  }

  /**
   * Moves a job that no live process runs to `state` (hold, release, finish). Call it inside
   * write() so it commits with the caller's other changes. False when a live process runs it.
   */
  setIdleJobState(jobId: string, state: JobState): boolean {
    const row = this.jobs.get(jobId)
    if (!row || jobId === this.runningId || (row.state === 'running' && this.leases.isAlive(row))) return false
    this.jobs.setState(jobId, state)
    return true
  }

  /**
   * Makes a held or ended job due now again (resume, retry), forgetting its last error. Call it
   * inside write(). False when a live process runs it.
   */
  release(jobId: string): boolean {
    if (!this.setIdleJobState(jobId, 'scheduled')) return false
    this.jobs.makeDue(jobId)
    return true
  }

  /** Claim the next due job (or one whose owner died) and run it once. False when none is due. */
  async runNext(): Promise<boolean> {
    if (this.runningId) throw new Error('SqliteQueue runs one job at a time')
    if (this.shutdownReason) return false
    if (this.endFromCommit.pending && !this.endFromCommit.retry()) return false
    const claimed = this.claim()
    if (!claimed) return false
    await this.run(claimed)
    return true
  }

  /**
   * When to look for work again (see Leases.nextDueAt); soon while a storage fault waits to be recorded.
   */
  nextDueAt(): number | null {
    return this.endFromCommit.pending ? this.now() + LEASE_POLL_MS : this.leases.nextDueAt()
  }

  // ---- internals ----------------------------------------------------------------------

  /** One runner per database: while another live process runs a job, this one claims none. */
  private claim(): JobData | null {
    if (this.leases.otherRunnerIsActive()) return null
    return this.turns.asWaiter(() =>
      this.db.transaction((): JobData | null => {
        if (this.leases.otherRunnerIsActive()) return null
        const row = this.leases.claimable()
        if (!row) return null
        this.jobs.claim(row.job_id, this.owner, this.now())
        return dataFromRow(row)
      }).immediate(),
    )
  }

  private async run(data: JobData): Promise<void> {
    this.runningId = data.jobId
    this.stopReason = false
    this.resumedViaEnqueue = false
    this.transaction.lostBy = null
    this.checkpointsSinceFlush = 0
    // The first checkpoint of a run commits at once: a resumed job shows new progress right away.
    this.lastFlushAt = Number.NEGATIVE_INFINITY
    this.lastCheckpointAt = this.now()
    this.endFromCommit.reserve.take()
    let job: ContinuableJob | null = null
    this.transaction.begin()
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
      this.transaction.discard()
      // Also a run that recorded no outcome here (its lease was lost, its class unknown).
      for (const resolveStop of this.runEndWaiters.splice(0)) resolveStop()
      this.running = null
      this.runningId = null
      this.stopReason = false
      this.deferredWrites.runAll()
    }
  }

  private flush(job: ContinuableJob): void {
    const started = phaseStart()
    const data = job.serialize()
    try {
      job.beforeCommit?.()
      if (!this.jobs.persist(data, this.owner, this.now())) {
        this.transaction.discard()
        this.transaction.begin()
        throw new LeaseLostError(`Job ${data.jobId} is no longer leased by ${this.owner}`)
      }
      this.commitAndReopen()
    } catch (error) {
      // Whatever failed between the job's writes and the next BEGIN, the commit is not to be trusted.
      if (!(error instanceof LeaseLostError)) this.transaction.markLost(error)
      throw error
    }
    phaseEnd('commits', started)
    this.onCommit?.(job)
  }

  private commitAndReopen(): void {
    this.transaction.commit()
    this.checkpointsSinceFlush = 0
    this.lastFlushAt = this.now()
    this.lastCheckpointAt = this.lastFlushAt
    // Writes from outside the job (new imports, holds) run between two of its transactions.
    if (this.deferredWrites.pending) this.deferredWrites.runAll()
    this.turns.giveWay()
    this.transaction.begin()
  }

  /** The engine re-enqueues the running job after an interrupt or a resumable error. */
  private recordResume(job: ContinuableJob, data: JobData): void {
    this.resumedViaEnqueue = true
    if (this.transaction.lost) {
      this.endFromCommit.end(job, this.transaction.lostBy?.error ?? null, 'scheduled', data.scheduledAt)
      return
    }
    this.transaction.undoSinceCheckpoint()
    const interrupted = this.stopReason || this.shutdownReason
    if (interrupted) {
      const outcome: StopOutcome = this.stopReason ? this.stopOutcome : 'reschedule'
      job.beforeCommit?.()
      job.onStopped?.(interrupted, outcome)
      const state: JobState = outcome === 'hold' ? 'held' : outcome === 'finish' ? 'finished' : 'scheduled'
      this.jobs.end(data, state, null, this.owner)
      this.transaction.commit()
      this.runEnded(job, { kind: 'stopped', reason: interrupted, outcome })
    } else {
      job.beforeCommit?.()
      this.jobs.end(data, 'scheduled', null, this.owner)
      this.transaction.commit()
      this.runEnded(job, { kind: 'resumed-after-error' })
    }
  }

  private end(job: ContinuableJob, state: JobState, error: unknown): void {
    if (state === 'finished') job.onFinished?.()
    this.jobs.end(job.serialize(), state, error, this.owner)
    this.transaction.commit()
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
    if (this.transaction.lost || storageFaultOf(error) !== null) {
      this.endFromCommit.end(job, error, 'failed', null)
      return
    }
    this.transaction.undoSinceCheckpoint()
    job.beforeCommit?.()
    job.onFailed?.(error)
    try {
      this.end(job, 'failed', error)
    } catch (endError) {
      // Recording the failure failed too (the disk filled meanwhile): end from the last commit.
      this.endFromCommit.end(job, endError, 'failed', null)
    }
  }

  /** The job could not even be built (unknown class, bad arguments). */
  private abandon(data: JobData, error: unknown): void {
    try {
      if (!this.transaction.open) this.transaction.begin()
      this.jobs.end(data, 'failed', error, this.owner)
      this.transaction.commit()
    } catch {
      // Not even that could be written: the job stays as it was committed, for the next run.
      this.transaction.discard()
    }
  }

}
