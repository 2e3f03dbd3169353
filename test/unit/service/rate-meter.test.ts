// Rows per second and time left from committed progress events.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { RateMeter } from '../../../main/service/rate-meter.ts'
import type { ProgressEvent } from '../../../main/worker/protocol.ts'

function progress(at: number, patch: Partial<ProgressEvent>): ProgressEvent {
  return {
    type: 'progress', importId: 1, status: 'processing', rowsRead: 20_000, processedCount: 0, createdCount: 0,
    updatedCount: 0, errorCount: 0, bytesRead: 1000, fileSize: 1000, totalRows: 20_000, resumedAtRow: null, at, ...patch,
  }
}

test('time left counts only the valid rows still to import: rejected ones were counted while checking', () => {
  const meter = new RateMeter()
  meter.add(progress(0, { processedCount: 0, errorCount: 10_000 }))
  meter.add(progress(1000, { processedCount: 9_000, errorCount: 10_000 }))
  assert.equal(meter.rowsPerSecond(1000), 9000)
  assert.ok(Math.abs((meter.secondsLeft(1000) ?? 0) - 1000 / 9000) < 1e-9)
})

test('while checking, time left is for the whole job: the bytes still to check, then importing (about as long as checking the file)', () => {
  const meter = new RateMeter()
  meter.add(progress(0, { status: 'validating', rowsRead: 0, bytesRead: 0, fileSize: 4000, totalRows: null }))
  meter.add(progress(1000, { status: 'validating', rowsRead: 500, bytesRead: 1000, fileSize: 4000, totalRows: null }))
  assert.equal(meter.rowsPerSecond(1000), 500)
  assert.equal(meter.secondsLeft(1000), 3 + 4)
})

test('a stall shows: with no commit for over a second the rate falls and time left grows', () => {
  const meter = new RateMeter()
  meter.add(progress(0, { processedCount: 0 }))
  meter.add(progress(1000, { processedCount: 5000 }))
  assert.equal(meter.rowsPerSecond(1500), 5000, 'a commit half a second ago is no stall')
  assert.equal(meter.rowsPerSecond(5000), 1000)
  assert.equal(meter.secondsLeft(5000), 15)
})

test('no rate from fewer than two samples, a span under 250 ms, or after a reset; a new phase starts over', () => {
  const meter = new RateMeter()
  assert.equal(meter.rowsPerSecond(0), null)
  meter.add(progress(0, {}))
  meter.add(progress(100, { processedCount: 100 }))
  assert.equal(meter.rowsPerSecond(100), null)
  meter.add(progress(1000, { status: 'validating' }))
  assert.equal(meter.rowsPerSecond(1000), null, 'only the new phase counts')
  meter.add(progress(2000, { status: 'validating', rowsRead: 21_000 }))
  assert.equal(meter.rowsPerSecond(2000), 1000)
  meter.reset()
  assert.equal(meter.secondsLeft(2000), null)
})
