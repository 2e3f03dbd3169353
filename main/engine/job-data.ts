// What crosses the engine's edges: a job as plain JSON, the queue adapter's interface and a step's API.
import type { Cursor } from './cursor.ts'
import type { ContinuableJob } from './job.ts'

export interface StepOptions {
  /** The cursor of a step that was not started before; ignored when the step is resumed. */
  start?: Cursor
  /** Run this step alone in its own execution (the job is interrupted before it if anything advanced). */
  isolated?: boolean
}

export interface Step {
  readonly name: string
  readonly cursor: Cursor
  /** The step was built from a saved "current" step (it is being resumed). */
  readonly resumed: boolean
  /** The cursor differs (deep equality) from its value when this execution began the step. */
  readonly advanced: boolean
  /** Set the cursor, then checkpoint(). */
  set(cursor: Cursor): void
  /** set(succ(from ?? cursor)): integers + 1, strings as Ruby's String#succ; others throw UnadvanceableCursorError. */
  advance(opts?: { from?: Cursor }): void
  /** Throws Interrupt when the queue adapter is stopping. */
  checkpoint(): void
}

export interface ResumeOptions {
  /** Delay before the resumed execution is due, in ms (scheduledAt = now + wait). */
  wait?: number
  queue?: string
  priority?: number
}

/** A job as it is enqueued: plain JSON. */
export interface JobData {
  jobClass: string
  jobId: string
  arguments: unknown[]
  executions: number
  /** Resumes so far, keyed by the message of the error (or interrupt) that caused them. */
  exceptionExecutions: Record<string, number>
  resumptions: number
  /** `current` is absent (not null) when no step is in progress. */
  continuation: { completed: string[]; current?: [string, Cursor] }
  queueName: string
  priority: number | null
  /** Epoch ms; null = due now. */
  scheduledAt: number | null
}

export interface QueueAdapter {
  enqueue(data: JobData): void | Promise<void>
  /** A string is the interrupt reason; true means "stopping". */
  isStopping(job: ContinuableJob): boolean | string
  /**
   * Durable adapters: called at every checkpoint (step.set / advance / checkpoint, and the automatic
   * checkpoint between steps), after the cursor was updated and before the stopping check.
   */
  checkpoint?(job: ContinuableJob): void
  /** Durable adapters: called right after a step completes, once serialize() lists it in `completed`. */
  stepCompleted?(job: ContinuableJob, stepName: string): void
}

/** The argument tuple of a job type (its `Args`, read from `arguments` so `perform` may take fewer). */
export type JobArguments<J> = J extends { arguments: infer A extends unknown[] } ? A : never

/** Any concrete job class. */
export type JobClass = new (...args: never) => ContinuableJob
