// The detail view of the selected import in every state: summary, line under the bar, the buttons the
// state allows (and the window.importer method each calls), the failure view, the chart, the errors.
import { act, fireEvent, screen, within } from '@testing-library/react'
import { describe, expect, test, vi } from 'vitest'
import type { ImportSummary } from '../../preload/api.ts'
import { ERROR_ROW_HEIGHT } from '../../renderer/components/ErrorTable.tsx'
import { MAX_CANVAS_HEIGHT } from '../../renderer/tall-scroll.ts'
import { summary } from './fake-importer.ts'
import { buttonNames, click, detail, noticeTexts, push, renderApp, settle } from './render-app.tsx'
import { loadStyles } from './styles.ts'

const processing = (overrides: Partial<ImportSummary> = {}): ImportSummary =>
  summary({
    fileName: 'contacts-2026.csv',
    status: 'processing',
    totalRows: 1_000_000,
    rowsRead: 712_408,
    processedCount: 698_201,
    createdCount: 651_002,
    updatedCount: 47_199,
    errorCount: 14_207,
    bytesRead: 34_000_000,
    rowsPerSecond: 312_000,
    secondsLeft: 4,
    startedAt: Date.now() - 60_000,
    ...overrides,
  })

function detailButtons(fileName: string): string[] {
  return buttonNames(detail(fileName))
}

