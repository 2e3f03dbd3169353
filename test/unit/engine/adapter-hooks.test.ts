// executeJob, registerJobClass, queueAdapter and the durable hooks (checkpoint, stepCompleted).

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  CheckpointError,
  ContinuableJob,
  executeJob,
  getJobClass,
  registerJobClass,
} from '../../../main/engine/index.ts'
import type { JobData, QueueAdapter } from '../../../main/engine/index.ts'
import { TestAdapter } from '../../../main/engine/testing.ts'

/** Records every adapter call with what serialize() shows at that moment. */
class RecordingAdapter implements QueueAdapter {
  calls: string[] = []
  enqueued: JobData[] = []
  stopAt: string | null = null

  enqueue(data: JobData): void {
    this.enqueued.push(data)
    this.calls.push(`enqueue ${progress(data)}`)
  }

  isStopping(job: ContinuableJob): boolean {
    const now = progress(job.serialize())
    this.calls.push(`isStopping ${now}`)
    return now === this.stopAt
  }

  checkpoint(job: ContinuableJob): void {
    this.calls.push(`checkpoint ${progress(job.serialize())}`)
  }

  stepCompleted(job: ContinuableJob, stepName: string): void {
    this.calls.push(`stepCompleted ${stepName} ${progress(job.serialize())}`)
  }
}

function progress(data: JobData): string {
  const { completed, current } = data.continuation
  return `[${completed.join(',')}]${current ? ` ${current[0]}=${JSON.stringify(current[1])}` : ''}`
}

class ThreeStepJob extends ContinuableJob<[]> {
  async perform(): Promise<void> {
    await this.step('load', () => {})
    await this.step('rows', (step) => {
      step.set(1)
      step.advance()
      step.checkpoint()
    }, { start: 0 })
    await this.step('finish', () => {})
  }
}

describe('adapter hooks', () => {
  test('checkpoint runs after the cursor update and before isStopping, at every checkpoint', async () => {
    const adapter = new RecordingAdapter()
    await ThreeStepJob.performNow(adapter)

    assert.deepEqual(adapter.calls, [
      'stepCompleted load [load]',
      // automatic checkpoint between steps
      'checkpoint [load]',
      'isStopping [load]',
      // step.set(1)
      'checkpoint [load] rows=1',
      'isStopping [load] rows=1',
      // step.advance()
      'checkpoint [load] rows=2',
      'isStopping [load] rows=2',
      // step.checkpoint()
      'checkpoint [load] rows=2',
      'isStopping [load] rows=2',
      'stepCompleted rows [load,rows]',
      'checkpoint [load,rows]',
      'isStopping [load,rows]',
      'stepCompleted finish [load,rows,finish]',
    ])
  })

  test('no checkpoint before the first step run; skipped steps report nothing; no hook when a step is interrupted', async () => {
    const adapter = new RecordingAdapter()
    adapter.stopAt = '[load] rows=2'
    await ThreeStepJob.performNow(adapter)
    assert.deepEqual(adapter.calls.slice(-3), [
      'checkpoint [load] rows=2',
      'isStopping [load] rows=2',
      'enqueue [load] rows=2',
    ])
    assert.equal(adapter.calls.filter((call) => call.startsWith('stepCompleted rows')).length, 0)

    adapter.calls = []
    adapter.stopAt = null
    registerJobClass(ThreeStepJob)
    await executeJob(adapter, adapter.enqueued[0])
    assert.deepEqual(adapter.calls, [
      // 'load' is skipped: no stepCompleted, and nothing advanced yet so no automatic checkpoint.
      // 'rows' resumes at 2; its body ignores the cursor and sets 1, advances to 2, checkpoints.
      'checkpoint [load] rows=1',
      'isStopping [load] rows=1',
      'checkpoint [load] rows=2',
      'isStopping [load] rows=2',
      'checkpoint [load] rows=2',
      'isStopping [load] rows=2',
      'stepCompleted rows [load,rows]',
      'checkpoint [load,rows]',
      'isStopping [load,rows]',
      'stepCompleted finish [load,rows,finish]',
    ])
  })

  test('a CheckpointError from the hook fails the job without resuming, even after advancing', async () => {
    class RefusingAdapter extends TestAdapter {
      checkpoint(): void {
        throw new CheckpointError('Cannot checkpoint job with open transactions')
      }
    }
    const adapter = new RefusingAdapter()
    await assert.rejects(ThreeStepJob.performNow(adapter), {
      name: 'CheckpointError',
      message: 'Cannot checkpoint job with open transactions',
    })
    assert.equal(adapter.enqueued.length, 0)
  })

  test('an ordinary error from stepCompleted resumes the job, the step counted as completed', async () => {
    class FlakyAdapter extends TestAdapter {
      stepCompleted(_job: ContinuableJob, stepName: string): void {
        if (stepName === 'load') throw new Error('commit failed')
      }
    }
    const adapter = new FlakyAdapter()
    await ThreeStepJob.performNow(adapter)
    assert.deepEqual(adapter.enqueued[0].continuation, { completed: ['load'] })
    assert.deepEqual(adapter.enqueued[0].exceptionExecutions, { 'commit failed': 1 })
  })
})

