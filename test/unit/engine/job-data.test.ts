// JobData: shape, JSON round trip, live serialize(), counters and resume options.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { ContinuableJob, Interrupt } from '../../../main/engine/index.ts'
import type { JobData } from '../../../main/engine/index.ts'
import { TestAdapter, interruptJobDuringStep } from '../../../main/engine/testing.ts'

class CountingJob extends ContinuableJob<[limit: number, label: string]> {
  static seen: Array<{ executions: number; resumptions: number }> = []
  static snapshots: JobData[] = []

  async perform(limit: number): Promise<void> {
    CountingJob.seen.push({ executions: this.executions, resumptions: this.resumptions })
    await this.step('prepare', () => {})
    await this.step('count', (step) => {
      for (let i = step.cursor as number; i < limit; i++) {
        step.advance()
        if (i === 1) CountingJob.snapshots.push(this.serialize())
      }
    }, { start: 0 })
  }
}

describe('JobData', () => {
  test('performLater enqueues exactly the contract shape', async () => {
    const adapter = new TestAdapter()
    const data = await CountingJob.performLater(adapter, 3, 'x')

    assert.equal(adapter.enqueued.length, 1)
    assert.equal(adapter.enqueued[0], data)
    assert.match(data.jobId, /^[0-9a-f-]{36}$/)
    assert.deepEqual(data, {
      jobClass: 'CountingJob',
      jobId: data.jobId,
      arguments: [3, 'x'],
      executions: 0,
      exceptionExecutions: {},
      resumptions: 0,
      continuation: { completed: [] },
      queueName: 'default',
      priority: null,
      scheduledAt: null,
    })
    assert.equal('current' in data.continuation, false)
  })

  test('an interrupted job round-trips through JSON unchanged, `current` absent after a step', async (t) => {
    t.mock.method(Date, 'now', () => 1_000_000)
    const adapter = new TestAdapter()
    await CountingJob.performLater(adapter, 5, 'x')

    await interruptJobDuringStep(adapter, CountingJob, 'count', { cursor: 2 }, () => adapter.performEnqueuedJobs())
    const [during] = adapter.enqueued
    assert.deepEqual(during.continuation, { completed: ['prepare'], current: ['count', 2] })
    assert.equal(during.executions, 1)
    assert.equal(during.scheduledAt, 1_000_000 + 5000)
    assert.deepEqual(JSON.parse(JSON.stringify(during)), during)

    class AfterStepJob extends ContinuableJob<[]> {
      async perform(): Promise<void> {
        await this.step('one', () => {})
        await this.step('two', () => {})
      }
    }
    await AfterStepJob.performLater(adapter)
    adapter.enqueued.splice(0, 1)
    adapter.stopping = (job) => job instanceof AfterStepJob
    await adapter.performEnqueuedJobs()
    const [after] = adapter.enqueued
    assert.deepEqual(after.continuation, { completed: ['one'] })
    assert.equal('current' in after.continuation, false)
    assert.deepEqual(JSON.parse(JSON.stringify(after)), after)
  })

  test('serialize() is live inside a step and a snapshot afterwards', async () => {
    CountingJob.snapshots = []
    await CountingJob.performNow(new TestAdapter(), 4, 'x')

    const [snapshot] = CountingJob.snapshots
    assert.deepEqual(snapshot.continuation, { completed: ['prepare'], current: ['count', 2] })
    assert.equal(snapshot.executions, 1)
  })

  test('serialize() is visible from isStopping', async () => {
    const adapter = new TestAdapter()
    const seen: string[] = []
    adapter.stopping = (job) => {
      seen.push(JSON.stringify(job.serialize().continuation))
      return false
    }
    await CountingJob.performNow(adapter, 2, 'x')
    assert.deepEqual(seen, [
      '{"completed":["prepare"]}', // the automatic checkpoint before 'count'
      '{"completed":["prepare"],"current":["count",1]}',
      '{"completed":["prepare"],"current":["count",2]}',
    ])
  })

  test('serialized data does not alias the job state', async () => {
    class AliasJob extends ContinuableJob<[items: number[]]> {
      static data: JobData | undefined
      async perform(items: number[]): Promise<void> {
        await this.step('collect', (step) => {
          AliasJob.data = this.serialize()
          items.push(99)
          step.set([...(step.cursor as number[]), 1])
        }, { start: [0] })
      }
    }
    await AliasJob.performNow(new TestAdapter(), [1])
    assert.deepEqual(AliasJob.data?.arguments, [[1]])
    assert.deepEqual(AliasJob.data?.continuation, { completed: [], current: ['collect', [0]] })
  })
})

