// The only writer of imports.status: each move is checked against the state machine
// (domain/import-status.ts) and written with the columns that go with its new status.
import type { Database } from 'better-sqlite3'
import type { FailureReason } from '../domain/failures.ts'
import { checkMove } from '../domain/import-status.ts'
import type { ImportStatus } from '../domain/import-status.ts'

export type StatusChange =
  /** Queued again (resume, retry): the last failure and end are forgotten. */
  | { to: 'pending' }
  | { to: 'needs_mapping' }
  /** `because`: a pause the storage forced, with why (a person's pause has none). */
  | { to: 'paused'; because?: { reason: FailureReason; message: string } }
  /** A phase starts (or starts again after a crash); `at` is kept as started_at the first time. */
  | { to: 'validating' | 'processing'; at: number }
  | { to: 'completed' | 'cancelled'; at: number }
  | { to: 'failed'; at: number; reason: FailureReason; message: string }

function assignments(change: StatusChange): [sql: string, params: unknown[]] {
  switch (change.to) {
    case 'pending':
      return ['failure_reason = NULL, failure_message = NULL, finished_at = NULL', []]
    case 'needs_mapping':
      return ['', []]
    case 'paused':
      return change.because ? ['failure_reason = ?, failure_message = ?', [change.because.reason, change.because.message]] : ['', []]
    case 'validating':
    case 'processing':
      return ['started_at = coalesce(started_at, ?), failure_reason = NULL, failure_message = NULL, finished_at = NULL', [change.at]]
    case 'completed':
    case 'cancelled':
      return ['finished_at = ?', [change.at]]
    case 'failed':
      return ['failure_reason = ?, failure_message = ?, finished_at = ?', [change.reason, change.message, change.at]]
  }
}

/**
 * Moves an import to a new status, with the columns that status carries. Throws ImportStatusError
 * (and writes nothing) when the state machine refuses the move. Runs on the caller's connection and
 * transaction, so it commits with whatever else the caller writes.
 */
export function moveImport(db: Database, importId: number, change: StatusChange): void {
  const from = db.prepare('SELECT status FROM imports WHERE id = ?').pluck().get(importId) as ImportStatus | undefined
  if (from === undefined) throw new Error(`Import ${importId} does not exist`)
  checkMove(importId, from, change.to)
  const [sql, params] = assignments(change)
  db.prepare(`UPDATE imports SET status = ?${sql ? `, ${sql}` : ''} WHERE id = ?`).run(change.to, ...params, importId)
}
