// Cursor successors (Ruby's Integer#succ and String#succ) and the `advanced` deep equality.

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { ContinuableJob, UnadvanceableCursorError, rubyStringSucc, succ } from '../../../main/engine/index.ts'
import type { Cursor, Step } from '../../../main/engine/index.ts'
import { TestAdapter } from '../../../main/engine/testing.ts'

// Expected values printed by Ruby 3.1 (`s.succ`).
const RUBY_STRING_SUCC: Array<[string, string]> = [
  ['a', 'b'],
  ['az', 'ba'],
  ['zz', 'aaa'],
  ['a9', 'b0'],
  ['Az', 'Ba'],
  ['Zz', 'AAa'],
  ['zZ', 'aaA'],
  ['-9', '-10'],
  ['1.9', '2.0'],
  ['1.9.9', '2.0.0'],
  ['a-9', 'a-10'],
  ['a-z', 'b-a'],
  ['zz99', 'aaa00'],
  ['ZZZ9999', 'AAAA0000'],
  ['1999zzz', '2000aaa'],
  ['<<koala>>', '<<koalb>>'],
  ['***', '**+'],
  ['THX1138', 'THX1139'],
  ['abcd', 'abce'],
  ['9', '10'],
  ['Z', 'AA'],
  ['z', 'aa'],
  ['09', '10'],
  ['v1.2.9', 'v1.3.0'],
  ['file-009', 'file-010'],
  ['row_0099', 'row_0100'],
  ['a b z', 'a c a'],
  ['[9]', '[10]'],
  ['é', 'ê'],
  ['ÿ', 'Ā'],
  ['ω', 'ϊ'],
  ['Ω', 'Ϊ'],
  ['あ', 'ぃ'],
  ['٩', '١٠'],
  ['a.b.z', 'a.c.a'],
  ['\u007f', '\u0001\u0000'],
  ['~', '\u007f'],
  [' ', '!'],
  ['', ''],
  ['-', '.'],
  ['zz-9', 'zz-10'],
  ['Zz-z', 'AAa-a'],
  ['ab-9z', 'ab-10a'],
  ['Ρ', 'Σ'], // one gap is skipped: U+03A2 is unassigned between the Greek capitals
  ['ö', 'ø'], // U+00F7 ÷ is skipped the same way
]

describe('String#succ', () => {
  for (const [input, expected] of RUBY_STRING_SUCC) {
    test(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => {
      assert.equal(rubyStringSucc(input), expected)
      assert.equal(succ(input), expected)
    })
  }

  test('astral letters and digits keep their UTF-8 length class', () => {
    // U+1D7CE..U+1D7FF (five styles of mathematical digits) is one run of Nd for Ruby: monospace
    // nine wraps to the run's first digit (bold zero) and carries the one after it (bold one).
    assert.equal(rubyStringSucc('\u{1d7ff}'), '\u{1d7cf}\u{1d7ce}')
    assert.equal(rubyStringSucc('x\u{1f600}'), 'y\u{1f600}') // the emoji is not alphanumeric: the x is incremented
    assert.equal(rubyStringSucc('\u{1f600}'), '\u{1f601}')
  })
})

describe('succ of other cursors', () => {
  test('integers are incremented', () => {
    assert.equal(succ(0), 1)
    assert.equal(succ(41), 42)
    assert.equal(succ(-1), 0)
  })

  const unadvanceable: Array<[Cursor, string]> = [
    [null, 'NilClass'],
    [1.5, 'Float'],
    [Number.NaN, 'Float'],
    [Number.POSITIVE_INFINITY, 'Float'],
    [true, 'TrueClass'],
    [false, 'FalseClass'],
    [[1, 2], 'Array'],
    [{ id: 1 }, 'Hash'],
  ]
  for (const [cursor, rubyClass] of unadvanceable) {
    test(`${JSON.stringify(cursor)} cannot be advanced`, () => {
      assert.throws(() => succ(cursor), (error: unknown) => {
        assert.ok(error instanceof UnadvanceableCursorError)
        assert.equal(error.message, `Cursor class '${rubyClass}' does not implement 'succ'`)
        return true
      })
    })
  }
})

/** Runs `body` as the only step of a fresh job and returns what it recorded. */
async function inStep<T>(body: (step: Step) => T, options: { start?: Cursor } = {}): Promise<T> {
  let result: { value: T } | undefined
  class ProbeJob extends ContinuableJob<[]> {
    async perform(): Promise<void> {
      await this.step('probe', (step) => {
        result = { value: body(step) }
      }, options)
    }
  }
  await ProbeJob.performNow(new TestAdapter())
  assert.ok(result, 'the step body ran')
  return result.value
}

describe('Step.advance', () => {
  test('advances integers and strings', async () => {
    assert.equal(await inStep((step) => (step.advance(), step.cursor), { start: 7 }), 8)
    assert.equal(await inStep((step) => (step.advance(), step.cursor), { start: 'az' }), 'ba')
  })

  test('from: null is the same as no from', async () => {
    assert.equal(await inStep((step) => (step.advance({ from: null }), step.cursor), { start: 3 }), 4)
    assert.equal(await inStep((step) => (step.advance({}), step.cursor), { start: 3 }), 4)
  })

  test('from: value advances from that value', async () => {
    assert.equal(await inStep((step) => (step.advance({ from: 100 }), step.cursor), { start: 3 }), 101)
  })

  test('a null cursor cannot be advanced', async () => {
    await assert.rejects(inStep((step) => step.advance()), UnadvanceableCursorError)
  })
})

describe('Step.advanced (deep equality with the cursor at the start of this execution)', () => {
  test('false until the cursor changes', async () => {
    const seen = await inStep((step) => {
      const before = step.advanced
      step.set(1)
      return [before, step.advanced]
    }, { start: 0 })
    assert.deepEqual(seen, [false, true])
  })

  test('an equal array or object is not an advance; key order is ignored', async () => {
    assert.equal(await inStep((step) => (step.set([0, [1, 2]]), step.advanced), { start: [0, [1, 2]] }), false)
    assert.equal(await inStep((step) => (step.set({ a: 1, b: { c: 'x' } }), step.advanced), { start: { b: { c: 'x' }, a: 1 } }), false)
    assert.equal(await inStep((step) => (step.set([0, [1, 3]]), step.advanced), { start: [0, [1, 2]] }), true)
    assert.equal(await inStep((step) => (step.set({ a: 1 }), step.advanced), { start: { a: 1, b: null } }), true)
  })

  test('setting the cursor back to its start is not an advance', async () => {
    assert.equal(await inStep((step) => (step.set(5), step.set(0), step.advanced), { start: 0 }), false)
  })
})
