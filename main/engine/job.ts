// The continuable job: a port of ActiveJob::Continuable (its Continuation and Step are in
// continuation.ts and step.ts), plus the registry and the execution that queue adapters call.

import { randomUUID } from 'node:crypto'
import { ContinuationError, Interrupt, ResumeLimitError } from './errors.ts'
import { emitInterrupt, emitResume } from './events.ts'
import type { DurableJobHooks, StopOutcome } from './durable-hooks.ts'
import type { StorageFaultKind } from './storage-fault.ts'
import type { JobArguments, JobClass, JobData, QueueAdapter, ResumeOptions, Step, StepOptions } from './job-data.ts'
import { kAdapter, kContinuation, detachedAdapter } from './job-slots.ts'
import { Continuation } from './continuation.ts'
import { checkpointJob } from './step.ts'
import { cloneJson } from './values.ts'
export type { JobArguments, JobClass, JobData, QueueAdapter, ResumeOptions, Step, StepOptions } from './job-data.ts'

/** The statics every job class inherits from ContinuableJob. */
interface JobStatics {
  name: string
  maxResumptions: number | null
  resumeOptions: ResumeOptions
  resumeErrorsAfterAdvancing: boolean
}
/**
 * A job split into steps whose progress survives interruptions. Subclass it, implement `perform`,
 * and run the work inside `await this.step(...)`. Code outside steps runs on every execution.
 */
export abstract class ContinuableJob<Args extends unknown[] = unknown[]> implements DurableJobHooks {
  // Durable adapters call these when a job defines them (see durable-hooks.ts).
  beforeCommit?(): void
  onStopped?(reason: string, outcome: StopOutcome): void
  onFailed?(error: unknown): void
  onFinished?(): void
  onStorageFault?(kind: StorageFaultKind, error: unknown): void

  /** Resumes allowed before ResumeLimitError; null = unlimited. */
  static maxResumptions: number | null = null
  /** How a resumed execution is enqueued. `wait` is in ms. */
  static resumeOptions: ResumeOptions = { wait: 5000 }
  /** Resume (rather than fail) on an ordinary error once the execution advanced. */
  static resumeErrorsAfterAdvancing = true

  /** Enqueue a new job on the adapter; registers the class. */
  static async performLater<J extends ContinuableJob>(
    this: new (...args: JobArguments<J>) => J,
    adapter: QueueAdapter,
    ...args: JobArguments<J>
  ): Promise<JobData> {
    registerJobClass(this)
    const job = new this(...args)
    job.arguments = args
    const data = job.serialize()
    await adapter.enqueue(data)
    return data
  }

  /** Execute a new job inline; an interruption enqueues its continuation on the adapter. Registers the class. */
  static async performNow<J extends ContinuableJob>(
    this: new (...args: JobArguments<J>) => J,
    adapter: QueueAdapter,
    ...args: JobArguments<J>
  ): Promise<void> {
    registerJobClass(this)
    const job = new this(...args)
    job.arguments = args
    await runJob(job, adapter)
  }

  jobId: string = randomUUID()
  arguments: Args
  /** Incremented before each perform. */
  executions = 0
  /** Executions that began with a started continuation (incremented before perform). */
  resumptions = 0
  exceptionExecutions: Record<string, number> = {}
  queueName = 'default'
  priority: number | null = null
  /** Epoch ms; null = due now. */
  scheduledAt: number | null = null;

  [kAdapter]: QueueAdapter = detachedAdapter;
  [kContinuation]: Continuation

  constructor(...args: Args) {
    this.arguments = args
    this[kContinuation] = new Continuation(this, undefined)
  }

  /** The adapter this job is executing under. */
  get queueAdapter(): QueueAdapter {
    return this[kAdapter]
  }

  abstract perform(...args: Args): void | Promise<void>

  /** Run `body` as the named step (skipped if it completed in an earlier execution). */
  step(name: string, body: (step: Step) => unknown, options?: StepOptions): Promise<void>
  /** Run the method called `name` as the step: `this[name](step)`. */
  step(name: string, options?: StepOptions): Promise<void>
  async step(name: string, bodyOrOptions?: ((step: Step) => unknown) | StepOptions, maybeOptions?: StepOptions): Promise<void> {
    let body: (step: Step) => unknown
    let options: StepOptions | undefined
    if (typeof bodyOrOptions === 'function') {
      body = bodyOrOptions
      options = maybeOptions
    } else {
      body = this.#stepMethod(name)
      options = bodyOrOptions
    }
    const continuation = this[kContinuation]
    if (continuation.advanced) checkpointJob(this)
    await continuation.step(name, options?.start, options?.isolated === true, body)
  }

  /** Stop this execution here: emits `interrupt` and throws Interrupt; the engine re-enqueues the job. */
  interrupt(reason: string): never {
    const description = this[kContinuation].description
    emitInterrupt(this.constructor.name, this.jobId, description, reason)
    throw new Interrupt(`Interrupted ${description} (${reason})`, reason)
  }

