// TestAdapter and the interrupt helpers of main/engine/testing.ts.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { ContinuableJob } from '../../../main/engine/index.ts'
import {
  TestAdapter,
  interruptJobAfterStep,
  interruptJobDuringStep,
} from '../../../main/engine/testing.ts'

class ChainJob extends ContinuableJob<[label: string, spawn: number]> {
  static performed: string[] = []
  async perform(label: string, spawn: number): Promise<void> {
    ChainJob.performed.push(label)
    if (spawn > 0) await ChainJob.performLater(this.queueAdapter, `${label}+`, spawn - 1)
  }
}

class FailingJob extends ContinuableJob<[]> {
  perform(): void {
    throw new Error('failing job')
  }
}

class CountJob extends ContinuableJob<[]> {
  static cursors: number[] = []
  async perform(): Promise<void> {
    await this.step('count', (step) => {
      for (let i = step.cursor as number; i < 3; i++) {
        CountJob.cursors.push(i)
        step.advance()
      }
    }, { start: 0 })
  }
}

class OtherCountJob extends CountJob {}

describe('TestAdapter.performEnqueuedJobs', () => {
  test('performs the jobs enqueued at the call, in order; jobs enqueued meanwhile wait', async () => {
    ChainJob.performed = []
    const adapter = new TestAdapter()
    await ChainJob.performLater(adapter, 'a', 1)
    await ChainJob.performLater(adapter, 'b', 0)

    await adapter.performEnqueuedJobs()
    assert.deepEqual(ChainJob.performed, ['a', 'b'])
    assert.deepEqual(adapter.enqueued.map((data) => data.arguments), [['a+', 0]])

    await adapter.performEnqueuedJobs()
    assert.deepEqual(ChainJob.performed, ['a', 'b', 'a+'])
    assert.equal(adapter.enqueued.length, 0)
  })

  test('ignores scheduledAt', async () => {
    ChainJob.performed = []
    const adapter = new TestAdapter()
    const data = await ChainJob.performLater(adapter, 'later', 0)
    data.scheduledAt = Date.now() + 3_600_000
    await adapter.performEnqueuedJobs()
    assert.deepEqual(ChainJob.performed, ['later'])
  })

  test('an error propagates; the rest of the batch stays enqueued', async () => {
    ChainJob.performed = []
    const adapter = new TestAdapter()
    await ChainJob.performLater(adapter, 'first', 0)
    await FailingJob.performLater(adapter)
    await ChainJob.performLater(adapter, 'third', 0)

    await assert.rejects(adapter.performEnqueuedJobs(), { message: 'failing job' })
    assert.deepEqual(ChainJob.performed, ['first'])
    assert.deepEqual(adapter.enqueued.map((data) => data.jobClass), ['ChainJob'])

    await adapter.performEnqueuedJobs()
    assert.deepEqual(ChainJob.performed, ['first', 'third'])
  })

  test('two classes with the same name (local classes of two tests) each run their own jobs, resumed ones too', async () => {
    const ran: string[] = []
    const localJob = (tag: string) =>
      class Job extends ContinuableJob<[]> {
        async perform(): Promise<void> {
          await this.step('one', () => void ran.push(`${tag}:one`))
          await this.step('two', () => void ran.push(`${tag}:two`))
        }
      }
    const [A, B] = [localJob('A'), localJob('B')]
    const adapter = new TestAdapter()
    await A.performLater(adapter)
    await B.performLater(adapter)
    await interruptJobAfterStep(adapter, A, 'one', () => adapter.performEnqueuedJobs())
    assert.deepEqual(ran, ['A:one', 'B:one', 'B:two'])
    await adapter.performEnqueuedJobs()
    assert.deepEqual(ran, ['A:one', 'B:one', 'B:two', 'A:two'])
  })
})

describe('TestAdapter.stopping', () => {
  test('a string is the interrupt reason', async () => {
    const adapter = new TestAdapter()
    adapter.stopping = 'maintenance'
    await CountJob.performNow(adapter)
    assert.deepEqual(Object.keys(adapter.enqueued[0].exceptionExecutions), ["Interrupted at 'count', cursor '1' (maintenance)"])
  })

  test('a predicate that throws surfaces as an ordinary error from that checkpoint', async () => {
    const adapter = new TestAdapter()
    adapter.stopping = () => {
      throw new TypeError('predicate broke')
    }
    // The cursor moved before the checkpoint, so Rails resumes the job rather than failing it.
    await CountJob.performNow(adapter)
    assert.deepEqual(adapter.enqueued[0].exceptionExecutions, { 'predicate broke': 1 })
    assert.deepEqual(adapter.enqueued[0].continuation, { completed: [], current: ['count', 1] })
  })
})

