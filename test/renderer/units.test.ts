// Pure parts of the renderer: formatting, the drop plan, the store's slices.
import { describe, expect, test } from 'vitest'
import { planDrop, skippedSummary } from '../../renderer/drop.ts'
import { MAX_CANVAS_HEIGHT, tallScroll, type ScrollPosition } from '../../renderer/tall-scroll.ts'
import {
  formatBytes,
  formatCount,
  formatDuration,
  formatPercent,
  formatRate,
  formatTimeLeft,
} from '../../renderer/format.ts'
import { actionsFor, progressOf, stepLabel, explainFailure, missingHeaders, statusLine } from '../../renderer/import-view.ts'
import { mergeImports, replaceImports } from '../../renderer/store/imports-slice.ts'
import { pageNeedsFetch, withPage, MAX_CACHED_PAGES } from '../../renderer/store/errors-slice.ts'
import { GAP_MS, MAX_SAMPLES, addSample, withHistory, type Sample } from '../../renderer/store/throughput-slice.ts'
import { errorRow, summary } from './fake-importer.ts'

describe('format', () => {
  test('counts are grouped', () => {
    expect(formatCount(97_912)).toBe('97,912')
    expect(formatCount(1_000_000)).toBe('1,000,000')
  })

  test('percent never says 100% before the end', () => {
    expect(formatPercent(0.9999)).toBe('99%')
    expect(formatPercent(1)).toBe('100%')
    expect(formatPercent(0.712408, 1)).toBe('71.2%')
    expect(formatPercent(Number.NaN)).toBe('0%')
  })

  test('byte sizes', () => {
    expect(formatBytes(0)).toBe('0 bytes')
    expect(formatBytes(1)).toBe('1 byte')
    expect(formatBytes(912)).toBe('912 bytes')
    expect(formatBytes(48_600_000)).toBe('48.6 MB')
    expect(formatBytes(912_400)).toBe('912 KB')
    expect(formatBytes(999_990)).toBe('1.0 MB')
    expect(formatBytes(2_500_000_000)).toBe('2.5 GB')
  })

  test('time left reads like speech', () => {
    expect(formatTimeLeft(0.4)).toBe('a moment')
    expect(formatTimeLeft(4.2)).toBe('about 4 s')
    expect(formatTimeLeft(43)).toBe('about 45 s')
    expect(formatTimeLeft(70)).toBe('about 1 min')
    expect(formatTimeLeft(180)).toBe('about 3 min')
    expect(formatTimeLeft(4800)).toBe('about 1 h 20 min')
    expect(formatTimeLeft(7200)).toBe('about 2 h')
  })

  test('durations and rates', () => {
    expect(formatDuration(0)).toBe('under 1 s')
    expect(formatDuration(420)).toBe('under 1 s')
    expect(formatDuration(999)).toBe('under 1 s')
    expect(formatDuration(1_000)).toBe('1 s')
    expect(formatDuration(42_000)).toBe('42 s')
    expect(formatDuration(180_000)).toBe('3 min')
    expect(formatDuration(4_800_000)).toBe('1 h 20 min')
    expect(formatRate(312_345)).toBe('312,000 rows/s')
    expect(formatRate(87.4)).toBe('87 rows/s')
  })
})

