// Engine events and their Rails-format log lines.

import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, test } from 'node:test'
import { ContinuableJob, onEngineEvent } from '../../../main/engine/index.ts'
import type { Cursor, EngineEvent } from '../../../main/engine/index.ts'
import { formatDuration } from '../../../main/engine/events.ts'
import { TestAdapter, interruptJobDuringStep } from '../../../main/engine/testing.ts'
import { captureEvents } from './support.ts'

class ReportJob extends ContinuableJob<[cursors: Cursor[], failAt?: number]> {
  async perform(cursors: Cursor[], failAt?: number): Promise<void> {
    await this.step('first', () => {})
    await this.step('walk', (step) => {
      for (let i = (step.cursor as number) + 1; i < cursors.length; i++) {
        if (i === failAt) throw new RangeError(`no item ${i}`)
        step.set(i)
      }
    }, { start: -1 })
  }
}

class ShowCursorJob extends ContinuableJob<[cursor: Cursor]> {
  async perform(cursor: Cursor): Promise<void> {
    await this.step('show', (step) => step.set(cursor), { start: 'start' })
  }
}

let log: ReturnType<typeof captureEvents>

beforeEach(() => {
  log = captureEvents()
})

afterEach(() => {
  log.stop()
})

const withoutVolatile = (event: EngineEvent): Partial<EngineEvent> => {
  const { jobId: _jobId, duration: _duration, message: _message, ...rest } = event
  return rest
}

describe('event sequence', () => {
  test('an interrupted execution and its resumption', async () => {
    const adapter = new TestAdapter()
    const data = await ReportJob.performLater(adapter, ['a', 'b', 'c'])

    await interruptJobDuringStep(adapter, ReportJob, 'walk', { cursor: 1 }, () => adapter.performEnqueuedJobs())
    await adapter.performEnqueuedJobs()

    assert.ok(log.events.every((event) => event.jobId === data.jobId && event.jobClass === 'ReportJob'))
    assert.deepEqual(log.events.map(withoutVolatile), [
      { name: 'step_started', jobClass: 'ReportJob', step: 'first', cursor: null, resumed: false },
      { name: 'step', jobClass: 'ReportJob', step: 'first', cursor: null, interrupted: false },
      { name: 'step_started', jobClass: 'ReportJob', step: 'walk', cursor: -1, resumed: false },
      { name: 'interrupt', jobClass: 'ReportJob', description: "at 'walk', cursor '1'", reason: 'stopping' },
      { name: 'step', jobClass: 'ReportJob', step: 'walk', cursor: 1, interrupted: true },
      { name: 'resume', jobClass: 'ReportJob', description: "at 'walk', cursor '1'" },
      { name: 'step_skipped', jobClass: 'ReportJob', step: 'first' },
      { name: 'step_started', jobClass: 'ReportJob', step: 'walk', cursor: 1, resumed: true },
      { name: 'step', jobClass: 'ReportJob', step: 'walk', cursor: 2, interrupted: false },
    ])

    const id = data.jobId
    const lines = log.events.map((event) => event.message.replace(/ in \d+\.\d+ms$/, ' in Xms'))
    assert.deepEqual(lines, [
      `Step 'first' started for ReportJob (Job ID: ${id})`,
      `Step 'first' completed for ReportJob (Job ID: ${id}) in Xms`,
      `Step 'walk' started for ReportJob (Job ID: ${id})`,
      `Interrupted ReportJob (Job ID: ${id}) at 'walk', cursor '1' (stopping)`,
      `Step 'walk' interrupted at cursor '1' for ReportJob (Job ID: ${id}) in Xms`,
      `Resuming ReportJob (Job ID: ${id}) at 'walk', cursor '1'`,
      `Step 'first' skipped ReportJob`,
      `Step 'walk' resumed from cursor '1' for ReportJob (Job ID: ${id})`,
      `Step 'walk' completed for ReportJob (Job ID: ${id}) in Xms`,
    ])
  })

  test('a step that throws carries `error` and an "Error during step" line', async () => {
    const adapter = new TestAdapter()
    const data = await ReportJob.performLater(adapter, ['a', 'b', 'c'], 2)
    await adapter.performEnqueuedJobs()

    const stepEvents = log.events.filter((event) => event.name === 'step' && event.step === 'walk')
    assert.equal(stepEvents.length, 1)
    const [failed] = stepEvents
    assert.deepEqual(failed.error, { name: 'RangeError', message: 'no item 2' })
    assert.equal(failed.interrupted, false)
    assert.equal(failed.cursor, 1)
    assert.equal(typeof failed.duration, 'number')
    assert.match(
      failed.message,
      new RegExp(`^Error during step 'walk' at cursor '1' for ReportJob \\(Job ID: ${data.jobId}\\) in \\d+\\.\\d{1,2}ms: RangeError \\(no item 2\\)$`),
    )
    // The error came after advancing, so the job was resumed (Rails' resume_errors_after_advancing).
    assert.equal(adapter.enqueued.length, 1)
    assert.equal(log.events.some((event) => event.name === 'interrupt'), false)
  })

  test('an error subclass that keeps the default name is reported by its class name', async () => {
    class QuotaExceeded extends Error {}
    class QuotaJob extends ContinuableJob<[]> {
      async perform(): Promise<void> {
        await this.step('upload', () => {
          throw new QuotaExceeded('over quota')
        })
      }
    }
    await assert.rejects(QuotaJob.performNow(new TestAdapter()), QuotaExceeded)
    const failed = log.events.find((event) => event.name === 'step')
    assert.deepEqual(failed?.error, { name: 'QuotaExceeded', message: 'over quota' })
    assert.match(failed?.message ?? '', /: QuotaExceeded \(over quota\)$/)
  })
})

