// Port of Rails' activejob/test/cases/continuation_test.rb, case by case, in the same order.

import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, mock, test } from 'node:test'
import {
  ContinuableJob,
  InvalidStepError,
  ResumeLimitError,
  UnadvanceableCursorError,
} from '../../../main/engine/index.ts'
import type { Cursor, Step } from '../../../main/engine/index.ts'
import {
  TestAdapter,
  interruptJobAfterStep,
  interruptJobDuringStep,
  isDuringStep,
  withStopping,
} from '../../../main/engine/testing.ts'
import { JOB_ID, assertEnqueuedJobs, captureEvents } from './support.ts'

interface IteratingRecord {
  id: number
  name: string
}

let records: IteratingRecord[] = []

function seedRecords(): void {
  records = [123, 432, 6565, 3243, 234, 13, 22].map((id) => ({ id, name: `item_${id}` }))
}

function findEach(start: Cursor, fn: (record: IteratingRecord) => void): void {
  for (const record of [...records].sort((a, b) => a.id - b.id)) {
    if (typeof start === 'number' && record.id < start) continue
    fn(record)
  }
}

const names = (): string[] => records.map((record) => record.name)

class IteratingJob extends ContinuableJob<[options?: { raiseWhenCursor?: number }]> {
  async perform(options: { raiseWhenCursor?: number } = {}): Promise<void> {
    await this.step('rename', (step) => {
      findEach(step.cursor, (record) => {
        if (options.raiseWhenCursor !== undefined && step.cursor === options.raiseWhenCursor) {
          throw new Error('Cursor error')
        }
        record.name = `new_${record.name}`
        step.advance({ from: record.id })
      })
    })
  }
}

class LinearJob extends ContinuableJob<[]> {
  static items: string[] = []

  async perform(): Promise<void> {
    await this.step('step_one')
    await this.step('step_two')
    await this.step('step_three')
    await this.step('step_four')
  }

  step_one(): void {
    LinearJob.items.push('item1')
  }

  step_two(): void {
    LinearJob.items.push('item2')
  }

  step_three(): void {
    LinearJob.items.push('item3')
  }

  step_four(): void {
    LinearJob.items.push('item4')
  }
}

class DeletingJob extends ContinuableJob<[]> {
  static items: string[] = []

  async perform(): Promise<void> {
    await this.step('delete', (step) => {
      while (DeletingJob.items.length > 0) {
        DeletingJob.items.shift()
        step.checkpoint()
      }
    })
  }
}

const tenItems = (): string[] => Array.from({ length: 10 }, (_, i) => `item_${i}`)

let adapter: TestAdapter
let log: ReturnType<typeof captureEvents>

beforeEach(() => {
  adapter = new TestAdapter()
  log = captureEvents()
})

afterEach(() => {
  log.stop()
})

describe('iterating with a cursor', () => {
  test('iterates', async () => {
    seedRecords()
    await IteratingJob.performLater(adapter)

    await assertEnqueuedJobs(adapter, 0, () => adapter.performEnqueuedJobs())

    assert.deepEqual(names(), ['new_item_123', 'new_item_432', 'new_item_6565', 'new_item_3243', 'new_item_234', 'new_item_13', 'new_item_22'])
  })

  test('iterates and continues', async () => {
    seedRecords()
    await IteratingJob.performLater(adapter)

    await interruptJobDuringStep(adapter, IteratingJob, 'rename', { cursor: 433 }, () =>
      assertEnqueuedJobs(adapter, 1, () => adapter.performEnqueuedJobs()),
    )

    assert.deepEqual(names(), ['new_item_123', 'new_item_432', 'item_6565', 'item_3243', 'new_item_234', 'new_item_13', 'new_item_22'])

    await assertEnqueuedJobs(adapter, 0, () => adapter.performEnqueuedJobs())

    assert.deepEqual(names(), ['new_item_123', 'new_item_432', 'new_item_6565', 'new_item_3243', 'new_item_234', 'new_item_13', 'new_item_22'])
  })
})

