// The window as a whole: first run, choosing and dropping files (folders, non-CSV files, several at
// once), the drag-over outline, live updates from main and what the live region announces.
import { act, createEvent, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, test, vi } from 'vitest'
import type { ImportSummary } from '../../preload/api.ts'
import { App } from '../../renderer/App.tsx'
import { fakeImporter, summary } from './fake-importer.ts'
import { click, connect, detail, listRow, noticeTexts, push, renderApp, settle } from './render-app.tsx'
import { connectImporter, notify } from '../../renderer/store/actions.ts'

interface FakeItem {
  file: File
  directory?: boolean
}

function transfer(items: FakeItem[]) {
  return {
    types: ['Files'],
    dropEffect: 'none',
    files: items.map((i) => i.file),
    items: items.map((i) => ({
      kind: 'file',
      type: i.file.type,
      getAsFile: () => i.file,
      webkitGetAsEntry: () => ({ isDirectory: i.directory === true, isFile: i.directory !== true }),
    })),
  }
}

async function drop(items: FakeItem[]): Promise<void> {
  fireEvent(window, createEvent.drop(window, { dataTransfer: transfer(items) }))
  await settle()
  // Each startDroppedFile resolves on its own microtask.
  for (let i = 0; i < items.length + 1; i += 1) await act(async () => {})
}

const csv = (name: string, type = 'text/csv') => new File(['email,first_name,last_name\n'], name, { type })

function notices(): string[] {
  return Array.from(document.querySelectorAll('.notice-text')).map((n) => n.textContent ?? '')
}

describe('first run', () => {
  test('a large drop zone with the requirements and a Choose file… button', async () => {
    const api = await renderApp([])
    const zone = screen.getByRole('region', { name: 'Drop a CSV file here' })
    expect(zone.textContent).toContain('Needs columns email, first_name, last_name.')
    await click(within(zone).getByRole('button', { name: 'Choose file…' }))
    expect(api.chooseFile).toHaveBeenCalledTimes(1)
    // Only one Choose button on first run.
    expect(screen.getAllByRole('button', { name: 'Choose file…' })).toHaveLength(1)
  })

  test('a chosen file appears in the list, selected', async () => {
    const api = await renderApp([])
    const started = summary({ fileName: 'contacts.csv', status: 'pending' })
    api.chooseFile = () => Promise.resolve([{ ok: true, import: started }])
    await click(screen.getByRole('button', { name: 'Choose file…' }))
    expect(listRow('contacts.csv')).toBeTruthy()
    expect(detail('contacts.csv')).toBeTruthy()
  })

  test('a file main refuses is explained', async () => {
    const api = await renderApp([])
    api.chooseFile = () => Promise.resolve([{ ok: false, fileName: 'locked.csv', message: 'The file cannot be read: permission denied' }])
    await click(screen.getByRole('button', { name: 'Choose file…' }))
    expect(notices()).toEqual(['Could not import “locked.csv”. The file cannot be read: permission denied.'])
  })

  test('without window.importer the window says so', () => {
    connectImporter()
    render(<App />)
    expect(screen.getByRole('alert').textContent).toContain('This window must be opened by the Contacts Importer app.')
  })
})

