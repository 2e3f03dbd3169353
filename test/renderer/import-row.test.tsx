// Every state of an import row in the list: two lines (name, percent of the whole job, buttons; badge
// and what it is doing) over a thin bar, and the buttons the state allows, each calling its
// window.importer method (Cancel after asking).
import { fireEvent, screen, within } from '@testing-library/react'
import { describe, expect, test } from 'vitest'
import type { ImportSummary } from '../../preload/api.ts'
import { summary } from './fake-importer.ts'
import { buttonNames, click, listRow, renderApp } from './render-app.tsx'

interface Case {
  name: string
  summary: ImportSummary
  badge: string
  line: string
  percent: string
  buttons: string[]
}

const leads = summary({ id: 1, fileName: 'leads.csv', status: 'processing', totalRows: 10, rowsRead: 2, processedCount: 2 })

const cases: Case[] = [
  {
    name: 'pending',
    summary: summary({ id: 2, fileName: 'queued.csv', status: 'pending', waitingFor: 1 }),
    badge: 'Queued',
    line: 'Waiting for leads.csv to finish',
    percent: '0%',
    buttons: ['Pause queued.csv', 'Cancel queued.csv'],
  },
  {
    name: 'validating',
    summary: summary({ id: 3, fileName: 'check.csv', status: 'validating', fileSize: 1000, bytesRead: 310, rowsRead: 3000 }),
    badge: 'Checking',
    line: 'Measuring speed…',
    // Checking is the first half of the job.
    percent: '15%',
    buttons: ['Pause check.csv', 'Cancel check.csv'],
  },
  {
    name: 'processing',
    summary: summary({
      id: 4,
      fileName: 'contacts-2026.csv',
      status: 'processing',
      totalRows: 1_000_000,
      rowsRead: 712_408,
      processedCount: 698_201,
      createdCount: 651_002,
      updatedCount: 47_199,
      errorCount: 14_207,
      bytesRead: 30_000_000,
      rowsPerSecond: 312_000,
      secondsLeft: 4,
    }),
    badge: 'Importing',
    line: 'About 4 s left · 312,000 rows/s',
    // Half for checking, then 698,201 of the 985,793 valid rows.
    percent: '85%',
    buttons: ['Pause contacts-2026.csv', 'Cancel contacts-2026.csv'],
  },
  {
    name: 'paused',
    summary: summary({
      id: 5,
      fileName: 'paused.csv',
      status: 'paused',
      totalRows: 1_000_000,
      rowsRead: 380_112,
      processedCount: 380_000,
      createdCount: 380_000,
      errorCount: 112,
    }),
    badge: 'Paused',
    line: 'Paused at row 380,112',
    percent: '69%',
    buttons: ['Resume paused.csv', 'Cancel paused.csv'],
  },
  {
    name: 'completed',
    summary: summary({
      id: 6,
      fileName: 'clean.csv',
      status: 'completed',
      totalRows: 500,
      rowsRead: 500,
      processedCount: 500,
      createdCount: 450,
      updatedCount: 50,
      startedAt: 1_000_000,
      finishedAt: 1_021_000,
    }),
    badge: 'Done',
    line: '500 imported · no errors',
    percent: '100%',
    buttons: [],
  },
  {
    name: 'completed in a fraction of a second',
    summary: summary({
      id: 11,
      fileName: 'tiny.csv',
      status: 'completed',
      totalRows: 3,
      rowsRead: 3,
      processedCount: 3,
      createdCount: 3,
      startedAt: 1_000_000,
      finishedAt: 1_000_240,
    }),
    badge: 'Done',
    line: '3 imported · no errors',
    percent: '100%',
    buttons: [],
  },
  {
    name: 'completed with errors',
    summary: summary({
      id: 7,
      fileName: 'old.csv',
      status: 'completed',
      totalRows: 100_000,
      rowsRead: 100_000,
      processedCount: 97_912,
      createdCount: 91_004,
      updatedCount: 6_908,
      errorCount: 2_088,
    }),
    badge: 'Done',
    line: '97,912 imported · 2,088 errors',
    percent: '100%',
    // Export lives in the detail view, beside the error rows.
    buttons: [],
  },
  {
    name: 'failed, can retry',
    summary: summary({
      id: 8,
      fileName: 'moved.csv',
      status: 'failed',
      totalRows: 1000,
      rowsRead: 400,
      processedCount: 400,
      createdCount: 400,
      failureReason: 'file_missing',
      failureMessage: 'The file was moved or deleted. Put it back and choose Retry.',
      canRetry: true,
    }),
    badge: 'Failed',
    line: 'The file is no longer there',
    percent: '70%',
    buttons: ['Retry moved.csv'],
  },
  {
    name: 'failed, cannot retry',
    summary: summary({
      id: 9,
      fileName: 'headers.csv',
      status: 'failed',
      failureReason: 'missing_headers',
      failureMessage: 'The file needs the columns email, first_name and last_name.',
      fileHeaders: ['email', 'name', 'last_name'],
    }),
    badge: 'Failed',
    line: 'Missing headers: first_name',
    percent: '0%',
    buttons: [],
  },
  {
    name: 'cancelled',
    summary: summary({
      id: 10,
      fileName: 'stopped.csv',
      status: 'cancelled',
      totalRows: 1_000_000,
      rowsRead: 380_112,
      processedCount: 380_000,
      createdCount: 380_000,
      errorCount: 112,
    }),
    badge: 'Cancelled',
    line: 'Stopped at row 380,112',
    percent: '69%',
    buttons: [],
  },
]

