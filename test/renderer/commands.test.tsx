// Commands beyond the buttons of a state: keys on the list (Space, Delete), Remove and Clear finished
// (after asking), Import again, File › Open… from the app menu, and the status strip (Show in folder,
// Esc).
import { act, fireEvent, screen, within } from '@testing-library/react'
import { describe, expect, test } from 'vitest'
import type { ImportSummary } from '../../preload/api.ts'
import { summary } from './fake-importer.ts'
import { click, detail, listRow, noticeTexts, push, renderApp, settle } from './render-app.tsx'
import { loadStyles } from './styles.ts'

const running = (overrides: Partial<ImportSummary> = {}) =>
  summary({ id: 1, fileName: 'big.csv', status: 'processing', totalRows: 1000, processedCount: 100, createdAt: 3000, ...overrides })
const done = (overrides: Partial<ImportSummary> = {}) =>
  summary({ id: 2, fileName: 'old.csv', status: 'completed', totalRows: 10, processedCount: 8, errorCount: 2, createdAt: 2000, ...overrides })
const cancelled = (overrides: Partial<ImportSummary> = {}) =>
  summary({ id: 3, fileName: 'stopped.csv', status: 'cancelled', totalRows: 10, processedCount: 4, createdAt: 1000, ...overrides })

function rowName(fileName: string): HTMLElement {
  return within(listRow(fileName)).getByRole('button', { name: fileName })
}

async function key(element: HTMLElement, key: string): Promise<void> {
  element.focus()
  fireEvent.keyDown(element, { key })
  await settle()
}

describe('keys on the list', () => {
  test('Space pauses the selected import, and resumes it when paused', async () => {
    const api = await renderApp([running()])
    await key(rowName('big.csv'), ' ')
    expect(api.pause).toHaveBeenCalledWith(1)
    push(api, running({ status: 'paused' }))
    await key(rowName('big.csv'), ' ')
    expect(api.resume).toHaveBeenCalledWith(1)
  })

  test('Delete asks before it removes the selected import; the next one is selected', async () => {
    const api = await renderApp([running(), done(), cancelled()])
    await key(rowName('old.csv'), 'Delete')
    const dialog = screen.getByRole('alertdialog', { name: 'Remove old.csv from the list?' })
    expect(dialog.textContent).toContain('The contacts it imported stay in your contacts.')
    expect(api.remove).not.toHaveBeenCalled()
    await click(within(dialog).getByRole('button', { name: 'Remove' }))
    expect(api.remove).toHaveBeenCalledWith(2)
    expect(within(screen.getByRole('list', { name: 'Imports' })).queryByRole('button', { name: 'old.csv' })).toBeNull()
    expect(detail('stopped.csv')).toBeTruthy()
  })

  test('an import waiting for its columns can be removed unmapped: Remove in its view and Delete on the list, after asking', async () => {
    const waiting = summary({ id: 4, fileName: 'orders.csv', status: 'needs_mapping', fileHeaders: ['order_id', 'total'], createdAt: 4000 })
    const api = await renderApp([waiting, done()])
    await click(within(detail('orders.csv')).getByRole('button', { name: 'Remove' }))
    let dialog = screen.getByRole('alertdialog', { name: 'Remove orders.csv from the list?' })
    expect(dialog.textContent).toContain('It imported no contacts; your contacts stay as they are.')
    await click(within(dialog).getByRole('button', { name: 'Keep' }))
    expect(api.remove).not.toHaveBeenCalled()

    await key(rowName('orders.csv'), 'Delete')
    dialog = screen.getByRole('alertdialog', { name: 'Remove orders.csv from the list?' })
    await click(within(dialog).getByRole('button', { name: 'Remove' }))
    expect(api.remove).toHaveBeenCalledWith(4)
    expect(within(screen.getByRole('list', { name: 'Imports' })).queryByRole('button', { name: 'orders.csv' })).toBeNull()
    expect(detail('old.csv')).toBeTruthy()
  })

  test('Delete on an import that runs removes nothing and says why', async () => {
    const api = await renderApp([running()])
    await key(rowName('big.csv'), 'Delete')
    expect(screen.queryByRole('alertdialog')).toBeNull()
    expect(api.remove).not.toHaveBeenCalled()
    expect(noticeTexts('Notices')).toEqual(['big.csv is still importing. Pause or cancel it before removing it.'])
  })

  test('a late update of a removed import does not bring it back', async () => {
    const api = await renderApp([done()])
    await click(within(detail('old.csv')).getByRole('button', { name: 'Remove' }))
    await click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Remove' }))
    push(api, done())
    expect(screen.queryByRole('list', { name: 'Imports' })).toBeNull()
  })
})