describe('tall scroll', () => {
  /** Scrolls by `step` px at a time, as a wheel or arrow key does, until the content stops moving. */
  function wheel(content: number, viewport: number, step: number, start: ScrollPosition = { canvasTop: 0, shift: 0 }) {
    const tall = tallScroll(content, viewport)
    const canvasEnd = tall.canvas - viewport
    let { canvasTop, shift } = start
    let moves = 0
    // Counted, not expected one by one: a million expect() calls take minutes.
    let outside = 0
    let skipped = 0
    for (;;) {
      const to = Math.min(Math.max(0, canvasTop + step), canvasEnd)
      const before = canvasTop + shift
      ;({ canvasTop, shift } = tall.follow(canvasTop, to, shift))
      if (canvasTop < 0 || canvasTop > canvasEnd) outside += 1
      const moved = canvasTop + shift - before
      if (moved === 0) return { canvasTop, shift, moves, outside, skipped }
      // Row by row: the content moves as far as the wheel asked (less at an end), never a page at a time.
      if (moved !== step && Math.abs(moved) >= Math.abs(step)) skipped += 1
      moves += 1
    }
  }

  test('under the cap the canvas is the content', () => {
    const tall = tallScroll(100_000 * 28, 320)
    expect(tall.canvas).toBe(2_800_000)
    expect(tall.place(1_400_000)).toEqual({ canvasTop: 1_400_000, shift: 0 })
    expect(tall.follow(0, 1_400_000, 0)).toEqual({ canvasTop: 1_400_000, shift: 0 })
  })

  test('5,000,000 rows: the wheel reaches the last row and comes back to the first, row by row', () => {
    const content = 5_000_000 * 28
    const down = wheel(content, 320, 100)
    expect(tallScroll(content, 320).canvas).toBe(MAX_CANVAS_HEIGHT)
    expect(down).toMatchObject({ outside: 0, skipped: 0 })
    expect(down.canvasTop + down.shift).toBe(content - 320)
    expect(down.canvasTop).toBe(MAX_CANVAS_HEIGHT - 320)
    expect(down.moves).toBe(Math.ceil((content - 320) / 100))
    const up = wheel(content, 320, -100, down)
    expect(up).toMatchObject({ canvasTop: 0, shift: 0, outside: 0, skipped: 0 })
  })

  test('any count: a hundred million two-line rows, a page at a time', () => {
    const content = 100_000_000 * 44
    const down = wheel(content, 2400, 2100)
    expect(down).toMatchObject({ outside: 0, skipped: 0 })
    expect(down.canvasTop + down.shift).toBe(content - 2400)
    expect(down.moves).toBe(Math.ceil((content - 2400) / 2100))
  })

  test('the thumb lands where it points; the ends are the ends', () => {
    const content = 5_000_000 * 28
    const tall = tallScroll(content, 320)
    const at = (canvasTop: number): number => {
      const position = tall.follow(0, canvasTop, 0)
      return position.canvasTop + position.shift
    }
    expect(at(MAX_CANVAS_HEIGHT - 320)).toBe(content - 320)
    expect(at(MAX_CANVAS_HEIGHT / 2) / content).toBeCloseTo(0.5, 2)
    expect(tall.follow(MAX_CANVAS_HEIGHT / 2, 0, 1_000_000)).toEqual({ canvasTop: 0, shift: 0 })
    // Placing content shows it, and a canvas left there moves no further.
    const placed = tall.place(70_000_000)
    expect(placed.canvasTop + placed.shift).toBe(70_000_000)
    expect(tall.follow(placed.canvasTop, placed.canvasTop, placed.shift)).toEqual(placed)
  })
})

describe('drop plan', () => {
  const file = (name: string, type = '', size = 10) => new File([new Uint8Array(size)], name, { type })

  test('accepts csv, tsv, txt and text/csv; skips folders, spreadsheets and the rest', () => {
    const plan = planDrop([
      { file: file('a.CSV'), isDirectory: false },
      { file: file('b.tsv'), isDirectory: null },
      { file: file('c.txt'), isDirectory: null },
      { file: file('d', 'text/csv'), isDirectory: null },
      { file: file('Folder', '', 0), isDirectory: null },
      { file: file('Folder.v2', '', 4096), isDirectory: true },
      { file: file('e.xlsx'), isDirectory: false },
      { file: file('f.png', 'image/png'), isDirectory: false },
    ])
    expect(plan.accepted.map((f) => f.name)).toEqual(['a.CSV', 'b.tsv', 'c.txt', 'd'])
    expect(plan.skipped).toEqual([
      { name: 'Folder', reason: 'folder' },
      { name: 'Folder.v2', reason: 'folder' },
      { name: 'e.xlsx', reason: 'spreadsheet' },
      { name: 'f.png', reason: 'not_csv' },
    ])
    expect(skippedSummary(plan)).toBe(
      'Importing 4 files. Skipped “Folder” (a folder), “Folder.v2” (a folder), “e.xlsx” (a spreadsheet; save it as CSV first), “f.png” (not a CSV file).',
    )
  })

  test('an empty file with an extension is a file, not a folder', () => {
    expect(planDrop([{ file: file('empty.csv', '', 0), isDirectory: null }]).accepted).toHaveLength(1)
  })
})

