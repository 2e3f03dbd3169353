// Test support: an in-memory queue adapter and the helpers of ActiveJob::Continuation::TestHelper.

import type { Cursor } from './cursor.ts'
import { cursorsEqual } from './cursor.ts'
import type { ContinuableJob, JobData, QueueAdapter } from './job.ts'
import { continuationOf, executeJob } from './job.ts'

export type Stopping = boolean | string | ((job: ContinuableJob) => boolean | string)

/** Any job class, abstract ones included (matched with instanceof). */
export type JobClassLike = abstract new (...args: never) => ContinuableJob

/** In-memory adapter, like Active Job's test adapter. */
export class TestAdapter implements QueueAdapter {
  /** Jobs waiting to be performed, oldest first. */
  enqueued: JobData[] = []
  /** Jobs performed by performEnqueuedJobs, in order. */
  performed: JobData[] = []
  /** What isStopping answers: a value, or a predicate asked at every checkpoint. */
  stopping: Stopping = false

  enqueue(data: JobData): void {
    this.enqueued.push(data)
  }

  isStopping(job: ContinuableJob): boolean | string {
    const stopping = this.stopping
    return typeof stopping === 'function' ? stopping(job) : stopping
  }

  /**
   * Perform, once each and in order, the jobs enqueued at the moment of the call (ignoring
   * scheduledAt). Jobs enqueued meanwhile wait for the next call. Errors propagate; jobs of the
   * batch not yet performed then stay enqueued.
   */
  async performEnqueuedJobs(): Promise<void> {
    const batch = this.enqueued.slice()
    for (const data of batch) {
      const index = this.enqueued.indexOf(data)
      if (index < 0) continue
      this.enqueued.splice(index, 1)
      this.performed.push(data)
      await executeJob(this, data)
    }
  }
}

/** Swap `adapter.stopping` for the duration of the awaited `fn`, restoring it even when `fn` throws. */
export async function withStopping<T>(adapter: TestAdapter, stopping: Stopping, fn: () => T | Promise<T>): Promise<T> {
  const previous = adapter.stopping
  adapter.stopping = stopping
  try {
    return await fn()
  } finally {
    adapter.stopping = previous
  }
}

/** A job of `jobClass` is inside `stepName` with this cursor (Rails' during_step?). */
export function isDuringStep(job: ContinuableJob, jobClass: JobClassLike, stepName: string, cursor: Cursor = null): boolean {
  if (!(job instanceof jobClass)) return false
  const current = continuationOf(job).current
  return current !== null && current.name === stepName && cursorsEqual(current.cursor, cursor)
}

/** A job of `jobClass` has just completed `stepName` and started nothing since (Rails' after_step?). */
export function isAfterStep(job: ContinuableJob, jobClass: JobClassLike, stepName: string): boolean {
  if (!(job instanceof jobClass)) return false
  const { completed, current } = continuationOf(job)
  return current === null && completed.length > 0 && completed[completed.length - 1] === stepName
}

/** Interrupt jobs of `jobClass` at the checkpoint where `stepName` has this cursor (default null), while `fn` runs. */
export function interruptJobDuringStep<T>(
  adapter: TestAdapter,
  jobClass: JobClassLike,
  stepName: string,
  options: { cursor?: Cursor },
  fn: () => T | Promise<T>,
): Promise<T>
export function interruptJobDuringStep<T>(
  adapter: TestAdapter,
  jobClass: JobClassLike,
  stepName: string,
  fn: () => T | Promise<T>,
): Promise<T>
export function interruptJobDuringStep<T>(
  adapter: TestAdapter,
  jobClass: JobClassLike,
  stepName: string,
  optionsOrFn: { cursor?: Cursor } | (() => T | Promise<T>),
  maybeFn?: () => T | Promise<T>,
): Promise<T> {
  const [options, fn] = typeof optionsOrFn === 'function' ? [{}, optionsOrFn] : [optionsOrFn ?? {}, maybeFn]
  if (typeof fn !== 'function') throw new TypeError('interruptJobDuringStep needs a function to run')
  const cursor = options.cursor ?? null
  return withStopping(adapter, (job) => isDuringStep(job, jobClass, stepName, cursor), fn)
}

/**
 * Interrupt jobs of `jobClass` at the first checkpoint after `stepName` completes, while `fn` runs.
 * There is no checkpoint after the last step, so a job is not interrupted after its last step.
 */
export function interruptJobAfterStep<T>(
  adapter: TestAdapter,
  jobClass: JobClassLike,
  stepName: string,
  fn: () => T | Promise<T>,
): Promise<T> {
  return withStopping(adapter, (job) => isAfterStep(job, jobClass, stepName), fn)
}