describe('queueAdapter', () => {
  test('is the adapter the job executes under', async () => {
    class WhoRunsMeJob extends ContinuableJob<[]> {
      static adapters: QueueAdapter[] = []
      perform(): void {
        WhoRunsMeJob.adapters.push(this.queueAdapter)
      }
    }
    const first = new TestAdapter()
    const second = new TestAdapter()
    await WhoRunsMeJob.performNow(first)
    await WhoRunsMeJob.performLater(second)
    await second.performEnqueuedJobs()
    assert.equal(WhoRunsMeJob.adapters.length, 2)
    assert.equal(WhoRunsMeJob.adapters[0], first)
    assert.equal(WhoRunsMeJob.adapters[1], second)
  })
})

describe('executeJob and registerJobClass', () => {
  class ImportRowsJob extends ContinuableJob<[file: string]> {
    static runs: Array<{ file: string; cursor: unknown; executions: number }> = []
    async perform(file: string): Promise<void> {
      await this.step('rows', (step) => {
        ImportRowsJob.runs.push({ file, cursor: step.cursor, executions: this.executions })
        step.set({ offset: 10 })
      }, { start: { offset: 0 } })
    }
  }

  test('rebuilds a job from plain JSON and executes it once', async () => {
    registerJobClass(ImportRowsJob)
    const adapter = new TestAdapter()
    const data = JSON.parse(
      JSON.stringify({
        jobClass: 'ImportRowsJob',
        jobId: '00000000-0000-4000-8000-000000000001',
        arguments: ['contacts.csv'],
        executions: 2,
        exceptionExecutions: { 'Interrupted x (stopping)': 2 },
        resumptions: 2,
        continuation: { completed: [], current: ['rows', { offset: 5 }] },
        queueName: 'imports',
        priority: 3,
        scheduledAt: 1234,
      }),
    ) as JobData
    ImportRowsJob.runs = []
    const job = await executeJob(adapter, data)

    assert.ok(job instanceof ImportRowsJob)
    assert.deepEqual(ImportRowsJob.runs, [{ file: 'contacts.csv', cursor: { offset: 5 }, executions: 3 }])
    assert.equal(job.jobId, '00000000-0000-4000-8000-000000000001')
    assert.equal(job.executions, 3)
    assert.equal(job.resumptions, 3)
    assert.equal(job.queueAdapter, adapter)
    assert.deepEqual(job.serialize(), {
      jobClass: 'ImportRowsJob',
      jobId: '00000000-0000-4000-8000-000000000001',
      arguments: ['contacts.csv'],
      executions: 3,
      exceptionExecutions: { 'Interrupted x (stopping)': 2 },
      resumptions: 3,
      continuation: { completed: ['rows'] },
      queueName: 'imports',
      priority: 3,
      scheduledAt: 1234,
    })
    assert.equal(adapter.enqueued.length, 0)
    // The data handed in is not modified.
    assert.equal(data.executions, 2)
    assert.deepEqual(data.continuation, { completed: [], current: ['rows', { offset: 5 }] })
  })

  test('missing fields default as in a fresh job', async () => {
    registerJobClass(ImportRowsJob)
    ImportRowsJob.runs = []
    const job = await executeJob(new TestAdapter(), { jobClass: 'ImportRowsJob', arguments: ['a.csv'] } as unknown as JobData)
    assert.deepEqual(ImportRowsJob.runs, [{ file: 'a.csv', cursor: { offset: 0 }, executions: 1 }])
    assert.equal(job.resumptions, 0)
    assert.equal(job.queueName, 'default')
    assert.match(job.jobId, /^[0-9a-f-]{36}$/)
  })

  test('onCreated sees the job before it runs, even when it then throws', async () => {
    class ExplodingJob extends ContinuableJob<[]> {
      perform(): void {
        throw new Error('boom')
      }
    }
    registerJobClass(ExplodingJob)
    let created: ContinuableJob | undefined
    const data = { jobClass: 'ExplodingJob', jobId: 'id-1', arguments: [] } as unknown as JobData
    await assert.rejects(
      executeJob(new TestAdapter(), data, (job) => {
        assert.equal(job.executions, 0)
        created = job
      }),
      { message: 'boom' },
    )
    assert.ok(created instanceof ExplodingJob)
    assert.equal(created.executions, 1)
    assert.equal(created.jobId, 'id-1')
  })

  test('an unknown class is refused', async () => {
    await assert.rejects(
      executeJob(new TestAdapter(), { jobClass: 'NoSuchJob', arguments: [] } as unknown as JobData),
      { message: "Unknown job class 'NoSuchJob': register it with registerJobClass()" },
    )
  })

  test('performLater and performNow register the class; the latest registration of a name wins', async () => {
    class LateJob extends ContinuableJob<[]> {
      perform(): void {}
    }
    assert.equal(getJobClass('LateJob'), undefined)
    await LateJob.performNow(new TestAdapter())
    assert.equal(getJobClass('LateJob'), LateJob)

    const Replacement = (() => {
      class LateJob extends ContinuableJob<[]> {
        perform(): void {}
      }
      return LateJob
    })()
    registerJobClass(Replacement)
    assert.equal(getJobClass('LateJob'), Replacement)
    const job = await executeJob(new TestAdapter(), { jobClass: 'LateJob', arguments: [] } as unknown as JobData)
    assert.ok(job instanceof Replacement)
  })

  test('only named subclasses of ContinuableJob can be registered', () => {
    class NotAJob {}
    assert.throws(() => registerJobClass(NotAJob as never), TypeError)
    assert.throws(() => registerJobClass((() => {}) as never), TypeError)
  })

  test('TestAdapter.performEnqueuedJobs goes through executeJob (plain JSON data by class name)', async () => {
    registerJobClass(ImportRowsJob)
    ImportRowsJob.runs = []
    const adapter = new TestAdapter()
    adapter.enqueued.push({
      jobClass: 'ImportRowsJob',
      jobId: 'abc',
      arguments: ['b.csv'],
      executions: 0,
      exceptionExecutions: {},
      resumptions: 0,
      continuation: { completed: [] },
      queueName: 'default',
      priority: null,
      scheduledAt: null,
    })
    await adapter.performEnqueuedJobs()
    assert.deepEqual(ImportRowsJob.runs, [{ file: 'b.csv', cursor: { offset: 0 }, executions: 1 }])
    assert.equal(adapter.performed.length, 1)
  })
})