describe('import view', () => {
  test('a worker that does not answer shows as "Not responding" in place of time left while the import runs', () => {
    const nameOf = () => undefined
    const running = summary({ status: 'processing', totalRows: 100, processedCount: 40, rowsPerSecond: 5000, secondsLeft: 3 })
    expect(statusLine(running, nameOf, 'compact')).not.toContain('Not responding')
    expect(statusLine({ ...running, unresponsive: true }, nameOf, 'compact')).toBe('Not responding · 5,000 rows/s')
    expect(statusLine({ ...running, unresponsive: true }, nameOf, 'full')).toBe('Not responding')
    const checking = summary({ status: 'validating', bytesRead: 50, fileSize: 100, unresponsive: true })
    expect(statusLine(checking, nameOf, 'compact')).toBe('Not responding')
  })

  test('buttons per state: the Pause/Resume slot through every unfinished state; what can still be done after the end', () => {
    const s = (o: Parameters<typeof summary>[0]) => actionsFor(summary(o))
    expect(s({ status: 'pending' })).toEqual(['pause', 'cancel'])
    // Resumed (it ran before) and waiting its turn.
    expect(s({ status: 'pending', startedAt: 1 })).toEqual(['resuming', 'cancel'])
    expect(s({ status: 'validating' })).toEqual(['pause', 'cancel'])
    expect(s({ status: 'processing' })).toEqual(['pause', 'cancel'])
    expect(s({ status: 'processing', errorCount: 3 })).toEqual(['pause', 'cancel', 'exportErrors'])
    expect(s({ status: 'paused' })).toEqual(['resume', 'cancel', 'remove'])
    expect(s({ status: 'completed' })).toEqual(['remove'])
    expect(s({ status: 'completed', errorCount: 1 })).toEqual(['exportErrors', 'remove'])
    expect(s({ status: 'failed' })).toEqual(['importAgain', 'chooseAnother', 'remove'])
    expect(s({ status: 'failed', canRetry: true, errorCount: 2 })).toEqual(['retry', 'chooseAnother', 'exportErrors', 'remove'])
    expect(s({ status: 'cancelled', errorCount: 4 })).toEqual(['importAgain', 'exportErrors', 'remove'])
  })

  test('one bar for the whole job: checking fills the first half by bytes, importing the second by valid rows', () => {
    const checking = progressOf(summary({ status: 'validating', fileSize: 1000, bytesRead: 500 }))
    expect([checking.fraction, checking.step, stepLabel(checking)]).toEqual([0.25, 1, 'Step 1 of 2 · Checking'])
    const checked = progressOf(summary({ status: 'validating', fileSize: 1000, bytesRead: 1000 }))
    const importing = progressOf(summary({ status: 'processing', fileSize: 1000, bytesRead: 1000, totalRows: 100, errorCount: 20, processedCount: 0 }))
    // No drop when importing starts.
    expect([checked.fraction, importing.fraction, stepLabel(importing)]).toEqual([0.5, 0.5, 'Step 2 of 2 · Importing'])
    const nearly = progressOf(summary({ status: 'processing', totalRows: 100, errorCount: 20, processedCount: 80 }))
    expect(nearly.fraction).toBe(1)
    expect(progressOf(summary({ status: 'completed', totalRows: 100, processedCount: 100 })).fraction).toBe(1)
  })

  test('headers are compared the way the importer normalizes them', () => {
    expect(missingHeaders(['E-mail', 'First Name', 'LAST_NAME'])).toEqual(['email'])
    expect(missingHeaders([' email ', 'first-name', 'last  name'])).toEqual([])
  })

  test('a failure without a message still says what to do', () => {
    const failure = explainFailure(summary({ status: 'failed', failureReason: null, failureMessage: null, canRetry: true }))
    expect(failure.title).toBe('The import stopped with a problem')
    expect(failure.message).toBe('Choose Retry to continue, or choose another file.')
  })

  test('without a Retry button the fallback advice never says to choose Retry', () => {
    for (const failureReason of [null, 'file_changed', 'file_missing', 'internal'] as const) {
      const failure = explainFailure(summary({ status: 'failed', failureReason, failureMessage: null, canRetry: false }))
      expect(failure.message).not.toMatch(/retry/i)
      expect(failure.message).toMatch(/choose/i)
    }
    // With one, it does.
    const retryable = explainFailure(summary({ status: 'failed', failureReason: 'file_missing', failureMessage: null, canRetry: true }))
    expect(retryable.message).toMatch(/choose Retry/)
  })
})