describe('import row', () => {
  for (const c of cases) {
    test(`${c.name}: badge, progress, line and buttons`, async () => {
      await renderApp([c.summary, leads])
      const row = listRow(c.summary.fileName)
      expect(row.querySelector('.badge')?.textContent).toBe(c.badge)
      expect(row.querySelector('.row-line')?.textContent).toBe(c.line)
      expect(row.querySelector('.pct')?.textContent).toBe(c.percent)
      const bar = within(row).getByRole('progressbar', { name: `${c.summary.fileName} progress` })
      expect(bar.getAttribute('aria-valuenow')).toBe(String(Number.parseInt(c.percent, 10)))
      expect(buttonNames(row)).toEqual(c.buttons)
    })
  }

  test('the list and the detail show the same percentage', async () => {
    await renderApp([cases[2].summary])
    const detailPercent = screen.getByRole('region', { name: 'contacts-2026.csv' }).querySelector('.detail-progress .pct')?.textContent
    expect(listRow('contacts-2026.csv').querySelector('.pct')?.textContent).toBe('85%')
    expect(detailPercent).toBe('85%')
  })

  test('a row is two lines over its bar: it does not repeat the detail’s counters', async () => {
    await renderApp([cases[2].summary])
    const row = listRow('contacts-2026.csv')
    expect(Array.from(row.children, (child) => child.className)).toEqual(['row-head', 'row-status', 'bar'])
    expect(row.textContent).not.toContain('651,002')
  })

  test("the row's name is described by its state and line, for a screen reader tabbing the list", async () => {
    await renderApp([cases[2].summary])
    const name = within(listRow('contacts-2026.csv')).getByRole('button', { name: 'contacts-2026.csv' })
    const description = (name.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent)
    expect(description).toEqual(['Importing', 'About 4 s left · 312,000 rows/s'])
  })

  test('an import waiting for its columns shows no percent and no bar (nothing started), in a row of the same shape', async () => {
    await renderApp([summary({ id: 12, fileName: 'orders.csv', status: 'needs_mapping', fileHeaders: ['order_id', 'total'] }), leads])
    const row = listRow('orders.csv')
    expect(row.querySelector('.badge')?.textContent).toBe('Needs columns')
    expect(row.querySelector('.row-line')?.textContent).toBe("Match your file's columns to the contact fields.")
    expect(row.querySelector('.pct')?.textContent).toBe('')
    expect(within(row).queryByRole('progressbar')).toBeNull()
    expect(Array.from(row.children, (child) => child.className)).toEqual(['row-head', 'row-status', 'bar-place'])
  })

  test('a pending import with nothing to wait for', async () => {
    await renderApp([summary({ fileName: 'next.csv', status: 'pending' })])
    expect(listRow('next.csv').querySelector('.row-line')?.textContent).toBe('Waiting to start')
  })

  test('without a row total the file is still being checked: the first half of the bar, by bytes', async () => {
    await renderApp([
      summary({ fileName: 'stream.csv', status: 'processing', totalRows: null, fileSize: 2000, bytesRead: 500, processedCount: 10 }),
    ])
    const row = listRow('stream.csv')
    expect(row.querySelector('.pct')?.textContent).toBe('12%')
    expect(within(row).getByRole('progressbar').getAttribute('aria-valuetext')).toBe(
      '12% of the whole import; step 1 of 2 · checking, 25% of this step',
    )
  })

  const clicks: [string, Partial<ImportSummary>, string, 'pause' | 'resume' | 'cancel' | 'retry'][] = [
    ['Pause', { status: 'processing', totalRows: 10 }, 'Pause', 'pause'],
    ['Pause while checking', { status: 'validating' }, 'Pause', 'pause'],
    ['Resume', { status: 'paused' }, 'Resume', 'resume'],
    ['Cancel while paused', { status: 'paused' }, 'Cancel', 'cancel'],
    ['Cancel while queued', { status: 'pending' }, 'Cancel', 'cancel'],
    ['Retry', { status: 'failed', failureReason: 'file_changed', canRetry: true }, 'Retry', 'retry'],
  ]
  for (const [name, overrides, label, method] of clicks) {
    test(`${name} calls window.importer.${method}(id)`, async () => {
      const s = summary({ fileName: 'click.csv', ...overrides })
      const api = await renderApp([s])
      await click(within(listRow('click.csv')).getByRole('button', { name: `${label} click.csv` }))
      // Cancel asks first.
      if (method === 'cancel') await click(screen.getByRole('alertdialog').querySelector<HTMLElement>('.button.danger')!)
      expect(api[method]).toHaveBeenCalledTimes(1)
      expect(api[method]).toHaveBeenCalledWith(s.id)
    })
  }

  test('the list is newest first and a click selects', async () => {
    const older = summary({ fileName: 'older.csv', createdAt: 1000 })
    const newer = summary({ fileName: 'newer.csv', createdAt: 2000 })
    await renderApp([older, newer])
    const names = within(screen.getByRole('list', { name: 'Imports' }))
      .getAllByRole('listitem')
      .map((li) => li.querySelector('.row-name')?.textContent)
    expect(names).toEqual(['newer.csv', 'older.csv'])
    expect(screen.getByRole('heading', { level: 2, name: 'newer.csv' })).toBeTruthy()
    fireEvent.click(within(listRow('older.csv')).getByRole('button', { name: 'older.csv' }))
    expect(screen.getByRole('heading', { level: 2, name: 'older.csv' })).toBeTruthy()
    expect(within(listRow('older.csv')).getByRole('button', { name: 'older.csv' }).getAttribute('aria-current')).toBe('true')
  })

  test('the list is one tab stop, the selected row’s name; row buttons are out of the tab order, named and clickable', async () => {
    const api = await renderApp([
      summary({ id: 21, fileName: 'a.csv', status: 'processing', createdAt: 3000 }),
      summary({ id: 22, fileName: 'b.csv', status: 'paused', createdAt: 2000 }),
      summary({ id: 23, fileName: 'c.csv', status: 'failed', failureReason: 'file_missing', canRetry: true, createdAt: 1000 }),
    ])
    const list = screen.getByRole('list', { name: 'Imports' })
    const tabStops = () =>
      Array.from(list.querySelectorAll<HTMLElement>('button, [tabindex]'))
        .filter((element) => element.tabIndex >= 0)
        .map((element) => element.textContent)
    expect(tabStops()).toEqual(['a.csv'])
    expect(buttonNames(list)).toEqual(['Pause a.csv', 'Cancel a.csv', 'Resume b.csv', 'Cancel b.csv', 'Retry c.csv'])

    fireEvent.keyDown(within(listRow('a.csv')).getByRole('button', { name: 'a.csv' }), { key: 'ArrowDown' })
    expect(tabStops()).toEqual(['b.csv'])
    expect(document.activeElement?.textContent).toBe('b.csv')

    // A click on a row button still works (it does not select the row), and arrow keys go on from there.
    const retry = within(listRow('c.csv')).getByRole('button', { name: 'Retry c.csv' })
    retry.focus()
    await click(retry)
    expect(api.retry).toHaveBeenCalledWith(23)
    expect(tabStops()).toEqual(['b.csv'])
    fireEvent.keyDown(retry, { key: 'Home' })
    expect(document.activeElement?.textContent).toBe('a.csv')
    expect(tabStops()).toEqual(['a.csv'])
  })

  test('arrow keys move the selection through the list', async () => {
    await renderApp([
      summary({ fileName: 'a.csv', createdAt: 3000 }),
      summary({ fileName: 'b.csv', createdAt: 2000 }),
      summary({ fileName: 'c.csv', createdAt: 1000 }),
    ])
    const first = within(listRow('a.csv')).getByRole('button', { name: 'a.csv' })
    first.focus()
    fireEvent.keyDown(first, { key: 'ArrowDown' })
    expect(screen.getByRole('heading', { level: 2, name: 'b.csv' })).toBeTruthy()
    expect(document.activeElement?.textContent).toBe('b.csv')
    fireEvent.keyDown(document.activeElement!, { key: 'End' })
    expect(screen.getByRole('heading', { level: 2, name: 'c.csv' })).toBeTruthy()
    fireEvent.keyDown(document.activeElement!, { key: 'Home' })
    expect(screen.getByRole('heading', { level: 2, name: 'a.csv' })).toBeTruthy()
  })
})