describe('counters', () => {
  test('executions is incremented before perform, resumptions when the continuation had started', async () => {
    CountingJob.seen = []
    const adapter = new TestAdapter()
    await CountingJob.performLater(adapter, 5, 'x')

    await interruptJobDuringStep(adapter, CountingJob, 'count', { cursor: 1 }, () => adapter.performEnqueuedJobs())
    await interruptJobDuringStep(adapter, CountingJob, 'count', { cursor: 3 }, () => adapter.performEnqueuedJobs())
    await adapter.performEnqueuedJobs()

    assert.deepEqual(CountingJob.seen, [
      { executions: 1, resumptions: 0 },
      { executions: 2, resumptions: 1 },
      { executions: 3, resumptions: 2 },
    ])
    assert.equal(adapter.enqueued.length, 0)
  })

  test('exceptionExecutions counts resumes by message', async () => {
    const adapter = new TestAdapter()
    await CountingJob.performLater(adapter, 10, 'x')

    await interruptJobDuringStep(adapter, CountingJob, 'count', { cursor: 1 }, () => adapter.performEnqueuedJobs())
    adapter.stopping = (job) => {
      if (job.serialize().continuation.current?.[1] === 2) throw new Error('disk full')
      return false
    }
    await adapter.performEnqueuedJobs()
    adapter.stopping = (job) => job.serialize().continuation.current?.[1] === 4 && 'paused'
    await adapter.performEnqueuedJobs()
    adapter.stopping = (job) => {
      if (job.serialize().continuation.current?.[1] === 5) throw new Error('disk full')
      return false
    }
    await adapter.performEnqueuedJobs()

    assert.deepEqual(adapter.enqueued[0].exceptionExecutions, {
      "Interrupted at 'count', cursor '1' (stopping)": 1,
      'disk full': 2,
      "Interrupted at 'count', cursor '4' (paused)": 1,
    })
    assert.equal(adapter.enqueued[0].resumptions, 3)
    assert.equal(adapter.enqueued[0].executions, 4)
  })
})

describe('resume options', () => {
  class OptionsJob extends ContinuableJob<[]> {
    async perform(): Promise<void> {
      await this.step('work', (step) => step.set(1), { start: 0 })
    }
  }

  async function resumedWith(options: typeof ContinuableJob.resumeOptions): Promise<JobData> {
    const previous = OptionsJob.resumeOptions
    OptionsJob.resumeOptions = options
    try {
      const adapter = new TestAdapter()
      adapter.stopping = true
      await OptionsJob.performNow(adapter)
      assert.equal(adapter.enqueued.length, 1)
      return adapter.enqueued[0]
    } finally {
      OptionsJob.resumeOptions = previous
    }
  }

  test('defaults: wait 5 seconds, same queue and priority', async (t) => {
    t.mock.method(Date, 'now', () => 50_000)
    assert.deepEqual(ContinuableJob.resumeOptions, { wait: 5000 })
    const data = await resumedWith(ContinuableJob.resumeOptions)
    assert.equal(data.scheduledAt, 55_000)
    assert.equal(data.queueName, 'default')
    assert.equal(data.priority, null)
  })

  test('queue and priority are applied; no wait means due now', async () => {
    const data = await resumedWith({ queue: 'slow', priority: 7 })
    assert.equal(data.queueName, 'slow')
    assert.equal(data.priority, 7)
    assert.equal(data.scheduledAt, null)
  })

  test('wait 0 schedules at now', async (t) => {
    t.mock.method(Date, 'now', () => 123)
    assert.equal((await resumedWith({ wait: 0 })).scheduledAt, 123)
  })

  test('performLater/performNow arguments are typed by the job (checked by tsc)', () => {
    const typeChecks = (adapter: TestAdapter): unknown[] => [
      CountingJob.performLater(adapter, 1, 'ok'),
      // @ts-expect-error: limit must be a number
      CountingJob.performLater(adapter, 'one', 'ok'),
      // @ts-expect-error: label is required
      CountingJob.performNow(adapter, 1),
    ]
    assert.equal(typeof typeChecks, 'function')
  })

  test('class defaults', () => {
    assert.equal(ContinuableJob.maxResumptions, null)
    assert.equal(ContinuableJob.resumeErrorsAfterAdvancing, true)
  })
})