  /** The job as JobData, including live progress (the step in progress and its cursor). */
  serialize(): JobData {
    const data: JobData = {
      jobClass: this.constructor.name,
      jobId: this.jobId,
      arguments: cloneJson(this.arguments),
      executions: this.executions,
      exceptionExecutions: { ...this.exceptionExecutions },
      resumptions: this.resumptions,
      continuation: this[kContinuation].toJSON(),
      queueName: this.queueName,
      priority: this.priority,
      scheduledAt: this.scheduledAt,
    }
    classOfData.set(data, this.constructor as JobClass)
    return data
  }

  #stepMethod(name: string): (step: Step) => unknown {
    // An invalid name is reported by the step validation instead.
    if (typeof name !== 'string' || name === '') return noop
    const method: unknown = (this as unknown as Record<string, unknown>)[name]
    if (typeof method !== 'function') {
      throw new TypeError(`undefined method '${name}' for an instance of ${this.constructor.name}`)
    }
    if (method.length > 1) throw new TypeError(`Step method '${name}' must accept 0 or 1 arguments`)
    const body = method as (this: this, step: Step) => unknown
    return (step) => body.call(this, step)
  }
}

function noop(): void {}

const registry = new Map<string, JobClass>()
/** The class that serialized a JobData object: two classes may share a name (local classes in tests). */
const classOfData = new WeakMap<JobData, JobClass>()

/** Register a job class under its name, so executeJob can rebuild its jobs. The latest registration wins. */
export function registerJobClass(jobClass: JobClass): void {
  if (typeof jobClass !== 'function' || !(jobClass.prototype instanceof ContinuableJob)) {
    throw new TypeError('registerJobClass expects a subclass of ContinuableJob')
  }
  if (!jobClass.name) throw new TypeError('A job class must have a name')
  registry.set(jobClass.name, jobClass)
}

/** The class registered under `name`, if any. */
export function getJobClass(name: string): JobClass | undefined {
  return registry.get(name)
}

/**
 * Rebuild the job from its data (class looked up by `jobClass`) and execute it once, as Active Job's
 * perform_now: executions + 1, continuation restored, interrupts and resumable errors re-enqueued on
 * `adapter`, anything else thrown. Returns the job. `onCreated` sees the job once it is built and
 * before it runs, so a caller still has it when the execution throws.
 */
export async function executeJob(
  adapter: QueueAdapter,
  data: JobData,
  onCreated?: (job: ContinuableJob) => void,
): Promise<ContinuableJob> {
  const jobClass = classOfData.get(data) ?? registry.get(data.jobClass)
  if (jobClass === undefined) {
    throw new Error(`Unknown job class '${data.jobClass}': register it with registerJobClass()`)
  }
  const args = Array.isArray(data.arguments) ? cloneJson(data.arguments) : []
  const job = new (jobClass as unknown as new (...args: unknown[]) => ContinuableJob)(...args)
  job.arguments = args
  if (typeof data.jobId === 'string') job.jobId = data.jobId
  job.executions = data.executions ?? 0
  job.exceptionExecutions = { ...data.exceptionExecutions }
  job.resumptions = data.resumptions ?? 0
  job.queueName = data.queueName ?? 'default'
  job.priority = data.priority ?? null
  job.scheduledAt = data.scheduledAt ?? null
  job[kContinuation] = new Continuation(job, data.continuation)
  job[kAdapter] = adapter
  if (onCreated !== undefined) onCreated(job)
  await runJob(job, adapter)
  return job
}

/** Active Job's perform_now around Continuable#continue. */
async function runJob(job: ContinuableJob, adapter: QueueAdapter): Promise<void> {
  job[kAdapter] = adapter
  job.executions += 1
  const continuation = job[kContinuation]
  const statics = job.constructor as unknown as JobStatics
  try {
    if (continuation.started) {
      job.resumptions += 1
      emitResume(statics.name, job.jobId, continuation.description)
    }
    await job.perform(...job.arguments)
  } catch (error) {
    if (error instanceof Interrupt) await resumeJob(job, adapter, statics, error)
    else if (error instanceof ContinuationError) throw error
    else if (statics.resumeErrorsAfterAdvancing && continuation.advanced) await resumeJob(job, adapter, statics, error)
    else throw error
  }
}

async function resumeJob(job: ContinuableJob, adapter: QueueAdapter, statics: JobStatics, error: unknown): Promise<void> {
  bump(job.exceptionExecutions, errorMessage(error))
  const max = statics.maxResumptions
  if (max !== null && max !== undefined && job.resumptions >= max) {
    throw new ResumeLimitError(`Job was resumed a maximum of ${max} times`, { cause: error })
  }
  const { wait, queue, priority } = statics.resumeOptions ?? {}
  job.scheduledAt = wait === undefined || wait === null ? null : Date.now() + wait
  if (queue !== undefined && queue !== null) job.queueName = queue
  if (priority !== undefined && priority !== null) job.priority = priority
  await adapter.enqueue(job.serialize())
}

/** Read-only view of a job's progress, for the test helpers. */
export function continuationOf(job: ContinuableJob): { readonly completed: readonly string[]; readonly current: Step | null } {
  return job[kContinuation]
}
function bump(counts: Record<string, number>, key: string): void {
  const next = (Object.hasOwn(counts, key) ? counts[key] : 0) + 1
  Object.defineProperty(counts, key, { value: next, writable: true, enumerable: true, configurable: true })
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
