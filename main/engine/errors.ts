// Engine errors, as ActiveJob::Continuation defines them.

/**
 * Thrown at a checkpoint when the queue adapter is stopping (or before an isolated step).
 * The engine catches it and re-enqueues the job with its progress. Job code must let it
 * propagate: catching it in a step swallows the interruption.
 */
export class Interrupt extends Error {
  /** Why the job stopped: "stopping", "isolating" or the adapter's own reason. */
  readonly reason: string

  constructor(message: string, reason = 'stopping', options?: ErrorOptions) {
    super(message, options)
    this.reason = reason
  }
}
Interrupt.prototype.name = 'Interrupt'

/** Base class of the engine's errors. A ContinuationError is never resumed automatically. */
export class ContinuationError extends Error {}
ContinuationError.prototype.name = 'ContinuationError'

/** A step name is invalid, repeated, nested, or does not match the saved progress. */
export class InvalidStepError extends ContinuationError {}
InvalidStepError.prototype.name = 'InvalidStepError'

/** `advance()` on a cursor with no successor (null, a non-integer number, an array, an object…). */
export class UnadvanceableCursorError extends ContinuationError {}
UnadvanceableCursorError.prototype.name = 'UnadvanceableCursorError'

/** The job would be resumed more than its class's `maxResumptions`. */
export class ResumeLimitError extends ContinuationError {}
ResumeLimitError.prototype.name = 'ResumeLimitError'

/** A checkpoint cannot be taken (for example, a durable adapter refusing one). */
export class CheckpointError extends ContinuationError {}
CheckpointError.prototype.name = 'CheckpointError'
