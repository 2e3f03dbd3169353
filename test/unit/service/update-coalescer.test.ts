// UpdateCoalescer: updates from the events' own counts; SQLite is read only when a status changed.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { UpdateCoalescer } from '../../../main/service/update-coalescer.ts'
import type { ImportSummary } from '../../../preload/api.ts'
import type { ProgressEvent } from '../../../main/worker/protocol.ts'

function row(status: ImportSummary['status']): ImportSummary {
  return {
    id: 1, fileName: 'a.csv', filePath: '/a.csv', fileSize: 1000, status, totalRows: null, processedCount: 0, createdCount: 0,
    updatedCount: 0, errorCount: 0, rowsRead: 0, bytesRead: 0, failureReason: null, failureMessage: null, fileHeaders: null, detectedFormat: null, reading: null,
    createdAt: 0, startedAt: 1, finishedAt: null, resumedAtRow: null, rowsPerSecond: null, secondsLeft: null, unresponsive: false,
    waitingFor: null, canRetry: false,
  }
}

function progress(status: string, rowsRead: number, at: number): ProgressEvent {
  return {
    type: 'progress', importId: 1, status, rowsRead, processedCount: 0, createdCount: 0, updatedCount: 0, errorCount: 0,
    bytesRead: rowsRead * 10, fileSize: 1000, totalRows: null, resumedAtRow: null, at,
  }
}

test('progress of the same status is sent from the event; a new status is read once', () => {
  let database = row('validating')
  const reads: number[] = []
  const sent: ImportSummary[] = []
  const updates = new UpdateCoalescer({ intervalMs: 0, read: (id) => (reads.push(id), database), warn: assert.fail })
  updates.onUpdate((update) => sent.push(update))
  updates.emitNow(1)
  for (let i = 1; i <= 50; i++) {
    updates.progress(progress('validating', i, 1000 + i * 100))
    updates.emitNow(1)
  }
  assert.equal(reads.length, 1, 'read once, when first shown')
  assert.equal(sent.at(-1)?.rowsRead, 50)
  assert.equal(sent.at(-1)?.bytesRead, 500)
  database = { ...row('processing'), rowsRead: 50 }
  updates.progress(progress('processing', 50, 7000))
  updates.emitNow(1)
  assert.equal(reads.length, 2, 'read again when the status changed')
  database = { ...row('completed'), rowsRead: 50, finishedAt: 9 }
  updates.changed(1)
  assert.equal(reads.length, 3)
  assert.deepEqual([sent.at(-1)?.status, sent.at(-1)?.finishedAt], ['completed', 9])
})

test('a silent worker marks the imports it was running, and clears them when it answers', () => {
  const sent: ImportSummary[] = []
  const updates = new UpdateCoalescer({ intervalMs: 0, read: () => row('processing'), warn: assert.fail })
  updates.onUpdate((update) => sent.push(update))
  updates.progress(progress('processing', 10, 1000))
  updates.emitNow(1)
  updates.setWorkerResponsive(false)
  assert.equal(sent.at(-1)?.unresponsive, true)
  assert.equal(updates.live(2).unresponsive, false, 'an import this worker never ran')
  updates.setWorkerResponsive(true)
  assert.equal(sent.at(-1)?.unresponsive, false)
  updates.dispose()
})
