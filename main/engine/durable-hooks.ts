// What a durable queue adapter (sqlite-queue.ts) calls on the job it runs, so that state the job
// keeps beside its cursor (counts, status) commits in the same transaction as the cursor.
import type { StorageFaultKind } from './storage-fault.ts'

/** What happens to a job interrupted with a given reason. */
export type StopOutcome = 'reschedule' | 'hold' | 'finish'

/** Optional hooks a job implements to make its own state durable with its cursor. */
export interface DurableJobHooks {
  /** Inside the flush transaction, just before COMMIT: write what must commit with the cursor. */
  beforeCommit?(): void
  /** Inside the transaction that records an interrupt (pause, cancel, shutdown). */
  onStopped?(reason: string, outcome: StopOutcome): void
  /** Inside the transaction that records a failure; writes since the last checkpoint are gone. */
  onFailed?(error: unknown): void
  /** Inside the transaction that records a successful end. */
  onFinished?(): void
  /**
   * Inside the transaction that records a storage fault (the job is then held). Everything since
   * the last commit was rolled back and the job's in-memory progress is ahead of the database:
   * write only what says why it stopped, never progress.
   */
  onStorageFault?(kind: StorageFaultKind, error: unknown): void
}