describe('linear steps', () => {
  beforeEach(() => {
    LinearJob.items = []
  })

  test('linear steps', async () => {
    await LinearJob.performLater(adapter)

    await assertEnqueuedJobs(adapter, 0, () => adapter.performEnqueuedJobs())

    assert.deepEqual(LinearJob.items, ['item1', 'item2', 'item3', 'item4'])
  })

  test('linear steps continues from last point', async () => {
    await LinearJob.performLater(adapter)

    await interruptJobAfterStep(adapter, LinearJob, 'step_one', () =>
      assertEnqueuedJobs(adapter, 1, () => adapter.performEnqueuedJobs()),
    )

    assert.deepEqual(LinearJob.items, ['item1'])

    await assertEnqueuedJobs(adapter, 0, () => adapter.performEnqueuedJobs())

    assert.deepEqual(LinearJob.items, ['item1', 'item2', 'item3', 'item4'])
  })

  test('does not checkpoint after the last step', async () => {
    await LinearJob.performLater(adapter)

    await interruptJobAfterStep(adapter, LinearJob, 'step_three', () =>
      assertEnqueuedJobs(adapter, 1, () => adapter.performEnqueuedJobs()),
    )

    await interruptJobAfterStep(adapter, LinearJob, 'step_four', () =>
      assertEnqueuedJobs(adapter, 0, () => adapter.performEnqueuedJobs()),
    )

    assert.deepEqual(LinearJob.items, ['item1', 'item2', 'item3', 'item4'])
  })

  test('runs with perform_now', async () => {
    await LinearJob.performNow(adapter)

    assert.deepEqual(LinearJob.items, ['item1', 'item2', 'item3', 'item4'])
    assert.equal(adapter.enqueued.length, 0)
  })
})

describe('errors and checkpoints without a cursor', () => {
  test('does not retry jobs that error without updating the cursor', async () => {
    DeletingJob.items = tenItems()
    await DeletingJob.performLater(adapter)

    const stopping = (job: ContinuableJob): boolean => {
      if (isDuringStep(job, DeletingJob, 'delete')) throw new Error('checkpoint failed')
      return false
    }
    await assertEnqueuedJobs(adapter, 0, () =>
      assert.rejects(withStopping(adapter, stopping, () => adapter.performEnqueuedJobs()), { message: 'checkpoint failed' }),
    )

    assert.deepEqual(DeletingJob.items, ['item_1', 'item_2', 'item_3', 'item_4', 'item_5', 'item_6', 'item_7', 'item_8', 'item_9'])
  })

  test('interrupts without cursors', async () => {
    DeletingJob.items = tenItems()
    await DeletingJob.performLater(adapter)

    await interruptJobDuringStep(adapter, DeletingJob, 'delete', {}, () =>
      assertEnqueuedJobs(adapter, 1, () => adapter.performEnqueuedJobs()),
    )

    assert.equal(DeletingJob.items.length, 9)

    await assertEnqueuedJobs(adapter, 0, () => adapter.performEnqueuedJobs())

    assert.equal(DeletingJob.items.length, 0)
  })

  test('saves progress when there is an error', async () => {
    seedRecords()
    await IteratingJob.performLater(adapter)

    const stopping = (job: ContinuableJob): boolean => {
      if (isDuringStep(job, IteratingJob, 'rename', 433)) throw new Error('checkpoint failed')
      return false
    }
    await withStopping(adapter, stopping, () => assertEnqueuedJobs(adapter, 1, () => adapter.performEnqueuedJobs()))

    assert.equal(adapter.enqueued[0].executions, 1)
    assert.deepEqual(adapter.enqueued[0].continuation, { completed: [], current: ['rename', 433] })

    assert.deepEqual(names(), ['new_item_123', 'new_item_432', 'item_6565', 'item_3243', 'new_item_234', 'new_item_13', 'new_item_22'])

    await assertEnqueuedJobs(adapter, 0, () => adapter.performEnqueuedJobs())

    assert.deepEqual(names(), ['new_item_123', 'new_item_432', 'new_item_6565', 'new_item_3243', 'new_item_234', 'new_item_13', 'new_item_22'])
  })

  test('does not retry a second error if the cursor did not advance', async () => {
    seedRecords()
    await IteratingJob.performLater(adapter, { raiseWhenCursor: 433 })

    await assertEnqueuedJobs(adapter, 1, () => adapter.performEnqueuedJobs())

    assert.equal(adapter.enqueued[0].executions, 1)

    await assertEnqueuedJobs(adapter, 0, () => assert.rejects(adapter.performEnqueuedJobs(), { message: 'Cursor error' }))
  })
})