describe('detail view', () => {
  test('processing: time left is the headline; one bar for the whole job with its step; the counters under it', async () => {
    await renderApp([processing({ resumedAtRow: 412_338 })])
    const view = detail('contacts-2026.csv')
    expect(view.querySelector('.detail-meta')?.textContent).toMatch(/^48\.6 MB · started \d{1,2}:\d\d( [AP]M)? · Resumed at row 412,338$/)
    expect(view.querySelector('.detail-headline')?.textContent).toBe('About 4 s left')
    // Checking was the first half; 698,201 of the 985,793 valid rows are imported.
    expect(view.querySelector('.detail-progress .pct')?.textContent).toBe('85%')
    expect(view.querySelector('.detail-line')?.textContent).toBe(
      'Step 2 of 2 · Importing · 698,201 of 985,793 rows imported · 312,000 rows/s',
    )
    const stats = view.querySelector('.stats')?.textContent
    expect(stats).toBe('Imported698,201New651,002Updated47,199Errors14,207')
    const bar = within(view).getByRole('progressbar', { name: 'Progress' })
    expect(bar.getAttribute('aria-valuenow')).toBe('85')
    expect(bar.getAttribute('aria-valuetext')).toBe('85% of the whole import; step 2 of 2 · importing, 70% of this step')
    // Errors can be exported while it runs.
    expect(detailButtons('contacts-2026.csv')).toEqual(['Pause', 'Cancel', 'Export errors…'])
  })

  test('names the file by its full path, cut from the left when long, and selectable', async () => {
    loadStyles()
    const filePath = '/home/me/Exports/2026/March/Sales team/contacts-2026.csv'
    await renderApp([processing({ filePath })])
    const path = detail('contacts-2026.csv').querySelector<HTMLElement>('.detail-path')!
    expect(path.textContent).toBe(filePath)
    expect(path.title).toBe(filePath)
    const style = getComputedStyle(path)
    expect([style.direction, style.textOverflow, style.whiteSpace, style.userSelect]).toEqual(['rtl', 'ellipsis', 'nowrap', 'text'])
    // Right-to-left only moves the ellipsis: the path itself still reads left to right.
    expect(path.querySelector('bdi')?.getAttribute('dir')).toBe('ltr')
  })

  test('pending: waits for the running import; Pause and Cancel', async () => {
    const running = processing({ id: 1 })
    const queued = summary({ id: 2, fileName: 'leads.csv', status: 'pending', waitingFor: 1, createdAt: running.createdAt + 1 })
    await renderApp([running, queued])
    const view = detail('leads.csv')
    expect(view.querySelector('.detail-headline')?.textContent).toBe('Waiting for contacts-2026.csv to finish')
    expect(detailButtons('leads.csv')).toEqual(['Pause', 'Cancel'])
    expect(within(view).getByText('Rows that cannot be imported will be listed here.')).toBeTruthy()
  })

  test('validating: step 1 of 2 by bytes, the first half of the bar; Pause and Cancel', async () => {
    await renderApp([summary({ fileName: 'v.csv', status: 'validating', fileSize: 48_600_000, bytesRead: 15_066_000 })])
    const view = detail('v.csv')
    expect(view.querySelector('.detail-line')?.textContent).toBe('Step 1 of 2 · Checking · 15.1 MB of 48.6 MB checked')
    expect(view.querySelector('.detail-progress .pct')?.textContent).toBe('15%')
    expect(detailButtons('v.csv')).toEqual(['Pause', 'Cancel'])
  })

  test('paused: where it stopped; Resume, Cancel, Export errors… and Remove', async () => {
    await renderApp([processing({ status: 'paused', rowsRead: 380_112, processedCount: 370_000, errorCount: 10_112, rowsPerSecond: null, secondsLeft: null })])
    const view = detail('contacts-2026.csv')
    expect(view.querySelector('.detail-headline')?.textContent).toBe('Paused at row 380,112')
    expect(detailButtons('contacts-2026.csv')).toEqual(['Resume', 'Cancel', 'Remove', 'Export errors…'])
  })

  test('completed: the completion sentence; Remove', async () => {
    await renderApp([
      summary({ fileName: 'clean.csv', status: 'completed', totalRows: 10, rowsRead: 10, processedCount: 10, createdCount: 10, startedAt: 0, finishedAt: 180_000 }),
    ])
    const view = detail('clean.csv')
    expect(view.querySelector('.detail-headline')?.textContent).toBe('Done: 10 imported (10 new, 0 updated), no errors')
    expect(view.querySelector('.detail-meta')?.textContent).toContain('took 3 min')
    expect(detailButtons('clean.csv')).toEqual(['Remove'])
    expect(within(view).getByText('Every row was imported.')).toBeTruthy()
  })

  test('completed with errors: "Done: …" and Export errors…', async () => {
    const done = summary({
      fileName: 'old.csv',
      status: 'completed',
      totalRows: 100_000,
      rowsRead: 100_000,
      processedCount: 97_912,
      createdCount: 91_004,
      updatedCount: 6_908,
      errorCount: 2_088,
    })
    const api = await renderApp([done])
    const view = detail('old.csv')
    expect(view.querySelector('.detail-headline')?.textContent).toBe(
      'Done: 97,912 imported (91,004 new, 6,908 updated), 2,088 errors',
    )
    expect(detailButtons('old.csv')).toEqual(['Remove', 'Export errors…'])
    expect(within(view).getByRole('heading', { name: 'Errors (2,088)' })).toBeTruthy()
    await click(within(view).getByRole('button', { name: 'Export errors…' }))
    expect(api.exportErrors).toHaveBeenCalledWith(done.id)
  })

  test('cancelled: where it stopped, that earlier rows stay; Import again, Remove, Export errors…', async () => {
    await renderApp([processing({ status: 'cancelled', rowsRead: 380_112, processedCount: 370_000, errorCount: 10_112, rowsPerSecond: null })])
    const view = detail('contacts-2026.csv')
    expect(view.querySelector('.detail-headline')?.textContent).toBe('Stopped at row 380,112; the rows before stay imported')
    expect(detailButtons('contacts-2026.csv')).toEqual(['Import again', 'Remove', 'Export errors…'])
  })

  const clicks: [string, Partial<ImportSummary>, 'pause' | 'resume' | 'cancel' | 'retry' | 'chooseFile' | 'exportErrors'][] = [
    ['Pause', { status: 'processing' }, 'pause'],
    ['Cancel', { status: 'processing' }, 'cancel'],
    ['Resume', { status: 'paused' }, 'resume'],
    ['Retry', { status: 'failed', failureReason: 'file_changed', canRetry: true }, 'retry'],
    ['Choose another file…', { status: 'failed', failureReason: 'encoding' }, 'chooseFile'],
    ['Export errors…', { status: 'completed', errorCount: 5 }, 'exportErrors'],
  ]
  for (const [label, overrides, method] of clicks) {
    test(`${label} calls window.importer.${method}`, async () => {
      const s = processing(overrides)
      const api = await renderApp([s])
      await click(within(detail(s.fileName)).getByRole('button', { name: label }))
      if (method === 'cancel') await click(screen.getByRole('button', { name: 'Cancel import' }))
      expect(api[method]).toHaveBeenCalledTimes(1)
      if (method !== 'chooseFile') expect(api[method]).toHaveBeenCalledWith(s.id)
    })
  }

  test('Pause becomes Resume in place: keyboard focus stays on it; a double click sends one command', async () => {
    const s = processing()
    const api = await renderApp([s])
    let finish: () => void = () => {}
    api.pause = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)))
    const pause = within(detail(s.fileName)).getByRole('button', { name: 'Pause' })
    pause.focus()
    fireEvent.click(pause)
    fireEvent.click(pause)
    expect(api.pause).toHaveBeenCalledTimes(1)
    expect(pause.getAttribute('aria-disabled')).toBe('true')
    act(() => finish())
    await settle()
    push(api, { ...s, status: 'paused', rowsPerSecond: null })
    expect(document.activeElement?.textContent).toBe('Resume')
  })

  test('a command main refuses becomes a notice, in words', async () => {
    const s = processing()
    const api = await renderApp([s])
    api.pause = () => Promise.reject(new Error("Error invoking remote method 'importer:pause': Error: The import already finished"))
    await click(within(detail(s.fileName)).getByRole('button', { name: 'Pause' }))
    expect(noticeTexts('Problems')).toEqual(['Could not pause contacts-2026.csv. The import already finished.'])
  })
})

