// What a job has done so far and the rules of its steps: ActiveJob::Continuation.
import type { Cursor } from './cursor.ts'
import { InvalidStepError, Interrupt } from './errors.ts'
import { emitStep, emitStepSkipped, emitStepStarted } from './events.ts'
import type { JobData, Step } from './job-data.ts'
import type { ContinuableJob } from './job.ts'
import { kAdapter } from './job-slots.ts'
import { ContinuationStep } from './step.ts'
import { cloneJson, describeError, typeName } from './values.ts'

/** What a job has done so far: completed steps, the step in progress, and this execution's state. */
export class Continuation {
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
