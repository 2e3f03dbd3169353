// Keyboard focus when an import's state moves on: it never falls back to <body> because the focused
// button went away, and a focused button never turns into a different command under the keyboard.
import { act, screen, within } from '@testing-library/react'
import { describe, expect, test } from 'vitest'
import type { ImportSummary } from '../../preload/api.ts'
import { summary } from './fake-importer.ts'
import { click, detail, listRow, push, renderApp } from './render-app.tsx'

/** Focuses and clicks, as Enter on a focused button does. */
async function press(button: HTMLElement): Promise<void> {
  button.focus()
  expect(document.activeElement).toBe(button)
  await click(button)
}

/** MutationObserver callbacks run as microtasks after the commit. */
async function settle(): Promise<void> {
  await act(async () => {})
}

describe('focus', () => {
  const running = (overrides: Partial<ImportSummary> = {}) =>
    summary({ id: 1, fileName: 'big.csv', status: 'processing', totalRows: 1000, processedCount: 100, ...overrides })

  test('Cancel in the detail view: focus moves to the import’s heading, not to the page', async () => {
    const api = await renderApp([running()])
    await press(within(detail('big.csv')).getByRole('button', { name: 'Cancel' }))
    push(api, running({ status: 'cancelled' }))
    await settle()
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 2, name: 'big.csv' }))
  })

  test('focus the person moved away (a click on blank space) is not pulled back later', async () => {
    const api = await renderApp([running()])
    const cancel = within(detail('big.csv')).getByRole('button', { name: 'Cancel' })
    cancel.focus()
    await act(async () => cancel.blur())
    push(api, running({ status: 'cancelled' }))
    await settle()
    expect(document.activeElement).toBe(document.body)
  })

  test('Cancel in the list: focus moves to the row’s name', async () => {
    const api = await renderApp([running()])
    await press(within(listRow('big.csv')).getByRole('button', { name: 'Cancel big.csv' }))
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
    api.chooseFile = async () => [{ ok: true, import: started }]
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
