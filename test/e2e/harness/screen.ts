// Runs in the test process: reads the window the way a person does, by role, name and text.
import { expect } from '@playwright/test'
import type { Locator, Page } from '@playwright/test'

/** "195,944" → 195944 (the page formats with the en-US locale the context pins). */
export function parseCount(text: string | null): number {
  const digits = (text ?? '').replace(/[^0-9]/g, '')
  if (digits === '') throw new Error(`no number in ${JSON.stringify(text)}`)
  return Number(digits)
}

/** The detail view of an import: a region named by its file name. */
export function detailView(page: Page, fileName: string): Locator {
  return page.getByRole('region', { name: fileName, exact: true })
}

/** The import's entry in the list of imports. */
export function listEntry(page: Page, fileName: string): Locator {
  return page
    .getByRole('list', { name: 'Imports' })
    .getByRole('listitem')
    .filter({ has: page.getByRole('button', { name: fileName, exact: true }) })
}

/** The status word of the badge in a view (Checking, Importing, Paused, Done, Failed…). */
export function badge(view: Locator, status: string): Locator {
  return view.getByText(status, { exact: true })
}

export interface Figures {
  imported: number
  created: number
  updated: number
  errors: number
}

async function figure(view: Locator, term: string): Promise<number> {
  const definition = view.getByRole('term').filter({ hasText: new RegExp(`^${term}$`) }).locator('xpath=following-sibling::*[1]')
  return parseCount(await definition.textContent())
}

/** The figures of the detail view: Imported, New, Updated, Errors. */
export async function detailFigures(view: Locator): Promise<Figures> {
  return {
    imported: await figure(view, 'Imported'),
    created: await figure(view, 'New'),
    updated: await figure(view, 'Updated'),
    errors: await figure(view, 'Errors'),
  }
}

/** The percentage a list entry shows, and the detail's: the list and the detail show the same one. */
export async function percentsShown(entry: Locator, view: Locator): Promise<{ list: string; detail: string }> {
  return {
    list: ((await entry.locator('.pct').textContent()) ?? '').trim(),
    detail: ((await view.locator('.detail-progress .pct').textContent()) ?? '').trim(),
  }
}

/** The counts of a finished list entry: "97,912 imported · 2,088 errors" (or "no errors"). */
export async function listFigures(entry: Locator): Promise<Pick<Figures, 'imported' | 'errors'>> {
  const line = ((await entry.getByText(/^[\d,]+ imported · /).textContent()) ?? '').trim()
  const match = /^([\d,]+) imported · (no errors|([\d,]+) errors?)$/.exec(line)
  if (!match) throw new Error(`unexpected list line: ${line}`)
  return { imported: parseCount(match[1]), errors: match[3] === undefined ? 0 : parseCount(match[3]) }
}

/** Waits until the detail's "Imported" figure reaches at least `rows` while the import runs. */
export async function waitForImported(view: Locator, rows: number, timeout = 30_000): Promise<number> {
  let seen = 0
  await expect
    .poll(
      async () => {
        seen = await figure(view, 'Imported').catch(() => 0)
        return seen
      },
      { timeout, intervals: [50] },
    )
    .toBeGreaterThanOrEqual(rows)
  return seen
}

/** The completion line: "Done: 195,944 imported (186,739 new, 9,205 updated), 4,056 errors". */
export async function completionFigures(view: Locator): Promise<Figures> {
  const line = view.getByText(/^Done: /)
  await expect(line).toBeVisible()
  const text = (await line.textContent()) ?? ''
  const match = /^Done: ([\d,]+) imported \(([\d,]+) new, ([\d,]+) updated\), (no errors|([\d,]+) errors?)$/.exec(text.trim())
  if (!match) throw new Error(`unexpected completion line: ${text}`)
  return {
    imported: parseCount(match[1]),
    created: parseCount(match[2]),
    updated: parseCount(match[3]),
    errors: match[5] === undefined ? 0 : parseCount(match[5]),
  }
}