describe('failure view', () => {
  test('missing headers: names them and what the file has; Choose another file only', async () => {
    const failed = summary({
      fileName: 'people.csv',
      status: 'failed',
      failureReason: 'missing_headers',
      failureMessage: 'Add the column, save the file as CSV and drop it again.',
      fileHeaders: ['email', 'name', 'last_name'],
    })
    await renderApp([failed])
    const view = detail('people.csv')
    const failure = within(view).getByRole('region', { name: 'Required columns are missing' })
    expect(failure.textContent).toContain('Missing headers: first_name. Your file has: email, name, last_name')
    expect(failure.textContent).toContain('Add the column, save the file as CSV and drop it again.')
    expect(failure.textContent).toContain('Nothing was imported; your contacts are unchanged.')
    // The file can be imported again once it is fixed.
    expect(buttonNames(view)).toEqual(['Remove', 'Import again', 'Choose another file…'])
    // A rejected file ran no rows: no empty chart or error table under the explanation.
    expect(within(view).queryByRole('heading', { name: 'Throughput' })).toBeNull()
  })

  test('a finished import shows its stored throughput, with the gap where the app was closed', async () => {
    const done = summary({ fileName: 'old.csv', status: 'completed', totalRows: 10, processedCount: 10, createdCount: 10, finishedAt: Date.now() })
    const api = await renderApp([done], [
      { at: 1_000, rowsPerSecond: 100_000 },
      { at: 2_000, rowsPerSecond: 150_000 },
      { at: 2_001, rowsPerSecond: null },
      { at: 70_000, rowsPerSecond: 120_000 },
    ])
    await act(async () => {})
    expect(api.throughput).toHaveBeenCalledWith(done.id)
    const view = detail('old.csv')
    expect(within(view).getByRole('heading', { name: 'Throughput' })).toBeTruthy()
    expect(within(view).getByRole('img', { name: /^Throughput over 1 min: peak 150,000 rows\/s/ })).toBeTruthy()
    expect(view.querySelectorAll('.chart-gap')).toHaveLength(1)
    expect(view.querySelector('.chart-legend')?.textContent).toContain('Gaps: paused or closed')
  })

  test("main's own sentence is not repeated", async () => {
    await renderApp([
      summary({
        fileName: 'p.csv',
        status: 'failed',
        failureReason: 'missing_headers',
        failureMessage: 'Missing headers: first_name. Your file has: email, name, last_name.',
        fileHeaders: ['email', 'name', 'last_name'],
      }),
    ])
    const text = detail('p.csv').querySelector('.failure')?.textContent ?? ''
    expect(text.match(/Your file has/g)).toHaveLength(1)
  })

  test('encoding: the message from main with where and what to do', async () => {
    await renderApp([
      summary({
        fileName: 'latin1.csv',
        status: 'failed',
        failureReason: 'encoding',
        failureMessage: "This file is not UTF-8 (line 4,512). Save it from your spreadsheet as 'CSV UTF-8' and drop it again.",
      }),
    ])
    const view = detail('latin1.csv')
    expect(within(view).getByRole('heading', { name: 'This file is not UTF-8 text' })).toBeTruthy()
    expect(within(view).getByText(/line 4,512/)).toBeTruthy()
    expect(view.textContent).not.toMatch(/undefined|null/)
  })

  test('a resumable failure keeps what was imported and offers Retry first', async () => {
    const s = summary({
      fileName: 'moved.csv',
      status: 'failed',
      failureReason: 'file_missing',
      failureMessage: null,
      processedCount: 412_338,
      canRetry: true,
    })
    const api = await renderApp([s])
    const view = detail('moved.csv')
    expect(view.textContent).toContain('Put the file back where it was and choose Retry, or choose another file.')
    expect(view.textContent).toContain('The 412,338 rows imported before this stay imported.')
    expect(buttonNames(view)).toEqual(['Remove', 'Retry', 'Choose another file…'])
    await click(within(view).getByRole('button', { name: 'Retry' }))
    expect(api.retry).toHaveBeenCalledWith(s.id)
  })

  test('choosing another file from the failure selects the new import', async () => {
    const api = await renderApp([summary({ fileName: 'bad.csv', status: 'failed', failureReason: 'empty_file' })])
    api.chooseFile = () => Promise.resolve([{ ok: true, import: summary({ fileName: 'good.csv', createdAt: Date.now() }) }])
    await click(within(detail('bad.csv')).getByRole('button', { name: 'Choose another file…' }))
    expect(detail('good.csv')).toBeTruthy()
  })
})

