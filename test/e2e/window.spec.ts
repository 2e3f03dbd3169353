// The window reviewed in Debian's Chromium: axe-core (WCAG 2.0–2.2 A/AA and best practice) in every
// state over the real backend; the keyboard through Resume's queued step and Cancel's question;
// and, with a stand-in main (test/bench/render-page/fake-main.ts) for states with counts in the
// millions, reflow at 200% and 125% zoom and the non-text contrast of tracks, borders and the chart.
import AxeBuilder from '@axe-core/playwright'
import { expect } from '@playwright/test'
import type { Browser, Page } from '@playwright/test'
import { fakeMain } from '../bench/render-page/fake-main.ts'
import { sampleImports } from '../bench/render-page/sample-imports.ts'
import { test } from './harness/browser-test.ts'
import type { RunningApp } from './harness/driver.ts'
import { contactsFile, formulaFile, writeCsv } from './harness/files.ts'
import { layoutProblems, nonTextContrast } from './harness/layout-checks.ts'
import { dragFile } from './harness/page-side.ts'
import { badge, detailView, listEntry } from './harness/screen.ts'

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']
/**
 * Slow enough for axe to look at each step while it lasts, and for the keyboard to reach a running
 * import on a loaded machine (updates reach the page late there): 200,000 rows take ~50 s to check
 * and ~50 s to import.
 */
const PACED = { IMPORTER_MAX_ROWS_PER_SECOND: '4000' }
/** A loaded machine (two cores, several test suites) can take this long for a step. */
const LONG = 120_000