describe('cursor rendering', () => {
  const cases: Array<[Cursor, string, string]> = [
    // cursor, as in a log line (Ruby to_s), as in a description (inspect, spelled as JSON)
    ['row 5', 'row 5', '"row 5"'],
    [null, '', 'null'],
    [433, '433', '433'],
    [[0, 2], '[0,2]', '[0,2]'],
    [{ offset: 1048576, row: 9 }, '{"offset":1048576,"row":9}', '{"offset":1048576,"row":9}'],
    [true, 'true', 'true'],
  ]
  for (const [cursor, logged, described] of cases) {
    test(`${JSON.stringify(cursor)}`, async () => {
      const adapter = new TestAdapter()
      adapter.stopping = true
      await ShowCursorJob.performNow(adapter, cursor)

      const interrupted = log.events.find((event) => event.name === 'step')
      assert.match(interrupted?.message ?? '', new RegExp(`^Step 'show' interrupted at cursor '${escape(logged)}' for ShowCursorJob`))
      const interrupt = log.events.find((event) => event.name === 'interrupt')
      assert.equal(interrupt?.description, `at 'show', cursor '${described}'`)
      assert.match(interrupt?.message ?? '', new RegExp(`at 'show', cursor '${escape(described)}' \\(stopping\\)$`))

      log.events.length = 0
      await adapter.performEnqueuedJobs()
      const resumed = log.events.find((event) => event.name === 'step_started')
      assert.match(resumed?.message ?? '', new RegExp(`^Step 'show' resumed from cursor '${escape(logged)}' for ShowCursorJob`))
    })
  }

  test('descriptions of a job that has not started or is between steps', async () => {
    class TwoStepJob extends ContinuableJob<[]> {
      async perform(): Promise<void> {
        await this.step('step_one', () => {})
        await this.step('step_two', () => {})
      }
    }
    const adapter = new TestAdapter()
    adapter.stopping = (job) => job.serialize().continuation.completed.length > 0
    await TwoStepJob.performNow(adapter)
    assert.equal(log.events.find((event) => event.name === 'interrupt')?.description, "after 'step_one'")

    class OutsideJob extends ContinuableJob<[]> {
      perform(): void {
        this.interrupt('waiting')
      }
    }
    await OutsideJob.performNow(adapter)
    assert.equal(log.events.findLast((event) => event.name === 'interrupt')?.description, 'not started')
    assert.equal(adapter.enqueued.at(-1)?.exceptionExecutions['Interrupted not started (waiting)'], 1)
  })
})

describe('onEngineEvent', () => {
  test('unsubscribe stops delivery, and only for that listener', async () => {
    const first: string[] = []
    const second: string[] = []
    const stopFirst = onEngineEvent((event) => first.push(event.name))
    const stopSecond = onEngineEvent((event) => second.push(event.name))
    try {
      await ShowCursorJob.performNow(new TestAdapter(), 1)
      stopFirst()
      stopFirst()
      await ShowCursorJob.performNow(new TestAdapter(), 2)
    } finally {
      stopSecond()
    }
    assert.deepEqual(first, ['step_started', 'step'])
    assert.deepEqual(second, ['step_started', 'step', 'step_started', 'step'])
  })

  test('a listener that throws does not starve the others; its error reaches the job', async () => {
    const delivered: string[] = []
    const stopThrowing = onEngineEvent((event) => {
      if (event.name === 'step_started') throw new Error('listener broke')
    })
    const stopRecording = onEngineEvent((event) => delivered.push(event.name))
    try {
      await assert.rejects(ShowCursorJob.performNow(new TestAdapter(), 1), { message: 'listener broke' })
    } finally {
      stopThrowing()
      stopRecording()
    }
    assert.deepEqual(delivered, ['step_started', 'step'])
  })
})

describe('durations', () => {
  test('are milliseconds rounded to 2 decimals, printed like Ruby floats', async () => {
    class SlowJob extends ContinuableJob<[]> {
      async perform(): Promise<void> {
        await this.step('sleep', () => new Promise((resolve) => setTimeout(resolve, 20)))
      }
    }
    await SlowJob.performNow(new TestAdapter())
    const event = log.events.find((e) => e.name === 'step')
    assert.ok(event?.duration !== undefined && event.duration >= 15, `duration ${event?.duration}`)
    assert.equal(Math.round(event.duration * 100) / 100, event.duration)
    const printed = /in (\d+\.\d+)ms$/.exec(event.message)?.[1]
    assert.equal(Number(printed), event.duration)
  })

  test('whole numbers keep one decimal, as Ruby prints 3.0', () => {
    assert.equal(formatDuration(3), '3.0')
    assert.equal(formatDuration(0), '0.0')
    assert.equal(formatDuration(1.5), '1.5')
    assert.equal(formatDuration(0.05), '0.05')
  })
})

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
