import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { ImportSummary } from '../../../preload/api.ts'
import { completionLine, createNoticeTracker, importFraction, progressBarState } from '../../../main/notifications.ts'

function s(patch: Partial<ImportSummary>): ImportSummary {
  return {
    id: 1, fileName: 'contacts-2026.csv', filePath: '/x/contacts-2026.csv', fileSize: 1000, status: 'processing',
    totalRows: null, processedCount: 0, createdCount: 0, updatedCount: 0, errorCount: 0, rowsRead: 0, bytesRead: 0,
    failureReason: null, failureMessage: null, fileHeaders: null, detectedFormat: null, reading: null, createdAt: 0, startedAt: 0, finishedAt: null,
    resumedAtRow: null, rowsPerSecond: null, secondsLeft: null, unresponsive: false, waitingFor: null, canRetry: false,
    ...patch,
  }
}

test('the completion line of the UI sketch', () => {
  const done = s({ status: 'completed', processedCount: 97_912, createdCount: 91_004, updatedCount: 6_908, errorCount: 2_088 })
  assert.equal(completionLine(done, 'en-US'), 'Done: 97,912 imported (91,004 new, 6,908 updated), 2,088 errors')
  assert.equal(completionLine(s({ processedCount: 3, createdCount: 3, errorCount: 1 }), 'en-US'), 'Done: 3 imported (3 new, 0 updated), 1 error')
  assert.equal(completionLine(s({ processedCount: 3, createdCount: 3 }), 'en-US'), 'Done: 3 imported (3 new, 0 updated), no errors')
})

test('fraction: checking by bytes fills the first half, importing by valid rows the second', () => {
  assert.equal(importFraction(s({ status: 'validating', bytesRead: 250 })), 0.125)
  assert.equal(importFraction(s({ status: 'validating', bytesRead: 1000 })), 0.5)
  assert.equal(importFraction(s({ status: 'processing', totalRows: 200, processedCount: 0, errorCount: 20 })), 0.5, 'no step back')
  assert.equal(importFraction(s({ status: 'processing', totalRows: 200, processedCount: 90, errorCount: 20 })), 0.75)
  assert.equal(importFraction(s({ status: 'paused', totalRows: 200, processedCount: 180, errorCount: 20 })), 1)
  assert.equal(importFraction(s({ status: 'paused', bytesRead: 500 })), 0.25)
  assert.equal(importFraction(s({ status: 'pending' })), 0)
  assert.equal(importFraction(s({ status: 'completed' })), 1)
  assert.equal(importFraction(s({ status: 'processing', totalRows: 10, processedCount: 50 })), 1, 'clamped')
  assert.equal(importFraction(s({ status: 'processing', totalRows: 0 })), 1, 'a file of no rows')
  assert.equal(importFraction(s({ status: 'processing', fileSize: 0 })), null)
})

test('bar: idle removes it; running imports weighted by size; paused only → paused mode', () => {
  assert.deepEqual(progressBarState([]), { progress: -1, mode: 'none' })
  assert.deepEqual(progressBarState([s({ status: 'completed' }), s({ status: 'failed' }), s({ status: 'cancelled' })]), {
    progress: -1,
    mode: 'none',
  })
  const big = s({ id: 1, fileSize: 3000, totalRows: 100, processedCount: 100 })
  const small = s({ id: 2, fileSize: 1000, status: 'pending' })
  assert.deepEqual(progressBarState([big, small]), { progress: 0.75, mode: 'normal' })
  const paused = s({ id: 3, status: 'paused', totalRows: 10, processedCount: 4 })
  assert.deepEqual(progressBarState([paused]), { progress: 0.7, mode: 'paused' })
  assert.deepEqual(progressBarState([paused, big]), { progress: 1, mode: 'normal' }, 'running ones win over paused')
  assert.deepEqual(progressBarState([s({ fileSize: 0 })]), { progress: 2, mode: 'indeterminate' })
})

test('notices: once per outcome, only for imports that finished in this session, none for cancel', () => {
  const session = 1_000
  const notice = createNoticeTracker(session, 'en-US')
  assert.equal(notice(s({ status: 'processing' })), null)
  assert.equal(notice(s({ id: 9, status: 'completed', finishedAt: 500 })), null, 'finished before this session')
  const done = s({ status: 'completed', finishedAt: 2_000, processedCount: 2, createdCount: 1, updatedCount: 1 })
  assert.deepEqual(notice(done), {
    importId: 1,
    title: 'contacts-2026.csv imported',
    body: 'Done: 2 imported (1 new, 1 updated), no errors',
  })
  assert.equal(notice(done), null, 'a repeated update does not notify twice')
  assert.equal(notice(s({ id: 2, status: 'cancelled', finishedAt: 2_000 })), null)

  const failed = s({ id: 3, status: 'failed', finishedAt: 3_000, failureMessage: 'This file is not UTF-8 (line 4,512).' })
  assert.deepEqual(notice(failed), { importId: 3, title: 'contacts-2026.csv could not be imported', body: 'This file is not UTF-8 (line 4,512).' })
  assert.equal(notice(failed), null)
  // Retried after failing, then completed: announced again.
  assert.equal(notice(s({ id: 3, status: 'processing' })), null)
  assert.equal(notice(s({ id: 3, status: 'completed', finishedAt: 4_000 }))?.title, 'contacts-2026.csv imported')
})
