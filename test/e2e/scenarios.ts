// The six end-to-end scenarios, written once against the AppDriver: importer.spec.ts runs them in
// Debian's Chromium over the Node host; test/electron runs them against the built Electron app.
// Each asserts what the window shows and what the database holds (read-only, its own connection).
import { expect } from '@playwright/test'
import type { Locator, Page, TestType } from '@playwright/test'
import { readFileSync } from 'node:fs'
import Papa from 'papaparse'
import { contactCount, errorRecords, onlyImport, outcome, readingOf, stagingTableCount, uninterruptedOutcome } from './harness/db.ts'
import type { ImportRecord } from './harness/db.ts'
import type { AppDriver, LaunchOptions, RunningApp } from './harness/driver.ts'
import { waitForExit } from './harness/driver.ts'
import type { ScenarioFixtures } from './harness/fixtures.ts'
import { contactsFile, FORMULA_EMAILS, formulaFile, withHeader } from './harness/files.ts'
import type { GeneratedFile } from './harness/files.ts'
import { dragFile, readTrace } from './harness/page-side.ts'
import type { TraceSample } from './harness/page-side.ts'
import {
  badge,
  completionFigures,
  detailFigures,
  detailView,
  listEntry,
  listFigures,
  percentsShown,
  waitForImported,
} from './harness/screen.ts'
import type { Figures } from './harness/screen.ts'

/** Pacing for the scenarios that interrupt an import: 100,000 rows take ~2.5 s to check and ~2.5 s to import. */
const PACED = { IMPORTER_MAX_ROWS_PER_SECOND: '40000' }
/**
 * The import waits after 20,000 rows of checking, or of importing, until it is stopped: however
 * late a busy machine shows the progress, the pause, quit or kill still finds it mid-import.
 */
const HELD_CHECKING = { ...PACED, IMPORTER_HOLD_AT: 'stage:20000' }
const HELD_IMPORTING = { ...PACED, IMPORTER_HOLD_AT: 'merge:20000' }
const PACED_ROWS = 100_000
const LONG = 60_000

async function drop(app: RunningApp, path: string): Promise<void> {
  const drag = await dragFile(app.page, path, (name, filePath) => app.prepareDrop(name, filePath))
  await drag.drop()
}

function figuresOf(record: ImportRecord): Figures {
  return { imported: record.processedCount, created: record.createdCount, updated: record.updatedCount, errors: record.errorCount }
}

function traceOf(samples: TraceSample[], fileName: string): TraceSample[] {
  return samples.filter((sample) => sample.fileName === fileName)
}

/** The detail's progress bar value, 0..100. */
async function percentShown(view: Locator): Promise<number> {
  return Number(await view.getByRole('progressbar', { name: 'Progress' }).getAttribute('aria-valuenow'))
}

/** Within each phase (Checking, then Importing) the bar never moves back. */
function expectMonotonicPerPhase(trace: TraceSample[]): void {
  const lastByPhase = new Map<string, number>()
  for (const sample of trace) {
    if (sample.percent === null) continue
    const before = lastByPhase.get(sample.status) ?? 0
    expect(sample.percent, `the bar moved back during "${sample.status}": ${JSON.stringify(sample)}`).toBeGreaterThanOrEqual(before)
    lastByPhase.set(sample.status, sample.percent)
  }
}

/** The screen's figures (detail, completion line, list entry) equal the database's. */
async function expectScreenEqualsDatabase(page: Page, fileName: string, record: ImportRecord): Promise<Figures> {
  const view = detailView(page, fileName)
  const fromDatabase = figuresOf(record)
  expect(await detailFigures(view)).toEqual(fromDatabase)
  if (record.status === 'completed') {
    expect(await listFigures(listEntry(page, fileName))).toEqual({ imported: fromDatabase.imported, errors: fromDatabase.errors })
  }
  const percents = await percentsShown(listEntry(page, fileName), view)
  expect(percents.list, 'the list and the detail show the same percentage').toBe(percents.detail)
  if (record.status === 'completed') expect(await completionFigures(view)).toEqual(fromDatabase)
  return fromDatabase
}

