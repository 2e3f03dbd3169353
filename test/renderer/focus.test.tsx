// Keyboard focus when an import's state moves on: it never falls back to <body> because the focused
// button went away, and a focused button never turns into a different command under the keyboard.
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, test } from 'vitest'
import type { ImportSummary } from '../../preload/api.ts'
import { summary } from './fake-importer.ts'
import { click, detail, listRow, push, renderApp, settle } from './render-app.tsx'

/** Focuses and clicks, as Enter on a focused button does. */
async function press(button: HTMLElement): Promise<void> {
  button.focus()
  expect(document.activeElement).toBe(button)
  await click(button)
}


describe('focus', () => {
  const running = (overrides: Partial<ImportSummary> = {}) =>
    summary({ id: 1, fileName: 'big.csv', status: 'processing', totalRows: 1000, processedCount: 100, ...overrides })

  test('Resume: the button keeps its place and focus through queued (“Resuming…”) to importing (Pause)', async () => {
    const api = await renderApp([running({ status: 'paused', startedAt: 1 })])
    const queue = api.holdQueue()
    const toggle = within(detail('big.csv')).getByRole('button', { name: 'Resume' })
    await press(toggle)
    expect(api.resume).toHaveBeenCalledWith(1)
    // The fake main queues the import first, as main does, then imports when its turn comes.
    await waitFor(() => expect(detail('big.csv').querySelector('.badge')?.textContent).toBe('Queued'))
    expect(toggle.isConnected).toBe(true)
    expect(toggle.textContent).toBe('Resuming…')
    expect(toggle.getAttribute('aria-disabled')).toBe('true')
    expect(document.activeElement).toBe(toggle)
    queue.release()
    await waitFor(() => expect(detail('big.csv').querySelector('.badge')?.textContent).toBe('Importing'))
    expect(toggle.textContent).toBe('Pause')
    expect(document.activeElement).toBe(toggle)
    // A second Enter pauses; it never reaches Cancel.
    await press(toggle)
    expect(api.pause).toHaveBeenCalledTimes(1)
    expect(api.cancel).not.toHaveBeenCalled()
  })

  test('Resume in the list: the icon button stays focused through the queued step', async () => {
    const api = await renderApp([running({ status: 'paused', startedAt: 1 })])
    const queue = api.holdQueue()
    const toggle = within(listRow('big.csv')).getByRole('button', { name: 'Resume big.csv' })
    await press(toggle)
    await waitFor(() => expect(toggle.getAttribute('aria-label')).toBe('Resuming… big.csv'))
    expect(document.activeElement).toBe(toggle)
    queue.release()
    await waitFor(() => expect(toggle.getAttribute('aria-label')).toBe('Pause big.csv'))
    expect(document.activeElement).toBe(toggle)
  })

  test('Cancel asks first: focus goes into the question, Esc keeps importing and focus comes back', async () => {
    const api = await renderApp([running({ processedCount: 12_345 })])
    const cancel = within(detail('big.csv')).getByRole('button', { name: 'Cancel' })
    await press(cancel)
    const dialog = screen.getByRole('alertdialog', { name: 'Stop importing big.csv?' })
    expect(dialog.getAttribute('aria-modal')).toBe('true')
    expect(dialog.textContent).toContain('The 12,345 rows imported so far stay in your contacts')
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Keep importing' }))
    // The window behind is inert while the question is open.
    expect(document.querySelector('main')?.hasAttribute('inert')).toBe(true)
    act(() => {
      fireEvent.keyDown(document.activeElement!, { key: 'Escape' })
    })
    expect(screen.queryByRole('alertdialog')).toBeNull()
    expect(api.cancel).not.toHaveBeenCalled()
    expect(document.querySelector('main')?.hasAttribute('inert')).toBe(false)
    expect(document.activeElement).toBe(cancel)
  })

  test('the question keeps Tab inside it', async () => {
    await renderApp([running()])
    await press(within(detail('big.csv')).getByRole('button', { name: 'Cancel' }))
    const dialog = screen.getByRole('alertdialog')
    const [keep, confirm] = within(dialog).getAllByRole('button')
    act(() => {
      fireEvent.keyDown(keep, { key: 'Tab', shiftKey: true })
    })
    expect(document.activeElement).toBe(confirm)
    act(() => {
      fireEvent.keyDown(confirm, { key: 'Tab' })
    })
    expect(document.activeElement).toBe(keep)
  })

  test('Cancel in the detail view, confirmed: focus moves to what can still be done (Import again), not to the page', async () => {
    const api = await renderApp([running()])
    await press(within(detail('big.csv')).getByRole('button', { name: 'Cancel' }))
    await click(screen.getByRole('button', { name: 'Cancel import' }))
    expect(api.cancel).toHaveBeenCalledWith(1)
    push(api, running({ status: 'cancelled' }))
    await settle()
    expect(document.activeElement).toBe(within(detail('big.csv')).getByRole('button', { name: 'Import again' }))
  })

  test('focus the person moved away (a click on blank space) is not pulled back later', async () => {
    const api = await renderApp([running()])
    const cancel = within(detail('big.csv')).getByRole('button', { name: 'Cancel' })
    cancel.focus()
    act(() => cancel.blur())
    await settle()
    push(api, running({ status: 'cancelled' }))
    await settle()
    expect(document.activeElement).toBe(document.body)
  })

  test('Cancel in the list: focus moves to the row’s name', async () => {
    const api = await renderApp([running()])
    await press(within(listRow('big.csv')).getByRole('button', { name: 'Cancel big.csv' }))
    await click(screen.getByRole('button', { name: 'Cancel import' }))
    push(api, running({ status: 'cancelled' }))
    await settle()
    expect(document.activeElement).toBe(within(listRow('big.csv')).getByRole('button', { name: 'big.csv' }))
  })

  test('Retry in the failure view: focus moves to the Pause that replaces it', async () => {
    const failed = running({ status: 'failed', failureReason: 'file_missing', canRetry: true })
    const api = await renderApp([failed])
    await press(within(detail('big.csv')).getByRole('button', { name: 'Retry' }))
    push(api, running())
    await settle()
    expect(document.activeElement).toBe(within(detail('big.csv')).getByRole('button', { name: 'Pause' }))
  })

  test('first run: after Choose file… focus lands on the new import', async () => {
    const api = await renderApp([])
    const started = summary({ id: 7, fileName: 'contacts.csv', status: 'pending' })
    api.chooseFile = () => Promise.resolve([{ ok: true, import: started }])
    await press(screen.getByRole('button', { name: 'Choose file…' }))
    await settle()
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 2, name: 'contacts.csv' }))
  })

  test('a focused Cancel stays Cancel when the queued import starts (Pause appears beside it)', async () => {
    const queued = summary({ id: 3, fileName: 'next.csv', status: 'pending' })
    const api = await renderApp([queued])
    const cancel = within(listRow('next.csv')).getByRole('button', { name: 'Cancel next.csv' })
    cancel.focus()
    push(api, { ...queued, status: 'validating' })
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Cancel next.csv')
    expect(document.activeElement).toBe(cancel)
  })
})