describe('logging', () => {
  test('logs interruptions after steps', async () => {
    LinearJob.items = []
    await LinearJob.performLater(adapter)

    await interruptJobAfterStep(adapter, LinearJob, 'step_one', async () => {
      await adapter.performEnqueuedJobs()
      assert.doesNotMatch(log.messages(), /Resuming/)
      assert.match(log.messages(), /Step 'step_one' started/)
      assert.match(log.messages(), /Step 'step_one' completed/)
      assert.match(log.messages(), new RegExp(`Interrupted LinearJob \\(Job ID: ${JOB_ID}\\) after 'step_one' \\(stopping\\)`))
    })

    await adapter.performEnqueuedJobs()

    assert.match(log.messages(), /Step 'step_one' skipped/)
    assert.match(log.messages(), new RegExp(`Resuming LinearJob \\(Job ID: ${JOB_ID}\\) after 'step_one'`))
    assert.match(log.messages(), /Step 'step_two' started/)
    assert.match(log.messages(), /Step 'step_two' completed/)
  })

  test('logs interruptions during steps', async () => {
    seedRecords()
    await IteratingJob.performLater(adapter)

    await interruptJobDuringStep(adapter, IteratingJob, 'rename', { cursor: 433 }, async () => {
      await adapter.performEnqueuedJobs()
      assert.doesNotMatch(log.messages(), /Resuming/)
      assert.match(log.messages(), /Step 'rename' started/)
      assert.match(log.messages(), /Step 'rename' interrupted at cursor '433'/)
      assert.match(log.messages(), new RegExp(`Interrupted IteratingJob \\(Job ID: ${JOB_ID}\\) at 'rename', cursor '433' \\(stopping\\)`))
    })

    await adapter.performEnqueuedJobs()
    assert.match(log.messages(), new RegExp(`Resuming IteratingJob \\(Job ID: ${JOB_ID}\\) at 'rename', cursor '433'`))
    assert.match(log.messages(), /Step 'rename' resumed from cursor '433'/)
    assert.match(log.messages(), /Step 'rename' completed/)
  })
})

describe('invalid steps', () => {
  class DuplicateStepJob extends ContinuableJob<[]> {
    async perform(): Promise<void> {
      await this.step('duplicate', () => {})
      await this.step('duplicate', () => {})
    }
  }

  test('duplicate steps raise an error', async () => {
    await DuplicateStepJob.performLater(adapter)

    await assert.rejects(adapter.performEnqueuedJobs(), (error: unknown) => {
      assert.ok(error instanceof InvalidStepError)
      assert.equal(error.message, "Step 'duplicate' has already been encountered")
      return true
    })
  })

  class NestedStepsJob extends ContinuableJob<[]> {
    async perform(): Promise<void> {
      await this.step('outer_step', async () => {
        // Not allowed!
        await this.step('inner_step', () => {})
      })
    }

    inner_step(): void {}
  }

  test('nested steps raise an error', async () => {
    await NestedStepsJob.performLater(adapter)

    await assert.rejects(adapter.performEnqueuedJobs(), (error: unknown) => {
      assert.ok(error instanceof InvalidStepError)
      assert.equal(error.message, "Step 'inner_step' is nested inside step 'outer_step'")
      return true
    })
  })

  // Rails requires Symbol names ("must be a Symbol, found 'String'"); the port requires non-empty strings.
  class NonStringStepNameJob extends ContinuableJob<[name: unknown]> {
    async perform(name: unknown): Promise<void> {
      await this.step(name as string, () => {})
    }
  }

  test('non-string step names raise an error', async () => {
    await NonStringStepNameJob.performLater(adapter, 42)
    await assert.rejects(adapter.performEnqueuedJobs(), (error: unknown) => {
      assert.ok(error instanceof InvalidStepError)
      assert.equal(error.message, "Step '42' must be a String, found 'number'")
      return true
    })

    await NonStringStepNameJob.performLater(adapter, '')
    await assert.rejects(adapter.performEnqueuedJobs(), (error: unknown) => {
      assert.ok(error instanceof InvalidStepError)
      assert.equal(error.message, "Step '' must be a non-empty String")
      return true
    })
  })

  class ResumeWrongStepJob extends ContinuableJob<[]> {
    async perform(): Promise<void> {
      if (this.resumptions > 0) {
        await this.step('unexpected', () => {})
      } else {
        await this.step('iterating', (step) => {
          for (let i = (step.cursor as number | null) ?? 1; i <= 4; i++) step.advance()
        }, { start: 0 })
      }
    }
  }

  test('unexpected step on resumption raises an error', async () => {
    await ResumeWrongStepJob.performLater(adapter)

    await interruptJobDuringStep(adapter, ResumeWrongStepJob, 'iterating', { cursor: 2 }, () => adapter.performEnqueuedJobs())

    await assert.rejects(adapter.performEnqueuedJobs(), (error: unknown) => {
      assert.ok(error instanceof InvalidStepError)
      assert.equal(error.message, "Step 'unexpected' found, expected to resume from 'iterating'")
      return true
    })
  })

  class ChangedStepOrderJob extends ContinuableJob<[]> {
    async perform(): Promise<void> {
      if (this.resumptions > 0) {
        await this.step('step_one', () => {})
        await this.step('step_two', () => {})
        await this.step('step_two_and_a_half', () => {})
        await this.step('step_three', () => {})
        await this.step('step_four', () => {})
      } else {
        await this.step('step_one', () => {})
        await this.step('step_two', () => {})
        await this.step('step_three', () => {})
        await this.step('step_four', () => {})
      }
    }
  }

  test('steps not matching previously completed raises an error', async () => {
    await ChangedStepOrderJob.performLater(adapter)

    await interruptJobAfterStep(adapter, ChangedStepOrderJob, 'step_three', () => adapter.performEnqueuedJobs())

    await assert.rejects(adapter.performEnqueuedJobs(), (error: unknown) => {
      assert.ok(error instanceof InvalidStepError)
      assert.equal(error.message, "Step 'step_two_and_a_half' found, expected to see 'step_three'")
      return true
    })
  })
})

