// Renders the real App against a fake window.importer, the way main.tsx does.
import { act, fireEvent, render, screen, within } from '@testing-library/react'
import type { ImportSummary, ThroughputPoint } from '../../preload/api.ts'
import { App } from '../../renderer/App.tsx'
import { connectImporter, flushUpdates } from '../../renderer/store/actions.ts'
import { fakeImporter, type FakeImporter } from './fake-importer.ts'

let disconnect: (() => void) | null = null

/**
 * Connects the store to window.importer as main.tsx does, until the test ends (setup.ts): an update
 * a fake sends after its test (a resumed import's turn in the queue) must not reach the next one.
 */
export function connect(): void {
  disconnect = connectImporter()
}

export function disconnectImporter(): void {
  disconnect?.()
  disconnect = null
}

export async function renderApp(imports: ImportSummary[] = [], history: ThroughputPoint[] = []): Promise<FakeImporter> {
  const api = fakeImporter(imports, history)
  window.importer = api
  connect()
  render(<App />)
  // list() resolves on the next microtask.
  await act(async () => {})
  return api
}

/** Feeds updates as main would and applies them (the store batches per frame). */
export function push(api: FakeImporter, ...updates: ImportSummary[]): void {
  act(() => {
    for (const update of updates) api.emit(update)
    flushUpdates()
  })
}

export function listRow(fileName: string): HTMLElement {
  const list = screen.getByRole('list', { name: 'Imports' })
  const name = within(list).getByRole('button', { name: fileName })
  const row = name.closest('li')
  if (!row) throw new Error(`no row for ${fileName}`)
  return row
}

export function detail(fileName: string): HTMLElement {
  return screen.getByRole('region', { name: fileName })
}

/** The texts of the notices in one of the two lists: "Problems" (they stay) or "Notices" (they fade). */
export function noticeTexts(list: 'Problems' | 'Notices'): string[] {
  return within(screen.getByRole('list', { name: list }))
    .queryAllByRole('listitem')
    .map((item) => item.querySelector('.notice-text')?.textContent ?? '')
}

/** The visible names of the buttons in a container, in order. */
export function buttonNames(container: HTMLElement, selector = 'button[data-action]'): string[] {
  return Array.from(container.querySelectorAll<HTMLButtonElement>(selector)).map(
    (b) => b.getAttribute('aria-label') ?? b.textContent ?? '',
  )
}

/** Lets the promises already started settle, and React render what they changed (an async act). */
export async function settle(): Promise<void> {
  await act(async () => {})
}

/** Clicks and lets the command's promise settle (buttons are disabled while it runs). */
export async function click(element: HTMLElement): Promise<void> {
  fireEvent.click(element)
  await settle()
}