describe('after an import ends', () => {
  test('Clear finished asks, then removes completed, failed and cancelled imports, not running ones', async () => {
    const api = await renderApp([running(), done(), cancelled()])
    await click(screen.getByRole('button', { name: 'Clear finished' }))
    const dialog = screen.getByRole('alertdialog', { name: 'Clear 2 finished imports?' })
    await click(within(dialog).getByRole('button', { name: 'Clear' }))
    expect(api.clearFinished).toHaveBeenCalledTimes(1)
    const names = within(screen.getByRole('list', { name: 'Imports' }))
      .getAllByRole('listitem')
      .map((li) => li.querySelector('.row-name')?.textContent)
    expect(names).toEqual(['big.csv'])
    expect(screen.queryByRole('button', { name: 'Clear finished' })).toBeNull()
  })

  test('Import again starts a new import of the same file and selects it', async () => {
    const api = await renderApp([cancelled()])
    await click(within(detail('stopped.csv')).getByRole('button', { name: 'Import again' }))
    expect(api.importAgain).toHaveBeenCalledWith(3, { mapping: {}, encoding: null })
    const names = within(screen.getByRole('list', { name: 'Imports' }))
      .getAllByRole('listitem')
      .map((li) => li.querySelector('.row-name')?.textContent)
    expect(names).toEqual(['stopped.csv', 'stopped.csv'])
    expect(screen.getByRole('heading', { level: 2, name: 'stopped.csv' }).closest('section')?.dataset.status).toBe('pending')
  })

  test('Export errors… is offered whenever there are errors: paused, cancelled and failed too', async () => {
    const statuses = ['paused', 'cancelled', 'failed', 'processing'] as const
    const imports = statuses.map((status) =>
      summary({ fileName: `${status}.csv`, status, totalRows: 10, processedCount: 3, errorCount: 4, failureReason: status === 'failed' ? 'internal' : null }),
    )
    const api = await renderApp(imports)
    for (const s of imports) {
      await click(rowName(s.fileName))
      await click(within(detail(s.fileName)).getByRole('button', { name: 'Export errors…' }))
      expect(api.exportErrors).toHaveBeenLastCalledWith(s.id)
    }
  })
})

describe('the status strip', () => {
  test('a saved export offers Show in folder and stays until dismissed; Esc dismisses the newest notice', async () => {
    loadStyles()
    const api = await renderApp([done()])
    api.exportErrors = () => Promise.resolve({ ok: true, path: '/home/me/old-errors.csv', rows: 2 })
    await click(within(detail('old.csv')).getByRole('button', { name: 'Export errors…' }))
    const strip = screen.getByRole('region', { name: 'Status' })
    // A row of the window of its own, not floating over the error rows.
    expect(getComputedStyle(strip).position).not.toBe('fixed')
    await click(within(strip).getByRole('button', { name: 'Show in folder' }))
    expect(api.showInFolder).toHaveBeenCalledWith('/home/me/old-errors.csv')
    fireEvent.keyDown(document.body, { key: 'Escape' })
    await settle()
    expect(noticeTexts('Notices')).toEqual([])
  })
})

describe('the app menu', () => {
  test('File › Open… (Ctrl/Cmd+O) opens the file dialog, as Choose file… does', async () => {
    const api = await renderApp([done()])
    const started = summary({ id: 9, fileName: 'new.csv', createdAt: 9000 })
    api.chooseFile = () => Promise.resolve([{ ok: true, import: started }])
    act(() => api.chooseOpenFromMenu())
    await settle()
    expect(detail('new.csv')).toBeTruthy()
  })
})