class AdvancingJob extends ContinuableJob<[startFrom: Cursor, advanceFrom?: Cursor]> {
  async perform(startFrom: Cursor, advanceFrom: Cursor = null): Promise<void> {
    await this.step('test_step', (step) => {
      step.advance({ from: advanceFrom })
    }, { start: startFrom })
  }
}

test('cursor must implement succ to advance', async () => {
  await assert.rejects(AdvancingJob.performNow(adapter, null), UnadvanceableCursorError)
  await assert.rejects(AdvancingJob.performNow(adapter, 1.1), UnadvanceableCursorError)
  await assert.rejects(AdvancingJob.performNow(adapter, null, 1.1), UnadvanceableCursorError)
  await AdvancingJob.performNow(adapter, 1)
  await AdvancingJob.performNow(adapter, null, 1)
  assert.equal(adapter.enqueued.length, 0)
})

test('deserializes a job with no continuation', async () => {
  DeletingJob.items = tenItems()
  await DeletingJob.performLater(adapter)

  for (const data of adapter.enqueued) delete (data as Partial<typeof data>).continuation

  await assertEnqueuedJobs(adapter, 0, () => adapter.performEnqueuedJobs())

  assert.equal(DeletingJob.items.length, 0)
})

describe('nested cursors', () => {
  class NestedCursorJob extends ContinuableJob<[]> {
    static items: string[][] = []

    async perform(): Promise<void> {
      const items = NestedCursorJob.items
      await this.step('updating_sub_items', (step) => {
        const at = (): [number, number] => step.cursor as [number, number]
        for (const innerItems of items.slice(at()[0])) {
          for (const item of innerItems.slice(at()[1])) {
            items[at()[0]][at()[1]] = `new_${item}`
            step.set([at()[0], at()[1] + 1])
          }
          step.set([at()[0] + 1, 0])
        }
      }, { start: [0, 0] })
    }
  }

  const seedNested = (): void => {
    NestedCursorJob.items = [
      Array.from({ length: 3 }, (_, i) => `subitem_0_${i}`),
      Array.from({ length: 1 }, (_, i) => `subitem_1_${i}`),
      Array.from({ length: 2 }, (_, i) => `subitem_2_${i}`),
    ]
  }

  test('nested cursor', async () => {
    seedNested()
    await NestedCursorJob.performLater(adapter)

    await assertEnqueuedJobs(adapter, 0, () => adapter.performEnqueuedJobs())

    assert.deepEqual(NestedCursorJob.items, [
      ['new_subitem_0_0', 'new_subitem_0_1', 'new_subitem_0_2'],
      ['new_subitem_1_0'],
      ['new_subitem_2_0', 'new_subitem_2_1'],
    ])
  })

  test('nested cursor resumes', async () => {
    seedNested()
    await NestedCursorJob.performLater(adapter)

    await interruptJobDuringStep(adapter, NestedCursorJob, 'updating_sub_items', { cursor: [0, 2] }, () =>
      assertEnqueuedJobs(adapter, 1, () => adapter.performEnqueuedJobs()),
    )

    assert.deepEqual(NestedCursorJob.items, [
      ['new_subitem_0_0', 'new_subitem_0_1', 'subitem_0_2'],
      ['subitem_1_0'],
      ['subitem_2_0', 'subitem_2_1'],
    ])

    await assertEnqueuedJobs(adapter, 0, () => adapter.performEnqueuedJobs())

    assert.deepEqual(NestedCursorJob.items, [
      ['new_subitem_0_0', 'new_subitem_0_1', 'new_subitem_0_2'],
      ['new_subitem_1_0'],
      ['new_subitem_2_0', 'new_subitem_2_1'],
    ])
  })
})

