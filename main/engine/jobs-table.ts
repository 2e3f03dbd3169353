// The `jobs` table: one row per job, its JSON continuation, its state and its lease. Every jobs
// statement of the queue is here, named by what it does.
import { inspect } from 'node:util'
import type { Database, Statement } from 'better-sqlite3'
import type { JobData } from './job-data.ts'

export type JobState = 'scheduled' | 'running' | 'held' | 'finished' | 'failed'

export interface JobRow {
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

/**
 * The pid of the process whose lease a running job carries, or null when it is not running. Any
 * connection may ask (the CLI reads with a read-only one); whether that process lives is the caller's question.
 */
export function holderOf(db: Database, jobId: string): number | null {
  const lease = db.prepare(`SELECT locked_by FROM jobs WHERE job_id = ? AND state = 'running'`).pluck().get(jobId) as string | null | undefined
  const pid = Number(lease?.split(':')[0])
  return Number.isInteger(pid) && pid > 0 ? pid : null
}

export class JobsTable {
  private readonly stmts: {
    insert: Statement; get: Statement; due: Statement; running: Statement; waiting: Statement; claim: Statement
    persist: Statement; end: Statement; endFromCommit: Statement; setState: Statement; makeDue: Statement
  }

  constructor(db: Database) {
    this.stmts = {
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
      running: db.prepare(`SELECT * FROM jobs WHERE state = 'running' ORDER BY enqueued_at, rowid`),
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
      makeDue: db.prepare('UPDATE jobs SET scheduled_at = NULL, last_error = NULL WHERE job_id = ?'),
    }
  }

  /** A new job, or a job enqueued again: scheduled, with no lease. */
  insert(data: JobData, now: number): void {
    this.stmts.insert.run(rowFromData(data, now))
  }

  get(jobId: string): JobRow | undefined {
    return this.stmts.get.get(jobId) as JobRow | undefined
  }

  /** Scheduled jobs due at `now`, in queue order. */
  due(now: number): JobRow[] {
    return this.stmts.due.all(now) as JobRow[]
  }

  /** Jobs some process holds a lease on (alive or not), oldest first. */
  running(): JobRow[] {
    return this.stmts.running.all() as JobRow[]
  }

  /** Jobs that will run: scheduled or running. */
  waiting(): JobRow[] {
    return this.stmts.waiting.all() as JobRow[]
  }

  claim(jobId: string, owner: string, now: number): void {
    this.stmts.claim.run(owner, now, jobId)
  }

  /** Saves a running job's progress and heartbeat; false when `owner` no longer holds its lease. */
  persist(data: JobData, owner: string, now: number): boolean {
    const { changes } = this.stmts.persist.run(
      JSON.stringify(data.continuation), data.resumptions, data.executions,
      JSON.stringify(data.exceptionExecutions), now, data.jobId, owner,
    )
    return changes === 1
  }

  /** Ends a run with the job's state as `data` has it. */
  end(data: JobData, state: JobState, error: unknown, owner: string): void {
    this.stmts.end.run(
      state, JSON.stringify(data.continuation), data.resumptions, data.executions,
      JSON.stringify(data.exceptionExecutions), data.scheduledAt, describeError(error), data.jobId, owner,
    )
  }

  /** Ends a run keeping the job's state as it was last committed (nothing from memory). */
  endFromCommit(jobId: string, state: JobState, scheduledAt: number | null, error: unknown, owner: string): void {
    this.stmts.endFromCommit.run(state, scheduledAt, describeError(error), jobId, owner)
  }

  /** Due now, with its last error forgotten (resume, retry). */
  makeDue(jobId: string): void {
    this.stmts.makeDue.run(jobId)
  }

  /** Moves a job no process runs to `state`, dropping any lease. */
  setState(jobId: string, state: JobState): void {
    this.stmts.setState.run(state, jobId)
  }
}

function describeError(error: unknown): string | null {
  if (error === null || error === undefined) return null
  if (error instanceof Error) return `${error.name}: ${error.message}`
  // A thrown non-Error (a string, an object literal): inspect shows what it holds, not "[object Object]".
  return typeof error === 'string' ? error : inspect(error, { depth: 2, breakLength: Infinity })
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

export function dataFromRow(row: JobRow): JobData {
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
