// Functions that run inside the page (serialized by Playwright, so each is self-contained), with
// the few DOM shapes they use: the Node tsconfig that checks test/ has no DOM lib.
import type { ElementHandle, JSHandle, Page } from '@playwright/test'
import { basename } from 'node:path'

interface PageElement {
  textContent: string | null
  readonly nextElementSibling: PageElement | null
  readonly files?: ArrayLike<unknown> | null
  getAttribute(name: string): string | null
  closest(selector: string): PageElement | null
  querySelector(selector: string): PageElement | null
  querySelectorAll(selector: string): ArrayLike<PageElement>
  dispatchEvent(event: unknown): boolean
  setAttribute(name: string, value: string): void
  append(...nodes: unknown[]): void
  remove(): void
  hidden: boolean
  type: string
}

interface PageWindow {
  document: {
    readonly body: PageElement | null
    readonly documentElement: PageElement
    querySelector(selector: string): PageElement | null
    createElement(tag: string): PageElement
    addEventListener(type: string, listener: () => void): void
    readonly readyState: string
  }
  performance: { now(): number }
  MutationObserver: new (callback: () => void) => { observe(target: PageElement, options: Record<string, boolean>): void }
  DataTransfer: new () => { items: { add(file: unknown): unknown } }
  DragEvent: new (type: string, init: { bubbles: boolean; cancelable: boolean; dataTransfer: unknown }) => unknown
  [key: string]: unknown
}

/** One observation of the selected import, taken whenever the page's DOM changes. */
export interface TraceSample {
  /** ms since the page started. */
  t: number
  fileName: string
  /** The badge word: Queued, Checking, Importing, Paused, Done, Failed, Cancelled. */
  status: string
  /** aria-valuenow of the detail's progress bar (0..100), null when there is none. */
  percent: number | null
  /** aria-valuetext of the detail's progress bar. */
  valueText: string
  /** The "Imported" figure as shown (digits only), null when not shown. */
  imported: number | null
  /** The row of "Resumed at row N" in the meta line, null when absent. */
  resumedAt: number | null
}

export const TRACE_KEY = '__importerE2eTrace'

/**
 * An init script (runs before the app's scripts in every document): records what the detail view
 * shows after every DOM change, so a test can say what was on screen first and whether it moved,
 * however fast the updates came.
 */
export function installTraceRecorder(traceKey: string): void {
  const w = globalThis as unknown as PageWindow
  if (w[traceKey]) return
  const trace: TraceSample[] = []
  w[traceKey] = trace
  const digits = (text: string | null | undefined): number | null => {
    const only = (text ?? '').replace(/[^0-9]/g, '')
    return only === '' ? null : Number(only)
  }
  const sample = (): void => {
    const bar = w.document.querySelector('[role="progressbar"][aria-label="Progress"]')
    const detail = bar?.closest('section') ?? null
    if (!bar || !detail) return
    const heading = detail.querySelector('h2')
    let imported: number | null = null
    const terms = detail.querySelectorAll('dt')
    for (let i = 0; i < terms.length; i++) {
      if (terms[i].textContent?.trim() === 'Imported') imported = digits(terms[i].nextElementSibling?.textContent)
    }
    const resumed = /Resumed at row ([\d,.\s\u00a0\u202f]+)/.exec(detail.textContent ?? '')
    const next: TraceSample = {
      t: Math.round(w.performance.now()),
      fileName: heading?.textContent ?? '',
      status: heading?.nextElementSibling?.textContent?.trim() ?? '',
      percent: digits(bar.getAttribute('aria-valuenow')),
      valueText: bar.getAttribute('aria-valuetext') ?? '',
      imported,
      resumedAt: resumed ? digits(resumed[1]) : null,
    }
    const last = trace[trace.length - 1]
    const same =
      last !== undefined &&
      last.fileName === next.fileName &&
      last.status === next.status &&
      last.percent === next.percent &&
      last.valueText === next.valueText &&
      last.imported === next.imported &&
      last.resumedAt === next.resumedAt
    if (!same && trace.length < 20_000) trace.push(next)
  }
  const start = (): void => {
    new w.MutationObserver(sample).observe(w.document.documentElement, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    })
    sample()
  }
  if (w.document.readyState === 'loading') w.document.addEventListener('DOMContentLoaded', start)
  else start()
}

export async function readTrace(page: Page): Promise<TraceSample[]> {
  return page.evaluate((key) => ((globalThis as unknown as Record<string, unknown>)[key] as TraceSample[] | undefined) ?? [], TRACE_KEY)
}

/** A file dragged over the window, not dropped yet. */
export interface Drag {
  drop(): Promise<void>
}

/**
 * Drags a file from disk over the window: a real File (Playwright fills a file input the test adds
 * with the file's bytes from disk), carried by a DataTransfer on dispatched dragenter/dragover
 * events, then dropped with a `drop` event. `prepare` runs first (the shim learns the file's path).
 */
export async function dragFile(page: Page, path: string, prepare: (name: string, path: string) => Promise<void>): Promise<Drag> {
  await prepare(basename(path), path)
  const input = (await page.evaluateHandle(() => {
    const w = globalThis as unknown as PageWindow
    const element = w.document.createElement('input')
    element.type = 'file'
    element.hidden = true
    w.document.body?.append(element)
    return element
  })) as ElementHandle
  await input.setInputFiles(path)
  const transfer: JSHandle = await input.evaluateHandle((element) => {
    const w = globalThis as unknown as PageWindow
    const file = (element as unknown as PageElement).files?.[0]
    ;(element as unknown as PageElement).remove()
    if (!file) throw new Error('the file input holds no file')
    const data = new w.DataTransfer()
    data.items.add(file)
    const target = w.document.querySelector('main') ?? w.document.body
    for (const type of ['dragenter', 'dragover']) {
      target?.dispatchEvent(new w.DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: data }))
    }
    return data
  })
  await input.dispose()
  return {
    async drop() {
      await transfer.evaluate((data) => {
        const w = globalThis as unknown as PageWindow
        const target = w.document.querySelector('main') ?? w.document.body
        target?.dispatchEvent(new w.DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: data }))
      })
      await transfer.dispose()
    },
  }
}