describe('dropping', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  test('dragging files over the window outlines it and says "Drop to import"', async () => {
    await renderApp([])
    expect(screen.queryByText('Drop to import')).toBeNull()
    act(() => {
      fireEvent(window, createEvent.dragEnter(window, { dataTransfer: transfer([{ file: csv('a.csv') }]) }))
    })
    expect(screen.getByText('Drop to import')).toBeTruthy()
    expect(document.querySelector('.app')?.hasAttribute('data-drag-over')).toBe(true)
    act(() => {
      fireEvent(window, createEvent.dragLeave(window, { dataTransfer: transfer([{ file: csv('a.csv') }]) }))
    })
    expect(screen.queryByText('Drop to import')).toBeNull()
  })

  test('a CSV file is handed to main as a File', async () => {
    const api = await renderApp([])
    const file = csv('contacts.csv')
    await drop([{ file }])
    expect(api.startDroppedFile).toHaveBeenCalledWith(file)
    expect(listRow('contacts.csv')).toBeTruthy()
    expect(screen.queryByText('Drop to import')).toBeNull()
  })

  test('.tsv and .txt files, and text/csv without an extension, are accepted', async () => {
    const api = await renderApp([])
    await drop([{ file: csv('a.tsv', '') }, { file: csv('b.txt', 'text/plain') }, { file: csv('export', 'text/csv') }])
    expect(api.startDroppedFile).toHaveBeenCalledTimes(3)
    expect(notices()).toEqual([])
  })

  test('a folder gets a clear message', async () => {
    const api = await renderApp([])
    await drop([{ file: new File([], 'Reports'), directory: true }])
    expect(api.startDroppedFile).not.toHaveBeenCalled()
    expect(notices()).toEqual(['“Reports” is a folder. Open it and drop the CSV files inside instead.'])
  })

  test('a folder is recognised without a directory entry, too', async () => {
    const api = await renderApp([])
    fireEvent(window, createEvent.drop(window, { dataTransfer: { types: ['Files'], files: [new File([], 'Reports')], items: [] } }))
    await settle()
    expect(api.startDroppedFile).not.toHaveBeenCalled()
    expect(notices()[0]).toContain('is a folder')
  })

  test('a file that is not CSV gets a clear message', async () => {
    const api = await renderApp([])
    await drop([{ file: new File(['x'], 'photo.jpg', { type: 'image/jpeg' }) }])
    expect(api.startDroppedFile).not.toHaveBeenCalled()
    expect(notices()).toEqual([
      '“photo.jpg” is not a CSV file. Drop a .csv, .tsv or .txt file with the columns email, first_name, last_name.',
    ])
  })

  test('a spreadsheet is told how to become CSV', async () => {
    await renderApp([])
    await drop([{ file: new File(['x'], 'contacts.xlsx') }])
    expect(notices()[0]).toContain('Save it from your spreadsheet as “CSV UTF-8”')
  })

  test('several files: imports each CSV and says which were skipped and why', async () => {
    const api = await renderApp([])
    const a = csv('a.csv')
    const b = csv('b.csv')
    await drop([{ file: a }, { file: new File(['x'], 'notes.pdf') }, { file: b }, { file: new File([], 'Old'), directory: true }])
    expect(api.startDroppedFile).toHaveBeenCalledTimes(2)
    expect(api.startDroppedFile).toHaveBeenNthCalledWith(1, a)
    expect(api.startDroppedFile).toHaveBeenNthCalledWith(2, b)
    expect(notices()).toEqual(['Importing 2 files. Skipped “notes.pdf” (not a CSV file), “Old” (a folder).'])
    expect(listRow('a.csv')).toBeTruthy()
    expect(listRow('b.csv')).toBeTruthy()
  })

  test('a file skipped beside ones that import is a problem: it stays until dismissed', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    await renderApp([])
    await drop([{ file: csv('a.csv') }, { file: new File(['x'], 'notes.pdf') }])
    expect(noticeTexts('Problems')).toEqual(['Importing 1 file. Skipped “notes.pdf” (not a CSV file).'])
    const notice = screen.getByRole('list', { name: 'Problems' }).querySelector<HTMLElement>('.notice')!
    expect(notice.dataset.tone).toBe('error')
    act(() => {
      vi.advanceTimersByTime(60_000)
    })
    expect(noticeTexts('Problems')).toHaveLength(1)
    fireEvent.click(within(notice).getByRole('button', { name: 'Dismiss' }))
    expect(noticeTexts('Problems')).toEqual([])
  })

  test('a start main refuses is shown as a notice', async () => {
    const api = await renderApp([])
    api.startDroppedFile.mockImplementation((file) => Promise.resolve({ ok: false, fileName: file.name, message: 'This file is already being imported.' }))
    await drop([{ file: csv('dup.csv') }])
    expect(notices()).toEqual(['Could not import “dup.csv”. This file is already being imported.'])
  })

  test('notices can be dismissed', async () => {
    await renderApp([])
    await drop([{ file: new File(['x'], 'photo.jpg') }])
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }))
    expect(notices()).toEqual([])
  })
})

describe('notices', () => {
  /** The live regions and alerts a notice sits in, itself included. */
  function announcers(notice: Element): string[] {
    const found: string[] = []
    for (let node: Element | null = notice; node; node = node.parentElement) {
      const live = node.getAttribute('aria-live')
      const role = node.getAttribute('role')
      if (live && live !== 'off') found.push(live)
      else if (role === 'alert' || role === 'status' || role === 'log') found.push(role)
    }
    return found
  }

  test('each notice is announced once: a problem assertively, a confirmation politely', async () => {
    await renderApp([])
    act(() => {
      notify('error', 'Could not pause leads.csv.')
      notify('info', 'Saved 12 error rows to /home/me/errors.csv')
    })
    const [problem, confirmation] = Array.from(document.querySelectorAll('.notice'))
    expect(announcers(problem)).toEqual(['assertive'])
    expect(announcers(confirmation)).toEqual(['polite'])
  })
})