describe('array cursor', () => {
  class ArrayCursorJob extends ContinuableJob<[objects: unknown[]]> {
    static items: unknown[] = []

    async perform(objects: unknown[]): Promise<void> {
      await this.step('iterate_objects', (step) => {
        for (const object of objects.slice(step.cursor as number)) {
          ArrayCursorJob.items.push(object)
          step.advance()
        }
      }, { start: 0 })
    }
  }

  const objects = ['hello', 'world', 1, 1.2, null, true, false, [1, 2, 3], { a: 1, b: 2, c: 3 }]

  test('iterates over array cursor', async () => {
    ArrayCursorJob.items = []
    await ArrayCursorJob.performLater(adapter, objects)

    await assertEnqueuedJobs(adapter, 0, () => adapter.performEnqueuedJobs())

    assert.deepEqual(ArrayCursorJob.items, objects)
  })

  test('interrupts and resumes array cursor', async () => {
    ArrayCursorJob.items = []
    await ArrayCursorJob.performLater(adapter, objects)

    await assertEnqueuedJobs(adapter, 1, () =>
      interruptJobDuringStep(adapter, ArrayCursorJob, 'iterate_objects', { cursor: 3 }, () => adapter.performEnqueuedJobs()),
    )

    assert.deepEqual(ArrayCursorJob.items, objects.slice(0, 3))

    await assertEnqueuedJobs(adapter, 0, () => adapter.performEnqueuedJobs())

    assert.deepEqual(ArrayCursorJob.items, objects)
  })
})

describe('resume limits and options', () => {
  class LimitedResumesJob extends ContinuableJob<[iterations: number]> {
    static override maxResumptions: number | null = 2

    async perform(iterations: number): Promise<void> {
      await this.step('iterate', (step) => {
        for (let i = step.cursor as number; i <= iterations; i++) step.advance()
      }, { start: 0 })
    }
  }

  const failingDuring = (cursor: number, message = 'checkpoint failed') => (job: ContinuableJob): boolean => {
    if (isDuringStep(job, LimitedResumesJob, 'iterate', cursor)) throw new Error(message)
    return false
  }

  test('limits resumes', async () => {
    await LimitedResumesJob.performLater(adapter, 10)

    await interruptJobDuringStep(adapter, LimitedResumesJob, 'iterate', { cursor: 1 }, () =>
      assertEnqueuedJobs(adapter, 1, () => adapter.performEnqueuedJobs()),
    )

    await interruptJobDuringStep(adapter, LimitedResumesJob, 'iterate', { cursor: 2 }, () =>
      assertEnqueuedJobs(adapter, 1, () => adapter.performEnqueuedJobs()),
    )

    await interruptJobDuringStep(adapter, LimitedResumesJob, 'iterate', { cursor: 3 }, () =>
      assertEnqueuedJobs(adapter, 0, () =>
        assert.rejects(adapter.performEnqueuedJobs(), (error: unknown) => {
          assert.ok(error instanceof ResumeLimitError)
          assert.equal(error.message, 'Job was resumed a maximum of 2 times')
          return true
        }),
      ),
    )
  })

  test('limits resumes due to errors', async () => {
    await LimitedResumesJob.performLater(adapter, 10)

    await withStopping(adapter, failingDuring(1), () => assertEnqueuedJobs(adapter, 1, () => adapter.performEnqueuedJobs()))

    await withStopping(adapter, failingDuring(2), () => assertEnqueuedJobs(adapter, 1, () => adapter.performEnqueuedJobs()))

    await withStopping(adapter, failingDuring(3), () =>
      assertEnqueuedJobs(adapter, 0, () =>
        assert.rejects(adapter.performEnqueuedJobs(), (error: unknown) => {
          assert.ok(error instanceof ResumeLimitError)
          assert.equal(error.message, 'Job was resumed a maximum of 2 times')
          return true
        }),
      ),
    )
  })

  test('does not resume after an error', async () => {
    LimitedResumesJob.resumeErrorsAfterAdvancing = false
    try {
      await LimitedResumesJob.performLater(adapter, 10)

      await withStopping(adapter, failingDuring(5, 'boom'), () =>
        assertEnqueuedJobs(adapter, 0, () => assert.rejects(adapter.performEnqueuedJobs(), { message: 'boom' })),
      )
    } finally {
      LimitedResumesJob.resumeErrorsAfterAdvancing = true
    }
  })

  test('resume options', async (t) => {
    const previous = LimitedResumesJob.resumeOptions
    LimitedResumesJob.resumeOptions = { queue: 'other', wait: 8000 }
    try {
      const now = 1_760_000_000_000
      t.mock.method(Date, 'now', () => now)

      await LimitedResumesJob.performLater(adapter, 10)

      await interruptJobDuringStep(adapter, LimitedResumesJob, 'iterate', { cursor: 1 }, () =>
        assertEnqueuedJobs(adapter, 1, () => adapter.performEnqueuedJobs()),
      )

      const [data] = adapter.enqueued
      assert.equal(data.jobClass, 'LimitedResumesJob')
      assert.equal(data.queueName, 'other')
      assert.equal(data.scheduledAt, now + 8000)
    } finally {
      LimitedResumesJob.resumeOptions = previous
      mock.restoreAll()
    }
  })
})