describe('interruptJobDuringStep', () => {
  test('returns the result of fn and restores stopping afterwards', async () => {
    const adapter = new TestAdapter()
    adapter.stopping = 'previous'
    const result = await interruptJobDuringStep(adapter, CountJob, 'count', { cursor: 1 }, () => {
      assert.equal(typeof adapter.stopping, 'function')
      return Promise.resolve(42)
    })
    assert.equal(result, 42)
    assert.equal(adapter.stopping, 'previous')
  })

  test('restores stopping when fn throws', async () => {
    const adapter = new TestAdapter()
    await assert.rejects(
      interruptJobDuringStep(adapter, CountJob, 'count', { cursor: 1 }, () => {
        throw new Error('inside')
      }),
      { message: 'inside' },
    )
    assert.equal(adapter.stopping, false)
  })

  test('interrupts at the given cursor only, for instances of the given class', async () => {
    CountJob.cursors = []
    const adapter = new TestAdapter()
    await CountJob.performLater(adapter)
    await interruptJobDuringStep(adapter, CountJob, 'count', { cursor: 2 }, () => adapter.performEnqueuedJobs())
    assert.deepEqual(CountJob.cursors, [0, 1])
    assert.deepEqual(adapter.enqueued[0].continuation.current, ['count', 2])
    adapter.enqueued.length = 0

    CountJob.cursors = []
    await CountJob.performLater(adapter)
    await interruptJobDuringStep(adapter, OtherCountJob, 'count', { cursor: 2 }, () => adapter.performEnqueuedJobs())
    assert.deepEqual(CountJob.cursors, [0, 1, 2])
    assert.equal(adapter.enqueued.length, 0)
  })

  test('the cursor defaults to null', async () => {
    class NullCursorJob extends ContinuableJob<[]> {
      static checkpoints = 0
      async perform(): Promise<void> {
        await this.step('wait', (step) => {
          NullCursorJob.checkpoints++
          step.checkpoint()
        })
      }
    }
    const adapter = new TestAdapter()
    await NullCursorJob.performLater(adapter)
    await interruptJobDuringStep(adapter, NullCursorJob, 'wait', {}, () => adapter.performEnqueuedJobs())
    assert.deepEqual(adapter.enqueued[0].continuation, { completed: [], current: ['wait', null] })
    await interruptJobDuringStep(adapter, NullCursorJob, 'wait', () => adapter.performEnqueuedJobs())
    assert.equal(adapter.enqueued.length, 1)
    assert.equal(NullCursorJob.checkpoints, 2)
  })
})

describe('interruptJobAfterStep', () => {
  class StepsJob extends ContinuableJob<[]> {
    static items: number[] = []
    async perform(): Promise<void> {
      await this.step('one', () => void StepsJob.items.push(1))
      await this.step('two', () => void StepsJob.items.push(2))
      await this.step('three', () => void StepsJob.items.push(3))
    }
  }

  test('interrupts at the checkpoint after the step, then resumes after it', async () => {
    StepsJob.items = []
    const adapter = new TestAdapter()
    await StepsJob.performLater(adapter)
    const result = await interruptJobAfterStep(adapter, StepsJob, 'two', async () => {
      await adapter.performEnqueuedJobs()
      return 'done'
    })
    assert.equal(result, 'done')
    assert.equal(adapter.stopping, false)
    assert.deepEqual(StepsJob.items, [1, 2])
    assert.deepEqual(adapter.enqueued[0].continuation, { completed: ['one', 'two'] })
    await adapter.performEnqueuedJobs()
    assert.deepEqual(StepsJob.items, [1, 2, 3])
  })

  test('restores stopping when fn throws', async () => {
    const adapter = new TestAdapter()
    adapter.stopping = true
    await assert.rejects(interruptJobAfterStep(adapter, StepsJob, 'two', () => Promise.reject(new Error('x'))), { message: 'x' })
    assert.equal(adapter.stopping, true)
  })
})