describe('live updates', () => {
  const base = (overrides: Partial<ImportSummary> = {}) =>
    summary({ id: 7, fileName: 'live.csv', status: 'processing', totalRows: 1000, fileSize: 10_000, ...overrides })

  test('an update changes the row and the detail view', async () => {
    const api = await renderApp([base({ processedCount: 100 })])
    // Checking (the first half) is done: importing fills the second half.
    expect(listRow('live.csv').querySelector('.pct')?.textContent).toBe('55%')
    push(api, base({ processedCount: 550, rowsPerSecond: 1200, secondsLeft: 90 }))
    expect(listRow('live.csv').querySelector('.pct')?.textContent).toBe('77%')
    expect(listRow('live.csv').querySelector('.row-line')?.textContent).toBe('About 2 min left · 1,200 rows/s')
    expect(detail('live.csv').querySelector('.detail-progress .pct')?.textContent).toBe('77%')
    expect(detail('live.csv').querySelector('.detail-headline')?.textContent).toBe('About 2 min left')
  })

  test('a new import from an update joins the top of the list', async () => {
    const api = await renderApp([base()])
    push(api, summary({ id: 8, fileName: 'second.csv', createdAt: Date.now() + 5000 }))
    const names = within(screen.getByRole('list', { name: 'Imports' }))
      .getAllByRole('listitem')
      .map((li) => li.querySelector('.row-name')?.textContent)
    expect(names).toEqual(['second.csv', 'live.csv'])
  })

  /** The polite live regions of the announcer. */
  function liveRegions(): HTMLElement[] {
    const regions = Array.from(screen.getByTestId('announcer').querySelectorAll<HTMLElement>('[aria-live]'))
    for (const region of regions) expect(region.getAttribute('aria-live')).toBe('polite')
    return regions
  }

  /** The region that holds the latest announcement; the other one stays empty. */
  function speaking(): HTMLElement | undefined {
    const holding = liveRegions().filter((region) => region.textContent !== '')
    expect(holding.length).toBeLessThanOrEqual(1)
    return holding[0]
  }

  test('announces status changes and every 10% of the selected import (the whole job), not every tick', async () => {
    const api = await renderApp([base({ processedCount: 100 })])
    const live = screen.getByTestId('announcer')
    expect(liveRegions()).toHaveLength(2)
    push(api, base({ processedCount: 150 }))
    expect(live.textContent).toBe('')
    push(api, base({ processedCount: 210 }))
    expect(live.textContent).toBe('live.csv: 60% done')
    push(api, base({ processedCount: 220 }))
    expect(live.textContent).toBe('live.csv: 60% done')
    push(api, base({ status: 'paused', processedCount: 230 }))
    expect(live.textContent).toBe('live.csv paused at row 230')
    push(api, base({ status: 'completed', processedCount: 990, createdCount: 900, updatedCount: 90, errorCount: 10 }))
    expect(live.textContent).toBe('live.csv. Done: 990 imported (900 new, 90 updated), 10 errors')
    await act(async () => {})
  })

  test('the same sentence twice in a row is spoken again; a tick without news changes nothing', async () => {
    const api = await renderApp([base({ processedCount: 200 })])
    push(api, summary({ id: 8, fileName: 'leads.csv', status: 'pending', createdAt: Date.now() }))
    const first = speaking()
    expect(first?.textContent).toBe('leads.csv is queued')
    push(api, base({ processedCount: 201 }))
    expect(speaking()).toBe(first)
    // The same file dropped again: the same words, in the region that was empty a moment ago.
    push(api, summary({ id: 9, fileName: 'leads.csv', status: 'pending', createdAt: Date.now() }))
    expect(speaking()?.textContent).toBe('leads.csv is queued')
    expect(speaking()).not.toBe(first)
  })

  test('the chart draws samples and leaves a gap where the import was paused', async () => {
    const api = await renderApp([base()])
    const chart = () => detail('live.csv').querySelector('.chart-plot')!
    expect(chart().textContent).toContain('Measuring speed…')
    push(api, base({ processedCount: 100, rowsPerSecond: 1000 }))
    push(api, base({ processedCount: 200, rowsPerSecond: 1100 }))
    expect(chart().querySelectorAll('.chart-line')).toHaveLength(1)
    expect(chart().getAttribute('aria-label')).toMatch(/peak 1,100 rows\/s, now 1,100 rows\/s/)
    push(api, base({ status: 'paused', processedCount: 200 }))
    push(api, base({ status: 'processing', processedCount: 300, rowsPerSecond: 900 }))
    push(api, base({ processedCount: 400, rowsPerSecond: 950 }))
    expect(chart().querySelectorAll('.chart-line')).toHaveLength(2)
    expect(chart().querySelectorAll('.chart-gap')).toHaveLength(1)
  })

  test('updates that arrive before the list are older than it, unless the import is new', async () => {
    const api = fakeImporter([base({ processedCount: 500 })])
    let release: (list: ImportSummary[]) => void = () => {}
    api.list = () => new Promise((resolve) => (release = resolve))
    window.importer = api
    connect()
    render(<App />)
    api.emit(base({ processedCount: 100 }))
    api.emit(summary({ id: 9, fileName: 'fresh.csv', createdAt: Date.now() }))
    act(() => release([base({ processedCount: 500 })]))
    await settle()
    expect(listRow('live.csv').querySelector('.pct')?.textContent).toBe('75%')
    expect(listRow('fresh.csv')).toBeTruthy()
  })
})
