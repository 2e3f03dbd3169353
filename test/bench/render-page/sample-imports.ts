// Seven imports in every state the window shows (queued, importing, paused, done with errors,
// waiting for its columns, failed as a workbook that is not CSV, cancelled), with counts in the millions: for screenshots and the layout checks in test/e2e.
import type { ImportSummary } from '../../../preload/api.ts'

export function sampleImports(now: number = Date.now()): ImportSummary[] {
  const MIN = 60_000

  function make(id: number, overrides: Partial<ImportSummary>): ImportSummary {
    return {
      id,
      fileName: `file-${id}.csv`,
      filePath: `/home/me/file-${id}.csv`,
      fileSize: 48_600_000,
      status: 'pending',
      totalRows: null,
      processedCount: 0,
      createdCount: 0,
      updatedCount: 0,
      errorCount: 0,
      rowsRead: 0,
      bytesRead: 0,
      failureReason: null,
      failureMessage: null,
      fileHeaders: null,
      detectedFormat: null,
      reading: null,
      createdAt: now - (10 - id) * MIN,
      startedAt: null,
      finishedAt: null,
      resumedAtRow: null,
      rowsPerSecond: null,
      secondsLeft: null,
      unresponsive: false,
      waitingFor: null,
      canRetry: false,
      ...overrides,
    }
  }

  // Columns no alias matches: it waits for the person to choose them (needs_mapping).
  const needsColumns = make(1, {
    fileName: 'crm-export.csv',
    fileSize: 1_240_000,
    status: 'needs_mapping',
    fileHeaders: ['E-Mail-Adresse', 'Vorname', 'Nachname', 'Firma', 'Telefon'],
    startedAt: now - 9 * MIN,
  })
  // An Excel workbook saved under a .csv name (not_csv): its own view, naming the format.
  const workbook = make(4, {
    fileName: 'customers.csv',
    fileSize: 88_000,
    status: 'failed',
    failureReason: 'not_csv',
    failureMessage: 'This file is an Excel workbook (.xlsx), not a CSV file. Open it in your spreadsheet app and save it as CSV (in Excel: File › Save As › "CSV UTF-8").',
    detectedFormat: 'xlsx',
    startedAt: now - 6 * MIN,
    finishedAt: now - 6 * MIN,
  })
  const done = make(2, {
    fileName: 'old.csv',
    fileSize: 5_400_000,
    status: 'completed',
    totalRows: 100_000,
    rowsRead: 100_000,
    bytesRead: 5_400_000,
    processedCount: 97_912,
    createdCount: 91_004,
    updatedCount: 6_908,
    errorCount: 2_088,
    startedAt: now - 8 * MIN,
    finishedAt: now - 8 * MIN + 21_000,
  })
  const paused = make(3, {
    fileName: 'leads.csv',
    fileSize: 19_800_000,
    status: 'paused',
    totalRows: 1_000_000,
    rowsRead: 380_112,
    bytesRead: 7_500_000,
    processedCount: 376_410,
    createdCount: 350_118,
    updatedCount: 26_292,
    errorCount: 3_702,
    startedAt: now - 7 * MIN,
  })
  const running = make(5, {
    fileName: 'contacts-2026.csv',
    fileSize: 260_000_000,
    status: 'processing',
    totalRows: 5_000_000,
    rowsRead: 412_338,
    bytesRead: 21_400_000,
    processedCount: 404_100,
    createdCount: 371_772,
    updatedCount: 32_328,
    errorCount: 8_238,
    rowsPerSecond: 180_000,
    secondsLeft: 26,
    resumedAtRow: 412_338,
    startedAt: now - 3 * MIN,
  })
  const queued = make(6, {
    fileName: 'newsletter-signups.csv',
    fileSize: 812_000,
    status: 'pending',
    waitingFor: 5,
  })
  const cancelled = make(0, {
    fileName: 'test-export.csv',
    fileSize: 2_100_000,
    status: 'cancelled',
    totalRows: 40_000,
    rowsRead: 12_000,
    processedCount: 11_950,
    createdCount: 11_950,
    errorCount: 50,
    createdAt: now - 11 * MIN,
  })

  return [queued, running, workbook, paused, done, needsColumns, cancelled]
}