describe('error rows', () => {
  test('readable problem labels and messages without the row and line the columns already show', async () => {
    const s = processing({ status: 'completed', errorCount: 2 })
    const api = await renderApp([s])
    api.errors = (id, offset) => Promise.resolve({
      importId: id,
      total: 2,
      offset,
      rows: [
        { rowNumber: 1204, lineNumber: 1206, code: 'invalid_email', email: 'bob@', message: 'Row 1,204 (line 1,206): "bob@" is not a valid email address.' },
        { rowNumber: 1300, lineNumber: 1302, code: 'missing_value', email: 'ann@x.io', message: 'Row 1,300 (line 1,302) has no first name.' },
      ],
    })
    // The first fetch (from the fake) had other rows; ask again through a new count.
    push(api, { ...s, errorCount: 1 })
    push(api, { ...s, errorCount: 2 })
    await act(async () => {})
    const grid = within(detail(s.fileName)).getByRole('grid', { name: `Errors in ${s.fileName}` })
    const cells = (index: number) =>
      Array.from(grid.querySelectorAll(`.err-scroller [aria-rowindex="${index + 2}"] [role="gridcell"]`), (cell) => cell.textContent)
    expect(within(grid).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Row', 'Line', 'Problem', 'Email', 'Message'])
    expect(cells(0)).toEqual(['1,204', '1,206', 'Invalid email', 'bob@', '"bob@" is not a valid email address.'])
    expect(cells(1)).toEqual(['1,300', '1,302', 'Missing name', 'ann@x.io', 'No first name.'])
  })

  test('rows are focusable (one tab stop, arrow keys) and the focused row is written out in full', async () => {
    const s = processing({ status: 'completed', errorCount: 50 })
    await renderApp([s])
    await act(async () => {})
    const grid = within(detail(s.fileName)).getByRole('grid')
    const focusable = () => Array.from(grid.querySelectorAll<HTMLElement>('[tabindex="0"]'))
    expect(focusable().map((row) => row.getAttribute('aria-rowindex'))).toEqual(['2'])
    const first = focusable()[0]
    first.focus()
    fireEvent.keyDown(first, { key: 'ArrowDown' })
    await settle()
    expect(document.activeElement?.getAttribute('aria-rowindex')).toBe('3')
    expect(focusable()).toEqual([document.activeElement])
    expect(grid.querySelector('.err-focused')?.textContent).toBe('Row 10 · line 12 · Invalid email · person1@: Row 2: the email is not valid')
    fireEvent.keyDown(document.activeElement!, { key: 'End' })
    await settle()
    expect(document.activeElement?.getAttribute('aria-rowindex')).toBe('51')
  })

  test('100,000 errors: fetches pages as it scrolls and renders only the visible rows', async () => {
    const s = processing({ status: 'completed', errorCount: 100_000, processedCount: 900_000, totalRows: 1_000_000 })
    const api = await renderApp([s])
    await act(async () => {})
    expect(api.errors).toHaveBeenCalledWith(s.id, 0, 200)
    const table = within(detail(s.fileName)).getByRole('grid', { name: `Errors in ${s.fileName}` })
    expect(table.getAttribute('aria-rowcount')).toBe('100001')
    const rendered = table.querySelectorAll('.err-scroller [role="row"]')
    expect(rendered.length).toBeLessThan(40)
    expect(rendered[0]?.textContent).toContain('Invalid email')
    expect(rendered[0]?.textContent).toContain('person0@')

    const scroller = table.querySelector<HTMLElement>('.err-scroller')!
    scroller.scrollTop = 50_000 * ERROR_ROW_HEIGHT
    fireEvent.scroll(scroller)
    await settle()
    await act(async () => {})
    expect(api.errors).toHaveBeenCalledWith(s.id, 49_800, 200)
    expect(api.errors).toHaveBeenCalledWith(s.id, 50_000, 200)
    const rows = Array.from(table.querySelectorAll('.err-scroller [role="row"]'))
    expect(rows.length).toBeLessThan(40)
    expect(rows.some((r) => r.getAttribute('aria-rowindex') === String(50_000 + 2))).toBe(true)
    expect(rows.some((r) => r.textContent?.includes('person50000@'))).toBe(true)
  })

  test('5,000,000 errors: the canvas stays under the browser’s height limit; every row can be reached', async () => {
    const s = processing({ status: 'completed', errorCount: 5_000_000, processedCount: 0, totalRows: 5_000_000 })
    await renderApp([s])
    await act(async () => {})
    const table = within(detail(s.fileName)).getByRole('grid', { name: `Errors in ${s.fileName}` })
    expect(table.getAttribute('aria-rowcount')).toBe('5000001')
    const scroller = table.querySelector<HTMLElement>('.err-scroller')!
    const canvas = Number.parseFloat(table.querySelector<HTMLElement>('.err-canvas')!.style.height)
    // Chromium lays out no element taller than 33,554,428 px.
    expect(canvas).toBeLessThanOrEqual(MAX_CANVAS_HEIGHT)
    expect(MAX_CANVAS_HEIGHT).toBeLessThan(33_554_428)
    const viewport = 320 // the table's height before it is measured; happy-dom measures nothing

    const scrollTo = async (top: number): Promise<void> => {
      scroller.scrollTop = top
      fireEvent.scroll(scroller)
      await settle()
      await act(async () => {})
    }
    /** The rows drawn inside the scroller's view, by index. */
    const inView = (): { index: number; text: string }[] =>
      Array.from(table.querySelectorAll<HTMLElement>('.err-scroller [role="row"]'))
        .map((row) => ({ row, y: Number(/translateY\((-?[\d.]+)px\)/.exec(row.style.transform)?.[1]) }))
        .filter(({ y }) => y >= scroller.scrollTop && y + ERROR_ROW_HEIGHT <= scroller.scrollTop + viewport)
        .map(({ row }) => ({ index: Number(row.getAttribute('aria-rowindex')) - 2, text: row.textContent ?? '' }))

    // The bottom (End, or the thumb dragged down) shows the last rows, at the end of the canvas.
    await scrollTo(canvas - viewport)
    const bottom = inView()
    expect(bottom.at(-1)?.index).toBe(4_999_999)
    expect(bottom.at(-1)?.text).toContain('person4999999@')
    expect(table.querySelectorAll('.err-scroller [role="row"]').length).toBeLessThan(40)

    // Short moves (arrow keys, the wheel) move row by row, there and in the middle.
    await scrollTo(canvas - viewport - 3 * ERROR_ROW_HEIGHT)
    expect(inView()[0].index).toBe(bottom[0].index - 3)
    await scrollTo(canvas / 2)
    const middle = inView()[0].index
    expect(middle).toBeGreaterThan(2_000_000)
    expect(middle).toBeLessThan(3_000_000)
    await scrollTo(canvas / 2 + ERROR_ROW_HEIGHT)
    expect(inView()[0].index).toBe(middle + 1)

    // And back to the top.
    await scrollTo(0)
    expect(inView()[0]?.index).toBe(0)
    expect(inView()[0]?.text).toContain('person0@')
  })

  test('rows arriving while importing are fetched as the count grows', async () => {
    const s = processing({ errorCount: 3 })
    const api = await renderApp([s])
    await act(async () => {})
    expect(api.errors).toHaveBeenLastCalledWith(s.id, 0, 200)
    api.errors = (id, offset, limit) => Promise.resolve({
      importId: id,
      total: 5,
      offset,
      rows: Array.from({ length: Math.min(5 - offset, limit) }, (_, i) => ({
        rowNumber: offset + i + 1,
        lineNumber: offset + i + 2,
        code: 'missing_email' as const,
        email: '',
        message: 'No email',
      })),
    })
    push(api, { ...s, errorCount: 5 })
    await act(async () => {})
    const rows = detail(s.fileName).querySelectorAll('.err-scroller [role="row"]')
    expect(rows).toHaveLength(5)
    expect(rows[4]?.textContent).toContain('No email')
  })

  test('export: success, cancel and failure are reported plainly', async () => {
    const s = summary({ fileName: 'old.csv', status: 'completed', processedCount: 5, errorCount: 2_088 })
    const api = await renderApp([s])
    const exportButton = () => within(detail('old.csv')).getByRole('button', { name: 'Export errors…' })

    api.exportErrors = () => Promise.resolve({ ok: true, path: '/home/me/old-errors.csv', rows: 2_088 })
    await click(exportButton())
    expect(noticeTexts('Notices')).toEqual(['Saved 2,088 error rows to /home/me/old-errors.csv'])

    api.exportErrors = () => Promise.resolve({ ok: false, cancelled: true })
    await click(exportButton())
    expect(screen.getAllByRole('listitem').filter((li) => li.classList.contains('notice'))).toHaveLength(1)

    api.exportErrors = () => Promise.resolve({ ok: false, cancelled: false, message: 'The folder is read-only' })
    await click(exportButton())
    expect(noticeTexts('Problems')).toEqual(['Could not export the errors of old.csv. The folder is read-only.'])
  })
})