async function expectNoAxeViolations(page: Page, state: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze()
  const found = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(' | ')}`,
  )
  expect(found, `axe violations in the state "${state}"`).toEqual([])
}

async function drop(app: RunningApp, path: string): Promise<void> {
  const drag = await dragFile(app.page, path, (name, filePath) => app.prepareDrop(name, filePath))
  await drag.drop()
}

async function select(page: Page, fileName: string): Promise<void> {
  await page.getByRole('list', { name: 'Imports' }).getByRole('button', { name: fileName, exact: true }).click()
}

test('axe finds nothing in any state, light and dark; Resume keeps focus through the queued step; Cancel asks first', async ({
  workspace,
  driver,
}) => {
  test.setTimeout(600_000)
  const big = await contactsFile(workspace.file('big.csv'), 200_000, 5)
  const next = await contactsFile(workspace.file('next.csv'), 200, 6)
  const formulas = formulaFile(workspace.file('formulas.csv'))
  const unmatched = writeCsv(workspace.file('crm-export.csv'), ['Courriel,Prénom,Nom', 'ann@example.com,Ann,Lee'])
  const twoEmails = writeCsv(workspace.file('two-emails.csv'), ['email,first_name,last_name,EMAIL', 'ann@example.com,Ann,Lee,ann@example.org'])
  const app = await driver.launch({ dataDir: workspace.dataDir, env: PACED })
  const page = app.page
  await expect(page.getByRole('heading', { name: 'Drop a CSV file here' })).toBeVisible()
  await expectNoAxeViolations(page, 'first run')

  const drag = await dragFile(page, formulas, (name, path) => app.prepareDrop(name, path))
  await expect(page.getByText('Drop to import', { exact: true })).toBeVisible()
  await expectNoAxeViolations(page, 'drag over')
  await drag.drop()
  await expect(badge(detailView(page, 'formulas.csv'), 'Done')).toBeVisible({ timeout: LONG })
  await expect(detailView(page, 'formulas.csv').getByRole('grid').getByRole('row').nth(1)).toBeVisible()
  await expectNoAxeViolations(page, 'done with errors')

  await drop(app, unmatched)
  await expect(badge(detailView(page, 'crm-export.csv'), 'Needs columns')).toBeVisible({ timeout: LONG })
  await expect(detailView(page, 'crm-export.csv').getByRole('region', { name: 'Preview' })).toBeVisible()
  await expectNoAxeViolations(page, 'needs columns')

  await drop(app, twoEmails)
  await expect(badge(detailView(page, 'two-emails.csv'), 'Failed')).toBeVisible({ timeout: LONG })
  await expectNoAxeViolations(page, 'failed')

  await drop(app, big.path)
  const view = detailView(page, 'big.csv')
  await expect(badge(view, 'Checking')).toBeVisible({ timeout: LONG })
  await expect(view.getByText(/^Step 1 of 2 · Checking/)).toBeVisible()
  await expectNoAxeViolations(page, 'checking')

  // The keyboard while the file is checked (the longest stretch: updates reach the page late on a
  // loaded machine, so the window may show less than the worker has done).
  // The Pause/Resume button, whatever it says: the first command of the header.
  const toggle = view.locator('.detail-head button[data-action]').first()
  await expect(toggle).toHaveText('Pause')
  await toggle.focus()
  await page.keyboard.press('Enter')
  await expect(badge(view, 'Paused')).toBeVisible({ timeout: LONG })
  await expect(toggle).toHaveText('Resume')
  await expect(toggle).toBeFocused()
  await expectNoAxeViolations(page, 'paused')
  // The real backend queues a resumed import before it runs: the button stays where it is.
  await page.keyboard.press('Enter')
  await expect(badge(view, 'Checking')).toBeVisible({ timeout: LONG })
  await expect(toggle).toHaveText('Pause')
  await expect(toggle).toBeFocused()

  const cancel = view.getByRole('button', { name: 'Cancel', exact: true })
  await cancel.focus()
  await page.keyboard.press('Enter')
  const question = page.getByRole('alertdialog', { name: 'Stop importing big.csv?' })
  await expect(question).toBeVisible()
  await expect(question.getByRole('button', { name: 'Keep importing' })).toBeFocused()
  // A second Enter keeps importing: nothing is cancelled by accident.
  await page.keyboard.press('Enter')
  await expect(question).toBeHidden()
  await expect(cancel).toBeFocused()
  await page.keyboard.press('Enter')
  await question.getByRole('button', { name: 'Cancel import' }).click()
  await expect(badge(view, 'Cancelled')).toBeVisible({ timeout: LONG })
  await expect(view.getByRole('button', { name: 'Import again' })).toBeVisible()
  await expectNoAxeViolations(page, 'cancelled')

  // A second run of the file, and one queued behind it.
  await view.getByRole('button', { name: 'Import again' }).click()
  await expect(badge(view, 'Checking')).toBeVisible({ timeout: LONG })
  await drop(app, next.path)
  await expect(badge(detailView(page, 'next.csv'), 'Queued')).toBeVisible({ timeout: LONG })
  await expectNoAxeViolations(page, 'queued')
  await page.getByRole('list', { name: 'Imports' }).getByRole('button', { name: 'big.csv', exact: true }).first().click()
  await expect(badge(view, 'Importing')).toBeVisible({ timeout: LONG })
  await expect(view.getByText(/^Step 2 of 2 · Importing/)).toBeVisible()
  await expectNoAxeViolations(page, 'importing')
  await view.getByRole('button', { name: 'Cancel', exact: true }).click()
  await expect(page.getByRole('alertdialog')).toBeVisible()
  await expectNoAxeViolations(page, 'the question before cancelling')
  await page.keyboard.press('Escape')
  await expect(page.getByRole('alertdialog')).toBeHidden()

  await select(page, 'formulas.csv')
  await app.answerSaveDialog(workspace.file('formulas-errors.csv'))
  await detailView(page, 'formulas.csv').getByRole('button', { name: 'Export errors…' }).click()
  await expect(page.getByRole('button', { name: 'Show in folder' })).toBeVisible()
  await expectNoAxeViolations(page, 'a notice in the status strip')

  await page.emulateMedia({ colorScheme: 'dark' })
  await expectNoAxeViolations(page, 'done with errors and a notice, dark')
  await select(page, 'two-emails.csv')
  await expectNoAxeViolations(page, 'failed, dark')
  await select(page, 'crm-export.csv')
  await expectNoAxeViolations(page, 'needs columns, dark')
  await expect(listEntry(page, 'next.csv')).toBeVisible()
  await app.quit()
})

interface Zoom {
  name: string
  /** The window's size in device-independent pixels. */
  window: { width: number; height: number }
  zoom: number
}

const ZOOMS: Zoom[] = [
  { name: '960×640 at 200%', window: { width: 960, height: 640 }, zoom: 2 },
  { name: '720×480 at 125%', window: { width: 720, height: 480 }, zoom: 1.25 },
  { name: '720×480 at 200%', window: { width: 720, height: 480 }, zoom: 2 },
]

/** The built renderer with the stand-in main: browser zoom is a smaller CSS viewport at a larger scale. */
async function openWithFakeMain(browser: Browser, origin: string, zoom: Zoom, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: Math.round(zoom.window.width / zoom.zoom), height: Math.round(zoom.window.height / zoom.zoom) },
    deviceScaleFactor: zoom.zoom,
    locale: 'en-US',
    colorScheme,
    reducedMotion: 'reduce',
  })
  const page = await context.newPage()
  await page.addInitScript(fakeMain, { imports: sampleImports(), live: { ids: [5], hz: 10, durationMs: 60_000 }, observeLongTasks: false })
  await page.goto(`${origin}/index.html`)
  await expect(page.getByRole('list', { name: 'Imports' })).toBeVisible()
  return page
}

for (const zoom of ZOOMS) {
  test(`reflow at ${zoom.name}: nothing reaches past the window or is cut at the side, no text on text`, async ({ browser, rendererServer }) => {
    const page = await openWithFakeMain(browser, rendererServer.origin, zoom)
    const check = async (state: string): Promise<void> => {
      expect(await page.evaluate(layoutProblems), `layout problems: ${state}`).toEqual([])
    }
    for (const fileName of ['contacts-2026.csv', 'newsletter-signups.csv', 'customers.csv', 'leads.csv', 'old.csv', 'crm-export.csv', 'test-export.csv']) {
      await select(page, fileName)
      await expect(page.getByRole('heading', { level: 2, name: fileName })).toBeVisible()
      await check(fileName)
    }
    await select(page, 'old.csv')
    await page.getByRole('button', { name: 'Export errors…' }).click()
    await expect(page.getByRole('button', { name: 'Show in folder' })).toBeVisible()
    await check('a notice in the status strip')
    await select(page, 'contacts-2026.csv')
    await detailView(page, 'contacts-2026.csv').getByRole('button', { name: 'Cancel', exact: true }).click()
    await expect(page.getByRole('alertdialog')).toBeVisible()
    // The question covers the window by design; only its own boxes are checked for fit.
    const dialogProblems = (await page.evaluate(layoutProblems)).filter((problem) => !problem.startsWith('text overlaps'))
    expect(dialogProblems, 'the question fits').toEqual([])
    await page.context().close()
  })
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`non-text contrast ≥ 3:1 (${colorScheme}): progress tracks (a selected row too), secondary button borders, the chart's gap band; axe on the not-CSV view`, async ({
    browser,
    rendererServer,
  }) => {
    const page = await openWithFakeMain(browser, rendererServer.origin, { name: '960×640', window: { width: 960, height: 640 }, zoom: 1 }, colorScheme)
    await select(page, 'contacts-2026.csv')
    const view = detailView(page, 'contacts-2026.csv')
    // A pause leaves a gap in the chart.
    await expect(view.locator('.chart-line')).toHaveCount(1)
    await view.getByRole('button', { name: 'Pause', exact: true }).click()
    await expect(badge(view, 'Paused')).toBeVisible()
    await view.getByRole('button', { name: 'Resume', exact: true }).click()
    await expect(view.locator('.chart-line')).toHaveCount(2, { timeout: 15_000 })
    const measured = await page.evaluate(nonTextContrast)
    const whats = measured.map((m) => m.what)
    expect(whats).toContain('the bar of contacts-2026.csv progress (selected): track edge against its background')
    expect(whats).toContain('the chart’s gap band against the chart')
    expect(whats.some((what) => what.startsWith('the border of'))).toBe(true)
    expect(measured.filter((m) => m.ratio < 3)).toEqual([])
    // A state the real backend's axe run does not visit: a file that is not CSV (an Excel workbook).
    await select(page, 'customers.csv')
    await expect(detailView(page, 'customers.csv').getByRole('heading', { name: 'This file is an Excel workbook (.xlsx), not a CSV file' })).toBeVisible()
    await expectNoAxeViolations(page, `not a CSV file, ${colorScheme}`)
    await page.context().close()
  })
}

