// The stage step watches for a stop while it waits for its reader thread (starting up, or behind):
// a pause that arrives meanwhile stops the job at once instead of after the next batch. The real engine, with a
// wait that never ends (a thread with nothing to hand over).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ContinuableJob } from '../../../main/engine/index.ts'
import { TestAdapter } from '../../../main/engine/testing.ts'
import { checkpointWhileWaiting } from '../../../main/importer/reader-thread/checkpoint-while-waiting.ts'

let waiting: () => void = () => {}

class WaitsForReaderJob extends ContinuableJob<[]> {
  async perform(): Promise<void> {
    await this.step('stage', async (step) => {
      const never = new Promise<never>(() => {})
      waiting()
      await checkpointWhileWaiting(never, step, () => Boolean(this.queueAdapter.isStopping(this)))
    })
  }
}

test('a stop requested while the reader has no batch interrupts the job at a checkpoint, without the batch', { timeout: 10_000 }, async () => {
  const adapter = new TestAdapter()
  await WaitsForReaderJob.performLater(adapter)
  const started = new Promise<void>((resolve) => (waiting = resolve))
  const run = adapter.performEnqueuedJobs()
  await started
  adapter.stopping = true
  // Without checkpoints while waiting, this never resolves (the test times out).
  await run
  assert.equal(adapter.enqueued.length, 1, 'interrupted and enqueued to resume')
  assert.equal(adapter.enqueued[0].continuation.current?.[0], 'stage')
})

test('the awaited value is returned, and its error thrown, as a plain await would', async () => {
  const adapter = new TestAdapter()
  let got: unknown = null
  class Gets extends ContinuableJob<[]> {
    async perform(): Promise<void> {
      await this.step('stage', async (step) => {
        const stopRequested = () => Boolean(this.queueAdapter.isStopping(this))
        got = await checkpointWhileWaiting(new Promise((resolve) => setTimeout(resolve, 30, 'batch')), step, stopRequested)
        await assert.rejects(checkpointWhileWaiting(Promise.reject(new RangeError('read failed')), step, stopRequested), RangeError)
      })
    }
  }
  await Gets.performLater(adapter)
  await adapter.performEnqueuedJobs()
  assert.equal(got, 'batch')
})
