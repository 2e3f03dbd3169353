// Where a job keeps its adapter and its continuation: symbol-keyed, so no subclass can collide with them.
import type { QueueAdapter } from './job-data.ts'

export const kAdapter = Symbol('queueAdapter')
export const kContinuation = Symbol('continuation')

/** The adapter of a job that is not executing: never stopping, cannot enqueue. */
export const detachedAdapter: QueueAdapter = {
  enqueue(): void {
    throw new Error('This job is not executing under a queue adapter; run it with performNow, performLater or executeJob')
  },
  isStopping(): boolean {
    return false
  },
}
