// A step of a job and its cursor: ActiveJob::Continuation::Step.
import type { Cursor } from './cursor.ts'
import { cursorsEqual, inspectCursor, succ } from './cursor.ts'
import type { Step } from './job-data.ts'
import type { ContinuableJob } from './job.ts'
import { kAdapter } from './job-slots.ts'

/** Checkpoint!: let a durable adapter persist, then interrupt if the adapter is stopping. Hot path: allocates nothing. */
export function checkpointJob(job: ContinuableJob): void {
  const adapter = job[kAdapter]
  if (adapter.checkpoint !== undefined) adapter.checkpoint(job)
  interruptIfStopping(job)
}

/** Interrupts the job when its adapter is stopping; without a checkpoint, its writes since the last one roll back. */
export function interruptIfStopping(job: ContinuableJob): void {
  const stopping = job[kAdapter].isStopping(job)
  if (stopping) job.interrupt(typeof stopping === 'string' ? stopping : 'stopping')
}
export class ContinuationStep implements Step {
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