/** After an interrupted import completes: exactly what one uninterrupted run of the file produces. */
async function expectSameAsUninterrupted(dataDir: string, file: GeneratedFile): Promise<void> {
  const record = onlyImport(dataDir)
  const interrupted = outcome(dataDir, record.id)
  const reference = await uninterruptedOutcome(file.key, file.path)
  expect(interrupted.import, 'counts of the interrupted import vs an uninterrupted run').toEqual(reference.import)
  expect(interrupted.contacts, 'every contact (email, first and last name) vs an uninterrupted run').toEqual(reference.contacts)
  expect(interrupted.errors, 'every error row vs an uninterrupted run').toEqual(reference.errors)
  expect(stagingTableCount(dataDir), 'staging tables left behind').toBe(0)
}

/** The import's first sample on screen after a relaunch never shows less than what was committed. */
function expectContinuedFrom(trace: TraceSample[], committed: number): void {
  const shown = trace.filter((sample) => sample.imported !== null)
  expect(shown.length, 'the relaunched window showed the import').toBeGreaterThan(0)
  expect(shown[0].imported, `first "Imported" figure after the relaunch: ${JSON.stringify(shown[0])}`).toBeGreaterThanOrEqual(committed)
  for (const sample of shown) expect(sample.imported, JSON.stringify(sample)).toBeGreaterThanOrEqual(committed)
}

async function launch(driver: AppDriver, options: LaunchOptions): Promise<RunningApp> {
  const app = await driver.launch(options)
  await expect(app.page.getByRole('heading', { name: 'Contacts Importer', level: 1 })).toBeVisible()
  return app
}

