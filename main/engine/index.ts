// The continuable job engine: a port of Rails 8.1 ActiveJob::Continuable with durable-checkpoint hooks.
// Generic: imports neither electron nor the importer.

export type { Cursor } from './cursor.ts'
export { succ, rubyStringSucc } from './cursor.ts'
export type { EngineEvent } from './events.ts'
export { onEngineEvent } from './events.ts'
export {
  CheckpointError,
  ContinuationError,
  Interrupt,
  InvalidStepError,
  ResumeLimitError,
  UnadvanceableCursorError,
} from './errors.ts'
export type { JobArguments, JobClass, JobData, QueueAdapter, ResumeOptions, Step, StepOptions } from './job.ts'
export { ContinuableJob, executeJob, getJobClass, registerJobClass } from './job.ts'
export { interruptIfStopping } from './step.ts'