describe('isolated steps', () => {
  class IsolatedStepsJob extends ContinuableJob<string[]> {
    static items: string[] = []

    async perform(...isolated: string[]): Promise<void> {
      const body = (name: string) => (_step: Step): void => {
        IsolatedStepsJob.items.push(name)
      }
      await this.step('step_one', body('step_one'), { isolated: isolated.includes('step_one') })
      await this.step('step_two', body('step_two'), { isolated: isolated.includes('step_two') })
      await this.step('step_three', body('step_three'), { isolated: isolated.includes('step_three') })
      await this.step('step_four', body('step_four'), { isolated: isolated.includes('step_four') })
    }
  }

  test('runs isolated step separately', async () => {
    IsolatedStepsJob.items = []
    await IsolatedStepsJob.performLater(adapter, 'step_three')

    await assertEnqueuedJobs(adapter, 1, () => adapter.performEnqueuedJobs())

    assert.deepEqual(IsolatedStepsJob.items, ['step_one', 'step_two'])

    await assertEnqueuedJobs(adapter, 1, () => adapter.performEnqueuedJobs())

    assert.deepEqual(IsolatedStepsJob.items, ['step_one', 'step_two', 'step_three'])

    await assertEnqueuedJobs(adapter, 0, () => adapter.performEnqueuedJobs())

    assert.deepEqual(IsolatedStepsJob.items, ['step_one', 'step_two', 'step_three', 'step_four'])
    assert.match(log.messages(), new RegExp(`Interrupted IsolatedStepsJob \\(Job ID: ${JOB_ID}\\) after 'step_two' \\(isolating\\)`))
    assert.match(log.messages(), new RegExp(`Interrupted IsolatedStepsJob \\(Job ID: ${JOB_ID}\\) after 'step_three' \\(isolating\\)`))
  })

  test('runs initial and final isolated steps separately', async () => {
    IsolatedStepsJob.items = []
    await IsolatedStepsJob.performLater(adapter, 'step_one', 'step_four')

    await assertEnqueuedJobs(adapter, 1, () => adapter.performEnqueuedJobs())

    assert.deepEqual(IsolatedStepsJob.items, ['step_one'])

    await assertEnqueuedJobs(adapter, 1, () => adapter.performEnqueuedJobs())

    assert.deepEqual(IsolatedStepsJob.items, ['step_one', 'step_two', 'step_three'])

    await assertEnqueuedJobs(adapter, 0, () => adapter.performEnqueuedJobs())

    assert.deepEqual(IsolatedStepsJob.items, ['step_one', 'step_two', 'step_three', 'step_four'])
  })
})