describe('Interrupt', () => {
  test('carries the reason; the message is "Interrupted <description> (<reason>)"', async () => {
    class ReasonJob extends ContinuableJob<[]> {
      static caught: unknown
      async perform(): Promise<void> {
        try {
          await this.step('work', (step) => step.set('b'), { start: 'a' })
        } catch (error) {
          ReasonJob.caught = error
          throw error
        }
      }
    }
    const adapter = new TestAdapter()
    adapter.stopping = 'shutting down'
    await ReasonJob.performNow(adapter)
    const caught = ReasonJob.caught
    assert.ok(caught instanceof Interrupt)
    assert.equal(caught.reason, 'shutting down')
    assert.equal(caught.message, `Interrupted at 'work', cursor '"b"' (shutting down)`)
    assert.equal(caught.name, 'Interrupt')

    adapter.stopping = true
    await ReasonJob.performNow(adapter)
    assert.ok(ReasonJob.caught instanceof Interrupt)
    assert.equal(ReasonJob.caught.reason, 'stopping')
  })

  test('job.interrupt(reason) re-enqueues from inside a step', async () => {
    class SelfInterruptingJob extends ContinuableJob<[]> {
      async perform(): Promise<void> {
        await this.step('first', () => {})
        await this.step('wait_for_file', () => {
          if (this.executions === 1) this.interrupt('file not ready')
        })
      }
    }
    const adapter = new TestAdapter()
    await SelfInterruptingJob.performNow(adapter)
    assert.deepEqual(adapter.enqueued[0].continuation, { completed: ['first'], current: ['wait_for_file', null] })
    assert.deepEqual(adapter.enqueued[0].exceptionExecutions, { "Interrupted at 'wait_for_file', cursor 'null' (file not ready)": 1 })
    await adapter.performEnqueuedJobs()
    assert.equal(adapter.enqueued.length, 0)
  })
})

describe('steps', () => {
  test('a resumed step keeps its saved cursor; start is ignored', async () => {
    class StartJob extends ContinuableJob<[]> {
      static starts: unknown[] = []
      async perform(): Promise<void> {
        await this.step('work', (step) => {
          StartJob.starts.push([step.cursor, step.resumed, step.advanced])
          step.set((step.cursor as number) + 10)
        }, { start: 1 })
      }
    }
    const adapter = new TestAdapter()
    await StartJob.performLater(adapter)
    await interruptJobDuringStep(adapter, StartJob, 'work', { cursor: 11 }, () => adapter.performEnqueuedJobs())
    await adapter.performEnqueuedJobs()
    assert.deepEqual(StartJob.starts, [[1, false, false], [11, true, false]])
  })

  test('code outside steps runs on every execution; completed steps are skipped', async () => {
    class OutsideJob extends ContinuableJob<[]> {
      static log: string[] = []
      async perform(): Promise<void> {
        OutsideJob.log.push('setup')
        await this.step('a', () => void OutsideJob.log.push('a'))
        await this.step('b', () => void OutsideJob.log.push('b'))
      }
    }
    const adapter = new TestAdapter()
    adapter.stopping = (job) => job.serialize().continuation.completed.length === 1
    await OutsideJob.performNow(adapter)
    adapter.stopping = false
    await adapter.performEnqueuedJobs()
    assert.deepEqual(OutsideJob.log, ['setup', 'a', 'setup', 'b'])
  })

  test('method form: the method receives the step; missing or 2-argument methods are refused', async () => {
    class MethodJob extends ContinuableJob<[name: string]> {
      static cursors: unknown[] = []
      async perform(name: string): Promise<void> {
        await this.step(name, { start: 5 })
      }
      withStep(step: { cursor: unknown }): void {
        MethodJob.cursors.push(step.cursor)
      }
      twoArgs(_a: unknown, _b: unknown): void {}
    }
    const adapter = new TestAdapter()
    await MethodJob.performNow(adapter, 'withStep')
    assert.deepEqual(MethodJob.cursors, [5])
    await assert.rejects(MethodJob.performNow(adapter, 'twoArgs'), {
      name: 'TypeError',
      message: "Step method 'twoArgs' must accept 0 or 1 arguments",
    })
    await assert.rejects(MethodJob.performNow(adapter, 'missing'), {
      name: 'TypeError',
      message: "undefined method 'missing' for an instance of MethodJob",
    })
  })

  test('an error after advancing resumes; a ContinuationError never does', async () => {
    class AfterAdvanceJob extends ContinuableJob<[]> {
      async perform(): Promise<void> {
        await this.step('one', () => {})
        await this.step('two', () => {
          throw new Error('plain failure')
        })
      }
    }
    const adapter = new TestAdapter()
    await AfterAdvanceJob.performNow(adapter)
    assert.equal(adapter.enqueued.length, 1)
    assert.deepEqual(adapter.enqueued[0].continuation, { completed: ['one'], current: ['two', null] })

    class BadAdvanceJob extends ContinuableJob<[]> {
      async perform(): Promise<void> {
        await this.step('one', () => {})
        await this.step('two', (step) => step.advance())
      }
    }
    const other = new TestAdapter()
    await assert.rejects(BadAdvanceJob.performNow(other), { name: 'UnadvanceableCursorError' })
    assert.equal(other.enqueued.length, 0)
  })
})
