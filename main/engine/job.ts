// The continuable job: a port of ActiveJob::Continuable, ActiveJob::Continuation and its Step.

import { randomUUID } from 'node:crypto'
import type { Cursor } from './cursor.ts'
import { cursorsEqual, inspectCursor, succ } from './cursor.ts'
import { ContinuationError, InvalidStepError, Interrupt, ResumeLimitError } from './errors.ts'
import { emitInterrupt, emitResume, emitStep, emitStepSkipped, emitStepStarted } from './events.ts'
import type { DurableJobHooks, StopOutcome } from './durable-hooks.ts'
import type { StorageFaultKind } from './storage-fault.ts'

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

/** The statics every job class inherits from ContinuableJob. */
interface JobStatics {
  name: string
  maxResumptions: number | null
  resumeOptions: ResumeOptions
  resumeErrorsAfterAdvancing: boolean
}

const kAdapter = Symbol('queueAdapter')
const kContinuation = Symbol('continuation')

/** The adapter of a job that is not executing: never stopping, cannot enqueue. */
const detachedAdapter: QueueAdapter = {
  enqueue(): void {
    throw new Error('This job is not executing under a queue adapter; run it with performNow, performLater or executeJob')
  },
  isStopping(): boolean {
    return false
  },
}

/** Checkpoint!: let a durable adapter persist, then interrupt if the adapter is stopping. Hot path: allocates nothing. */
function checkpointJob(job: ContinuableJob): void {
  const adapter = job[kAdapter]
  if (adapter.checkpoint !== undefined) adapter.checkpoint(job)
  const stopping = adapter.isStopping(job)
  if (stopping) job.interrupt(typeof stopping === 'string' ? stopping : 'stopping')
}

class ContinuationStep implements Step {
  readonly name: string
  readonly resumed: boolean
  #cursor: Cursor
  readonly #initialCursor: Cursor
  readonly #job: ContinuableJob

  constructor(name: string, cursor: Cursor, resumed: boolean, job: ContinuableJob) {
    this.name = name
    this.resumed = resumed
    this.#cursor = cursor
    this.#initialCursor = cursor
    this.#job = job
  }

  get cursor(): Cursor {
    return this.#cursor
  }

  get advanced(): boolean {
    return !cursorsEqual(this.#initialCursor, this.#cursor)
  }

  set(cursor: Cursor): void {
    this.#cursor = cursor === undefined ? null : cursor
    checkpointJob(this.#job)
  }

  advance(opts?: { from?: Cursor }): void {
    const from = opts === undefined ? this.#cursor : (opts.from ?? this.#cursor)
    this.set(succ(from))
  }

  checkpoint(): void {
    checkpointJob(this.#job)
  }

  get description(): string {
    return `at '${this.name}', cursor '${inspectCursor(this.#cursor)}'`
  }
}

/** What a job has done so far: completed steps, the step in progress, and this execution's state. */
class Continuation {
  readonly #job: ContinuableJob
  readonly completed: string[]
  current: ContinuationStep | null
  readonly #encountered: string[] = []
  /** This execution completed a step or moved a cursor. */
  advanced = false
  #runningStep = false
  #isolating = false

  constructor(job: ContinuableJob, progress: Partial<JobData['continuation']> | null | undefined) {
    this.#job = job
    const completed = progress?.completed
    this.completed = Array.isArray(completed) ? completed.map(String) : []
    const current = progress?.current
    this.current = Array.isArray(current) ? new ContinuationStep(String(current[0]), current[1] ?? null, true, job) : null
  }

  get started(): boolean {
    return this.completed.length > 0 || this.current !== null
  }

  get description(): string {
    if (this.current !== null) return this.current.description
    if (this.completed.length > 0) return `after '${this.completed[this.completed.length - 1]}'`
    return 'not started'
  }

  toJSON(): JobData['continuation'] {
    const completed = this.completed.slice()
    const current = this.current
    return current === null ? { completed } : { completed, current: [current.name, cloneJson(current.cursor)] }
  }

  async step(name: string, start: Cursor | undefined, isolated: boolean, body: (step: Step) => unknown): Promise<void> {
    this.#validate(name)
    this.#encountered.push(name)

    const job = this.#job
    if (this.completed.includes(name)) {
      emitStepSkipped(job.constructor.name, job.jobId, name)
      return
    }

    if (isolated) this.#isolating = true
    if (this.#isolating && this.advanced) job.interrupt('isolating')

    this.#runningStep = true
    try {
      let step = this.current
      if (step === null) {
        step = new ContinuationStep(name, start === undefined ? null : start, false, job)
        this.current = step
      }
      await this.#instrumented(step, body)
      this.completed.push(step.name)
      this.current = null
      this.advanced = true
    } finally {
      this.#runningStep = false
      if (!this.advanced && this.current !== null) this.advanced = this.current.advanced
    }

    const adapter = job[kAdapter]
    if (adapter.stepCompleted !== undefined) adapter.stepCompleted(job, name)
  }

  async #instrumented(step: ContinuationStep, body: (step: Step) => unknown): Promise<void> {
    const job = this.#job
    const jobClass = job.constructor.name
    const startedAt = performance.now()
    let interrupted = false
    let failure: { name: string; message: string } | undefined
    try {
      emitStepStarted(jobClass, job.jobId, step.name, step.cursor, step.resumed)
      await body(step)
    } catch (error) {
      if (error instanceof Interrupt) interrupted = true
      else failure = describeError(error)
      throw error
    } finally {
      emitStep(jobClass, job.jobId, step.name, step.cursor, interrupted, failure, performance.now() - startedAt)
    }
  }

  #validate(name: unknown): void {
    // Rails requires a Symbol here; the port's step names are non-empty strings.
    if (typeof name !== 'string') {
      throw new InvalidStepError(`Step '${String(name)}' must be a String, found '${typeName(name)}'`)
    }
    if (name === '') throw new InvalidStepError(`Step '' must be a non-empty String`)
    if (this.#encountered.includes(name)) {
      throw new InvalidStepError(`Step '${name}' has already been encountered`)
    }
    if (this.#runningStep) {
      throw new InvalidStepError(`Step '${name}' is nested inside step '${this.current?.name}'`)
    }
    if (this.current !== null && this.current.name !== name && !this.completed.includes(name)) {
      throw new InvalidStepError(`Step '${name}' found, expected to resume from '${this.current.name}'`)
    }
    const seen = this.#encountered.length
    if (this.completed.length > seen && this.completed[seen] !== name) {
      throw new InvalidStepError(`Step '${name}' found, expected to see '${this.completed[seen]}'`)
    }
  }
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
    return (step) => method.call(this, step)
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

function describeError(error: unknown): { name: string; message: string } {
  if (error instanceof Error) {
    // Ruby logs the exception's class; a subclass that kept the default `name` is known by its class.
    const name = error.name !== 'Error' ? error.name : error.constructor.name || 'Error'
    return { name, message: error.message }
  }
  return { name: typeName(error), message: String(error) }
}

function typeName(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value === 'object' || typeof value === 'function') {
    return (value as { constructor?: { name?: string } }).constructor?.name || 'Object'
  }
  return typeof value
}

/** Copy arrays and plain objects deeply so callers cannot alias a job's state; other values as is. */
function cloneJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneJson) as T
  if (value !== null && typeof value === 'object') {
    const proto: unknown = Object.getPrototypeOf(value)
    if (proto !== Object.prototype && proto !== null) return value
    const copy: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) {
      Object.defineProperty(copy, key, { value: cloneJson(item), writable: true, enumerable: true, configurable: true })
    }
    return copy as T
  }
  return value
}
