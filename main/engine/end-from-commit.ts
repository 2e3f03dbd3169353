// Ending a run whose transaction cannot be trusted (a failed COMMIT, a storage fault): roll back
// to the last commit and record the end without anything from memory (cursor, counts), which is
// ahead of what was committed. A storage fault holds the job, so it waits for Resume once there is
// room; any other error ends it as the caller says. The job then continues from exactly its last commit.
import type { Database } from 'better-sqlite3'
import type { ContinuableJob } from './job.ts'
import type { JobTransaction } from './job-transaction.ts'
import type { JobState, JobsTable } from './jobs-table.ts'
import { storageFaultOf } from './storage-fault.ts'
import { StorageReserve } from './storage-reserve.ts'
import type { JobOutcome } from './sqlite-queue.ts'

export interface EndFromCommitOptions {
  db: Database
  transaction: JobTransaction
  jobs: JobsTable
  owner: string
  /** Tells the host the run ended, once its end is committed. */
  ended: (job: ContinuableJob, outcome: JobOutcome) => void
}

export class EndFromCommit {
  private readonly options: EndFromCommitOptions
  readonly reserve: StorageReserve
  /** An end that could not be written yet (the disk was still full); the queue tries it again. */
  private unrecorded: (() => void) | null = null

  constructor(options: EndFromCommitOptions) {
    this.options = options
    this.reserve = new StorageReserve(options.db.memory ? null : options.db.name)
  }

  get pending(): boolean {
    return this.unrecorded !== null
  }

  end(job: ContinuableJob, error: unknown, otherwise: 'failed' | 'scheduled', scheduledAt: number | null): void {
    const { db, transaction, jobs, owner, ended } = this.options
    transaction.lostBy = null
    transaction.discard()
    const fault = storageFaultOf(error)
    const record = () => {
      if (fault === 'disk_full') this.reserve.release()
      db.transaction(() => {
        if (fault !== null) job.onStorageFault?.(fault, error)
        else if (otherwise === 'failed') job.onFailed?.(error)
        const state: JobState = fault !== null ? 'held' : otherwise
        jobs.endFromCommit(job.jobId, state, scheduledAt, error, owner)
      }).immediate()
      ended(job, fault !== null ? { kind: 'stopped', reason: fault, outcome: 'hold' } : otherwise === 'failed' ? { kind: 'failed', error } : { kind: 'resumed-after-error' })
    }
    try {
      record()
    } catch {
      // Still no room even for that: the job stays leased to this process, which tries again.
      this.unrecorded = record
    }
  }

  /** True once no end waits to be recorded. */
  retry(): boolean {
    try {
      this.unrecorded?.()
      this.unrecorded = null
      return true
    } catch {
      return false
    }
  }
}