describe('store slices', () => {
  test('order is newest first and keeps its identity on progress', () => {
    const a = summary({ createdAt: 1 })
    const b = summary({ createdAt: 2 })
    const slice = replaceImports([a, b])
    expect(slice.order).toEqual([b.id, a.id])
    const next = mergeImports(slice, [{ ...a, processedCount: 5 }])
    expect(next.order).toBe(slice.order)
    expect(next.imports[b.id]).toBe(slice.imports[b.id])
    expect(next.imports[a.id]?.processedCount).toBe(5)
  })

  test('throughput: gaps after silence and bounded memory', () => {
    let samples: readonly Sample[] | undefined
    samples = addSample(samples, 0, 10)
    samples = addSample(samples, 100, 12)
    samples = addSample(samples, 100 + GAP_MS + 1, 11)
    expect(samples.map((s) => s.v)).toEqual([10, 12, null, 11])
    expect(addSample(samples, 5000, null).at(-1)).toEqual({ t: 5000, v: null })
    const paused = addSample(samples, 5000, null)
    expect(addSample(paused, 5100, null)).toBe(paused)
    for (let i = 0; i < 5000; i += 1) samples = addSample(samples, 10_000 + i * 100, i)
    expect(samples.length).toBeLessThanOrEqual(MAX_SAMPLES)
    expect(samples.filter((s) => s.v === null).length).toBeGreaterThanOrEqual(1)
  })

  test('throughput: the stored history comes first, then live samples after it, with a gap between', () => {
    const history = [
      { at: 1000, rowsPerSecond: 10 },
      { at: 2000, rowsPerSecond: 12 },
      { at: 2001, rowsPerSecond: null },
      { at: 60_000, rowsPerSecond: 11 },
    ]
    const live: Sample[] = [
      { t: 59_500, v: 99 },
      { t: 61_000, v: 13 },
      { t: 61_000 + GAP_MS + 1, v: 14 },
    ]
    expect(withHistory(live, history)).toEqual([
      { t: 1000, v: 10 },
      { t: 2000, v: 12 },
      { t: 2001, v: null },
      { t: 60_000, v: 11 },
      { t: 61_000, v: 13 },
      { t: 61_001, v: null },
      { t: 61_000 + GAP_MS + 1, v: 14 },
    ])
    const long = Array.from({ length: 5 * MAX_SAMPLES }, (_, i) => ({ at: i * 1000, rowsPerSecond: i }))
    expect(withHistory(undefined, long).length).toBeLessThanOrEqual(MAX_SAMPLES)
  })

  test('error pages: partial pages are fetched again, far pages are dropped', () => {
    let cache = withPage(undefined, 0, [errorRow(0), errorRow(1)])
    expect(pageNeedsFetch(cache, 0, 2)).toBe(false)
    expect(pageNeedsFetch(cache, 0, 3)).toBe(true)
    for (let i = 1; i <= MAX_CACHED_PAGES + 5; i += 1) cache = withPage(cache, i, [errorRow(i)])
    const kept = Object.keys(cache.pages).map(Number)
    expect(kept).toHaveLength(MAX_CACHED_PAGES)
    expect(kept).not.toContain(0)
  })
})
