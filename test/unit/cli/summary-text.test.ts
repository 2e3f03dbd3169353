// The CLI's progress line: what it says while the worker does not answer.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { progressLine } from '../../../main/cli/summary-text.ts'
import type { ImportSummary } from '../../../preload/api.ts'

const running: ImportSummary = {
  id: 1, fileName: 'contacts.csv', filePath: '/x/contacts.csv', fileSize: 1000, status: 'processing', totalRows: 100,
  processedCount: 40, createdCount: 40, updatedCount: 0, errorCount: 0, rowsRead: 100, bytesRead: 1000, failureReason: null,
  failureMessage: null, fileHeaders: null, detectedFormat: null, reading: null, createdAt: 0, startedAt: 0, finishedAt: null, resumedAtRow: null,
  rowsPerSecond: 2000, secondsLeft: 3, unresponsive: false, waitingFor: null, canRetry: false,
}

test('the progress line says "not responding" in place of the speed while the worker is silent', () => {
  assert.equal(progressLine(running).text, 'contacts.csv importing 40.0% · 40 rows · 2,000 rows/s · 3 s left')
  assert.equal(progressLine({ ...running, unresponsive: true }).text, 'contacts.csv importing 40.0% · 40 rows · not responding')
  const checking = { ...running, status: 'validating' as const, bytesRead: 250, unresponsive: true }
  assert.equal(progressLine(checking).text, 'contacts.csv checking 25.0% · 100 rows · not responding')
})
