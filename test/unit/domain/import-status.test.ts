// The import status state machine alone: every one of the 64 moves between the eight statuses is
// either in this list and allowed, or refused with an error that names both ends.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { IMPORT_STATUSES, ImportStatusError, canMove, checkMove } from '../../../main/domain/import-status.ts'
import type { ImportStatus } from '../../../main/domain/import-status.ts'

const ALLOWED: ReadonlyArray<readonly [ImportStatus, ImportStatus]> = [
  ['pending', 'needs_mapping'],
  ['pending', 'validating'],
  ['pending', 'processing'],
  ['pending', 'paused'],
  ['pending', 'completed'],
  ['pending', 'failed'],
  ['pending', 'cancelled'],
  ['needs_mapping', 'pending'],
  ['needs_mapping', 'cancelled'],
  ['validating', 'validating'],
  ['validating', 'needs_mapping'],
  ['validating', 'processing'],
  ['validating', 'paused'],
  ['validating', 'failed'],
  ['validating', 'cancelled'],
  ['processing', 'processing'],
  ['processing', 'paused'],
  ['processing', 'completed'],
  ['processing', 'failed'],
  ['processing', 'cancelled'],
  ['paused', 'pending'],
  ['paused', 'cancelled'],
  ['failed', 'pending'],
]

const allowed = new Set(ALLOWED.map(([from, to]) => `${from}→${to}`))

test('the eight statuses of ARCHITECTURE §5', () => {
  assert.deepEqual([...IMPORT_STATUSES].sort(), ['cancelled', 'completed', 'failed', 'needs_mapping', 'paused', 'pending', 'processing', 'validating'])
})

for (const from of IMPORT_STATUSES) {
  for (const to of IMPORT_STATUSES) {
    const move = `${from}→${to}`
    if (allowed.has(move)) {
      test(`${move} is allowed`, () => {
        assert.equal(canMove(from, to), true)
        assert.doesNotThrow(() => checkMove(7, from, to))
      })
    } else {
      test(`${move} is refused`, () => {
        assert.equal(canMove(from, to), false)
        assert.throws(
          () => checkMove(7, from, to),
          (error: unknown) =>
            error instanceof ImportStatusError && error.importId === 7 && error.from === from && error.to === to &&
            error.message.startsWith(`Import 7 cannot go from ${from} to ${to} (`),
        )
      })
    }
  }
}

test('an ended import says it goes nowhere; others list where they may go', () => {
  assert.throws(() => checkMove(3, 'completed', 'pending'), { message: 'Import 3 cannot go from completed to pending (from completed it goes nowhere: it has ended).' })
  assert.throws(() => checkMove(3, 'paused', 'processing'), { message: 'Import 3 cannot go from paused to processing (from paused it goes only to pending, cancelled).' })
})