export function defineScenarios<T extends ScenarioFixtures, W extends object>(test: TestType<T, W>): void {
  test('1. a 200,000-row CSV dropped on the window imports to the end, and the screen equals the database', async ({
    workspace,
    driver,
    shots,
  }) => {
    const fileName = 'contacts-200k.csv'
    const file = await contactsFile(workspace.file(fileName), 200_000, 1)
    const app = await launch(driver, { dataDir: workspace.dataDir })
    const page = app.page
    await expect(page.getByRole('heading', { name: 'Drop a CSV file here' })).toBeVisible()

    const drag = await dragFile(page, file.path, (name, path) => app.prepareDrop(name, path))
    await expect(page.getByText('Drop to import', { exact: true })).toBeVisible()
    await shots.take(page, 'drag-over', { publishAs: 'drag-over' })
    await drag.drop()
    await expect(page.getByText('Drop to import', { exact: true })).toBeHidden()

    const view = detailView(page, fileName)
    await expect(view).toBeVisible()
    await expect(badge(view, 'Done')).toBeVisible({ timeout: LONG })
    await shots.take(page, 'done', { publishAs: 'drop-200k-done' })

    // Progress moved: the bar showed values between 0 and 100 on the way, never going back in a phase.
    const trace = traceOf(await readTrace(page), fileName)
    const between = trace.filter((s) => s.status !== 'Done' && s.percent !== null && s.percent > 0 && s.percent < 100)
    expect(new Set(between.map((s) => `${s.status} ${s.percent}`)).size, `progress seen: ${JSON.stringify(trace)}`).toBeGreaterThanOrEqual(2)
    expectMonotonicPerPhase(trace)
    expect(trace[trace.length - 1]).toMatchObject({ status: 'Done', percent: 100 })

    const record = onlyImport(workspace.dataDir)
    expect(record).toMatchObject({ fileName, status: 'completed', totalRows: 200_000, rowsRead: 200_000 })
    const shown = await expectScreenEqualsDatabase(page, fileName, record)
    expect(shown.imported + shown.errors).toBe(200_000)
    expect(shown.errors, 'rows the generator broke').toBe(file.stats.invalid)
    expect(contactCount(workspace.dataDir), 'contacts in a fresh database = new ones').toBe(shown.created)
    expect(errorRecords(workspace.dataDir, record.id)).toHaveLength(shown.errors)
    await expect(view.getByRole('progressbar', { name: 'Progress' })).toHaveAttribute('aria-valuetext', 'Done, 200,000 rows')
    await expect(view.getByRole('heading', { name: `Errors (${shown.errors.toLocaleString('en-US')})` })).toBeVisible()
    await app.quit()
  })

  test('2. paused mid-import, quit and relaunched: still paused with the same counts; Resume completes exactly', async ({
    workspace,
    driver,
    shots,
  }) => {
    const fileName = 'leads-paused.csv'
    const file = await contactsFile(workspace.file(fileName), PACED_ROWS, 2)
    let app = await launch(driver, { dataDir: workspace.dataDir, env: HELD_IMPORTING })
    await drop(app, file.path)
    let view = detailView(app.page, fileName)
    await expect(badge(view, 'Importing')).toBeVisible({ timeout: LONG })
    await waitForImported(view, 20_000)
    await shots.take(app.page, 'importing')

    await view.getByRole('button', { name: 'Pause', exact: true }).click()
    await expect(badge(view, 'Paused')).toBeVisible()
    await expect(view.getByRole('button', { name: 'Resume', exact: true })).toBeVisible()
    const pausedLine = (await view.getByText(/^Paused at row [\d,]+$/).textContent()) ?? ''
    const atPause = await detailFigures(view)
    const { list: percentAtPause, detail: detailPercentAtPause } = await percentsShown(listEntry(app.page, fileName), view)
    expect(percentAtPause, 'the list and the detail show the same percentage').toBe(detailPercentAtPause)
    const recordAtPause = onlyImport(workspace.dataDir)
    expect(recordAtPause.status).toBe('paused')
    expect(atPause).toEqual(figuresOf(recordAtPause))
    expect(atPause.imported).toBeGreaterThanOrEqual(20_000)
    expect(atPause.imported + atPause.errors).toBeLessThan(PACED_ROWS)

    // The numbers stop moving: on screen and in the database, over a while.
    await app.page.waitForTimeout(1500)
    expect(await detailFigures(view)).toEqual(atPause)
    expect((await percentsShown(listEntry(app.page, fileName), view)).list).toBe(percentAtPause)
    expect(onlyImport(workspace.dataDir)).toEqual(recordAtPause)
    const pausedTrace = traceOf(await readTrace(app.page), fileName)
    const pausedFrom = pausedTrace.findIndex((s) => s.status === 'Paused')
    for (const sample of pausedTrace.slice(pausedFrom)) expect(sample).toMatchObject({ status: 'Paused', imported: atPause.imported })
    await shots.take(app.page, 'paused', { publishAs: 'paused' })

    await app.quit()
    expect(onlyImport(workspace.dataDir), 'quitting changed a paused import').toEqual(recordAtPause)

    app = await launch(driver, { dataDir: workspace.dataDir, env: PACED })
    view = detailView(app.page, fileName)
    await expect(badge(view, 'Paused')).toBeVisible()
    await expect(badge(listEntry(app.page, fileName), 'Paused')).toBeVisible()
    await expect(view.getByText(pausedLine, { exact: true })).toBeVisible()
    expect(await detailFigures(view)).toEqual(atPause)
    expect((await percentsShown(listEntry(app.page, fileName), view)).list).toBe(percentAtPause)
    // A relaunch does not resume a paused import by itself.
    await app.page.waitForTimeout(1000)
    expect(onlyImport(workspace.dataDir)).toEqual(recordAtPause)
    await expect(badge(view, 'Paused')).toBeVisible()
    await shots.take(app.page, 'relaunched-paused', { publishAs: 'relaunched-paused' })

    await view.getByRole('button', { name: 'Resume', exact: true }).click()
    await expect(badge(view, 'Done')).toBeVisible({ timeout: LONG })
    const resumedTrace = traceOf(await readTrace(app.page), fileName)
    expect(resumedTrace.some((s) => s.status === 'Importing'), 'showed Importing after Resume').toBe(true)
    expectContinuedFrom(resumedTrace, atPause.imported)
    await shots.take(app.page, 'resumed-done')

    await expectScreenEqualsDatabase(app.page, fileName, onlyImport(workspace.dataDir))
    await expectSameAsUninterrupted(workspace.dataDir, file)
    await app.quit()
  })

  test('3. quit mid-import without pausing: the relaunch resumes by itself from the saved row and completes exactly', async ({
    workspace,
    driver,
    shots,
  }) => {
    const fileName = 'leads-quit.csv'
    const file = await contactsFile(workspace.file(fileName), PACED_ROWS, 2)
    let app = await launch(driver, { dataDir: workspace.dataDir, env: HELD_IMPORTING })
    await drop(app, file.path)
    let view = detailView(app.page, fileName)
    await expect(badge(view, 'Importing')).toBeVisible({ timeout: LONG })
    await waitForImported(view, 20_000)
    await shots.take(app.page, 'importing-before-quit')
    await app.quit()

    // The quit committed a checkpoint and left the import unfinished (not paused).
    const atQuit = onlyImport(workspace.dataDir)
    expect(atQuit.status).toBe('processing')
    expect(atQuit.processedCount).toBeGreaterThanOrEqual(20_000)
    expect(atQuit.processedCount + atQuit.errorCount).toBeLessThan(PACED_ROWS)

    app = await launch(driver, { dataDir: workspace.dataDir, env: PACED })
    view = detailView(app.page, fileName)
    const resumedAt = view.getByText(/Resumed at row [\d,]+/)
    await expect(resumedAt).toBeVisible({ timeout: LONG })
    await expect(badge(view, 'Importing')).toBeVisible()
    await shots.take(app.page, 'resumed-by-itself', { publishAs: 'resumed-after-quit' })
    await expect(badge(view, 'Done')).toBeVisible({ timeout: LONG })
    await expect(resumedAt).toBeVisible()

    const trace = traceOf(await readTrace(app.page), fileName)
    expectContinuedFrom(trace, atQuit.processedCount)
    expect(trace.find((s) => s.imported !== null)?.imported, 'first count shown after the relaunch').toBeGreaterThan(0)
    const resumed = trace.find((s) => s.resumedAt !== null)?.resumedAt ?? null
    // The saved row: the rows imported at the checkpoint (or that plus the rows rejected before it).
    expect([atQuit.processedCount, atQuit.processedCount + atQuit.errorCount], `"Resumed at row ${resumed}"`).toContain(resumed)

    await expectScreenEqualsDatabase(app.page, fileName, onlyImport(workspace.dataDir))
    await expectSameAsUninterrupted(workspace.dataDir, file)
    await app.quit()
  })

  test('4. the app killed mid-import (SIGKILL) relaunches and completes exactly', async ({ workspace, driver, shots }) => {
    const fileName = 'leads-killed.csv'
    const file = await contactsFile(workspace.file(fileName), PACED_ROWS, 2)

    // First kill: the main process alone, while the file is being checked. The worker notices.
    let app = await launch(driver, { dataDir: workspace.dataDir, env: HELD_CHECKING })
    await drop(app, file.path)
    let view = detailView(app.page, fileName)
    await expect(badge(view, 'Checking')).toBeVisible({ timeout: LONG })
    // Checking is the first half of the bar: 5% is 10% of the file checked; it holds at 20%.
    await expect.poll(() => percentShown(view), { timeout: LONG, intervals: [50] }).toBeGreaterThanOrEqual(5)
    await shots.take(app.page, 'checking-before-kill')
    const orphan = await app.workerPid()
    await app.kill()
    if (orphan !== undefined) expect(await waitForExit(orphan, 10_000), 'the orphaned worker stopped by itself').toBe(true)
    const atFirstKill = onlyImport(workspace.dataDir)
    expect(atFirstKill.status).toBe('validating')
    expect(atFirstKill.rowsRead).toBeGreaterThan(0)
    expect(atFirstKill.rowsRead).toBeLessThan(PACED_ROWS)

    // Second kill: main and worker at the same instant, while rows are being imported.
    app = await launch(driver, { dataDir: workspace.dataDir, env: HELD_IMPORTING })
    view = detailView(app.page, fileName)
    await expect(view.getByText(`Resumed at row ${atFirstKill.rowsRead.toLocaleString('en-US')}`)).toBeVisible({ timeout: LONG })
    await expect(badge(view, 'Importing')).toBeVisible({ timeout: LONG })
    await waitForImported(view, 20_000)
    await shots.take(app.page, 'importing-before-second-kill')
    await app.kill({ worker: true })
    const atSecondKill = onlyImport(workspace.dataDir)
    expect(atSecondKill.status).toBe('processing')
    expect(atSecondKill.processedCount).toBeGreaterThan(0)
    expect(atSecondKill.processedCount + atSecondKill.errorCount).toBeLessThan(PACED_ROWS)

    app = await launch(driver, { dataDir: workspace.dataDir, env: PACED })
    view = detailView(app.page, fileName)
    await expect(view.getByText(/Resumed at row [\d,]+/)).toBeVisible({ timeout: LONG })
    await shots.take(app.page, 'resumed-after-kill', { publishAs: 'resumed-after-kill' })
    await expect(badge(view, 'Done')).toBeVisible({ timeout: LONG })
    expectContinuedFrom(traceOf(await readTrace(app.page), fileName), atSecondKill.processedCount)
    await shots.take(app.page, 'done-after-kill')

    await expectScreenEqualsDatabase(app.page, fileName, onlyImport(workspace.dataDir))
    await expectSameAsUninterrupted(workspace.dataDir, file)
    await app.quit()
  })

  test('5. columns the app cannot match wait for the person: mapped in the form, quit mid-import, relaunched, resumed with the same mapping', async ({
    workspace,
    driver,
    shots,
  }) => {
    const fileName = 'export-fr.csv'
    // The same rows as a standard file, under headers no alias matches: the reference run imports the standard one.
    const standard = await contactsFile(workspace.file('standard.csv'), PACED_ROWS, 5)
    const path = withHeader(standard.path, workspace.file(fileName), 'Courriel,Prénom,Nom de famille,Société')
    let app = await launch(driver, { dataDir: workspace.dataDir, env: HELD_IMPORTING })
    await drop(app, path)
    let view = detailView(app.page, fileName)
    await expect(badge(view, 'Needs columns')).toBeVisible({ timeout: LONG })
    await expect(badge(listEntry(app.page, fileName), 'Needs columns')).toBeVisible()
    expect(onlyImport(workspace.dataDir)).toMatchObject({ status: 'needs_mapping', processedCount: 0 })
    expect(contactCount(workspace.dataDir), 'nothing imported while the columns wait').toBe(0)

    const form = view.getByRole('form', { name: "Match your file's columns to the contact fields." })
    const preview = form.getByRole('region', { name: 'Preview' })
    await form.getByLabel('Email', { exact: true }).selectOption('Courriel')
    await form.getByLabel('First name', { exact: true }).selectOption('Prénom')
    // Two fields chosen: the form says what is missing and offers no Import yet.
    await expect(form.getByRole('status')).toBeVisible()
    await expect(form.getByRole('button', { name: 'Import', exact: true })).toBeDisabled()
    await form.getByLabel('Last name', { exact: true }).selectOption('Nom de famille')
    await expect(preview.getByRole('cell', { name: 'user0@example.com', exact: true })).toBeVisible()
    await shots.take(app.page, 'mapping', { publishAs: 'needs-mapping' })
    // From the last field to Import by keyboard: past "Full name", "Read as" and "Choose another file…".
    await form.getByLabel('Last name', { exact: true }).focus()
    for (let k = 0; k < 3; k++) await app.page.keyboard.press('Tab')
    await expect(form.getByRole('button', { name: 'Choose another file…', exact: true })).toBeFocused()
    await app.page.keyboard.press('Tab')
    await expect(form.getByRole('button', { name: 'Import', exact: true })).toBeFocused()
    await app.page.keyboard.press('Enter')

    await expect(badge(view, 'Importing')).toBeVisible({ timeout: LONG })
    await expect(view.getByText(/^Courriel → email · Prénom → first_name · Nom de famille → last_name · Read as UTF-8$/)).toBeVisible()
    await waitForImported(view, 20_000)
    await app.quit()

    const atQuit = onlyImport(workspace.dataDir)
    expect(atQuit.status).toBe('processing')
    expect(atQuit.processedCount).toBeGreaterThanOrEqual(20_000)
    expect(atQuit.processedCount + atQuit.errorCount).toBeLessThan(PACED_ROWS)
    const readingAtQuit = readingOf(workspace.dataDir, atQuit.id)
    expect(readingAtQuit).toEqual({
      mapping: { email: 'Courriel', first_name: 'Prénom', last_name: 'Nom de famille' },
      encoding: 'utf-8',
      headerLine: 1,
    })

    app = await launch(driver, { dataDir: workspace.dataDir, env: PACED })
    view = detailView(app.page, fileName)
    await expect(view.getByText(/Resumed at row [\d,]+/)).toBeVisible({ timeout: LONG })
    await expect(badge(view, 'Done')).toBeVisible({ timeout: LONG })
    expectContinuedFrom(traceOf(await readTrace(app.page), fileName), atQuit.processedCount)
    await expect(view.getByText(/^Courriel → email · Prénom → first_name · Nom de famille → last_name · Read as UTF-8$/)).toBeVisible()
    expect(readingOf(workspace.dataDir, atQuit.id), 'the resume read the file as the person mapped it').toEqual(readingAtQuit)

    await expectScreenEqualsDatabase(app.page, fileName, onlyImport(workspace.dataDir))
    await expectSameAsUninterrupted(workspace.dataDir, standard)
    await app.quit()
  })

  test('6. row errors with formula-looking cells: Export errors saves them as CSV with the formulas neutralized', async ({
    workspace,
    driver,
    shots,
  }) => {
    const fileName = 'formulas.csv'
    const path = formulaFile(workspace.file(fileName))
    const savedTo = workspace.file('exported-errors.csv')
    const app = await launch(driver, { dataDir: workspace.dataDir })
    await drop(app, path)
    const view = detailView(app.page, fileName)
    await expect(badge(view, 'Done')).toBeVisible({ timeout: LONG })

    const record = onlyImport(workspace.dataDir)
    const errors = errorRecords(workspace.dataDir, record.id)
    expect(errors.map((e) => e.email)).toEqual(expect.arrayContaining([...FORMULA_EMAILS.slice(0, 4)]))
    expect(record.errorCount).toBe(errors.length)
    await expectScreenEqualsDatabase(app.page, fileName, record)

    // The detail view lists the rows; a formula is shown as the text it is.
    const table = view.getByRole('grid', { name: `Errors in ${fileName}` })
    await expect(view.getByRole('heading', { name: `Errors (${errors.length})` })).toBeVisible()
    await expect(table.getByRole('gridcell', { name: FORMULA_EMAILS[0], exact: true })).toBeVisible()
    await expect(table.getByRole('gridcell', { name: '@x', exact: true })).toBeVisible()
    await shots.take(app.page, 'row-errors', { publishAs: 'row-errors' })

    await app.answerSaveDialog(savedTo)
    await view.getByRole('button', { name: 'Export errors…' }).click()
    await expect(app.page.getByText(`Saved ${errors.length} error rows to ${savedTo}`)).toBeVisible()
    expect(await app.savePrompts()).toEqual(['formulas-errors.csv'])
    await shots.take(app.page, 'exported', { publishAs: 'export-errors' })

    const text = readFileSync(savedTo, 'utf8')
    const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true })
    expect(parsed.errors).toEqual([])
    const [header, ...rows] = parsed.data
    expect(header).toEqual(['row', 'line', 'code', 'email', 'message'])
    // Every rejected row, in order, each cell a spreadsheet would run prefixed with '.
    const neutralized = (cell: string) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell)
    expect(rows).toEqual(errors.map((e) => [String(e.rowNumber), String(e.lineNumber), e.code, neutralized(e.email), neutralized(e.message)]))
    for (const row of rows) for (const cell of row) expect(cell, `a cell that would run as a formula: ${JSON.stringify(row)}`).not.toMatch(/^[=+\-@\t\r]/)
    for (const email of FORMULA_EMAILS.slice(0, 4)) expect(rows.some((row) => row[3] === `'${email}`), `'${email} in the export`).toBe(true)
    await app.quit()
  })
}