/** The little of the DOM the error table test reads in the page (test/ is checked without DOM types). */
interface ErrorRowElement {
  readonly children: ArrayLike<ErrorRowElement>
  readonly textContent: string | null
  readonly title: string
  readonly scrollWidth: number
  readonly clientWidth: number
  getBoundingClientRect(): { right: number; width: number }
}

test('the error table at 960×640: Message takes the width left, typical messages are whole, a long one is there in full', async ({ browser, rendererServer }) => {
  const page = await openWithFakeMain(browser, rendererServer.origin, { name: '960×640', window: { width: 960, height: 640 }, zoom: 1 })
  await select(page, 'old.csv')
  const grid = detailView(page, 'old.csv').getByRole('grid')
  await expect(grid.locator('.err-scroller .err-message').first()).toBeVisible()
  const rows = await grid.locator('.err-scroller [role="row"]').evaluateAll((elements: unknown[]) =>
    (elements as ErrorRowElement[]).map((row) => {
      const cells = Array.from(row.children)
      const message = cells[4]
      const page = globalThis as unknown as { getComputedStyle(element: ErrorRowElement): { paddingRight: string } }
      const end = row.getBoundingClientRect().right - parseFloat(page.getComputedStyle(row).paddingRight)
      return {
        message: message.textContent ?? '',
        title: message.title,
        code: cells[2].textContent ?? '',
        /** Cells whose text does not fit (ellipsized). */
        cut: cells.filter((cell) => cell.scrollWidth > cell.clientWidth).map((cell) => cell.textContent ?? ''),
        widths: cells.map((cell) => cell.getBoundingClientRect().width),
        messageToEnd: Math.abs(end - message.getBoundingClientRect().right),
      }
    }),
  )
  expect(rows.length).toBeGreaterThan(8)
  const typical = ['"bob@" is not a valid email address.', 'No email address.', 'Has 4 fields, but the header has 3.', 'No first name.']
  for (const row of rows) {
    // What main says, without the row and line the table has columns for.
    expect(typical.includes(row.message) || row.message.includes('example-company'), row.message).toBe(true)
    // Message is the widest column and reaches the row's end: it takes what the others leave.
    expect(row.messageToEnd).toBeLessThan(1)
    expect(Math.max(...row.widths.slice(0, 4))).toBeLessThan(row.widths[4])
    expect(row.title, 'the cell keeps its full text as a tooltip').toBe(row.message)
    if (typical.includes(row.message)) expect(row.cut.filter((text) => text === row.message || text === row.code), 'a typical message and its label are whole').toEqual([])
  }
  // A long message is cut short in its cell; the focused row is written out in full under the table.
  const long = rows.findIndex((row) => row.message.includes('example-company'))
  expect(rows[long].cut).toContain(rows[long].message)
  await grid.locator('.err-scroller [role="row"]').nth(long).focus()
  await expect(grid.locator('.err-focused')).toContainText(rows[long].message)
  await page.context().close()
})
