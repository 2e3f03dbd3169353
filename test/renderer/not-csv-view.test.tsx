// The view of a file that is not CSV at all (not_csv): it names the format main recognized, says how
// to get a CSV file out of it, that nothing was imported, and offers "Choose another file…".
import { screen, within } from '@testing-library/react'
import { describe, expect, test } from 'vitest'
import type { DetectedFormat } from '../../preload/api.ts'
import { summary } from './fake-importer.ts'
import { buttonNames, click, detail, listRow, renderApp } from './render-app.tsx'

interface Case {
  format: DetectedFormat
  /** The heading of the view: the format named. */
  title: string
  /** The list's line. */
  short: string
  stepsTitle: string
  /** A step only this format's way out has. */
  step: RegExp
}

const CASES: Case[] = [
  { format: 'xlsx', title: 'This file is an Excel workbook (.xlsx), not a CSV file', short: 'Excel workbook (.xlsx), not CSV', stepsTitle: 'How to save it as CSV', step: /File › Save As.*“CSV UTF-8/s },
  { format: 'xls', title: 'This file is a legacy Excel workbook (.xls), not a CSV file', short: 'Legacy Excel workbook (.xls), not CSV', stepsTitle: 'How to save it as CSV', step: /Open the file in Excel.*“CSV UTF-8/s },
  { format: 'ods', title: 'This file is an OpenDocument spreadsheet (.ods), not a CSV file', short: 'OpenDocument spreadsheet (.ods), not CSV', stepsTitle: 'How to save it as CSV', step: /LibreOffice Calc.*File › Save As.*“Text CSV \(\.csv\)”/s },
  { format: 'numbers', title: 'This file is an Apple Numbers spreadsheet, not a CSV file', short: 'Apple Numbers spreadsheet, not CSV', stepsTitle: 'How to save it as CSV', step: /Numbers.*File › Export To › CSV/s },
  { format: 'zip', title: 'This file is a ZIP archive, not a CSV file', short: 'ZIP archive, not CSV', stepsTitle: 'How to save it as CSV', step: /unpack it/ },
  { format: 'vcard', title: 'This file is a contacts card file (vCard, .vcf), not a CSV file', short: 'Contacts card file (vCard, .vcf), not CSV', stepsTitle: 'How to save it as CSV', step: /app that made this card file.*Export the contacts as CSV/s },
  { format: 'pdf', title: 'This file is a PDF document, not a CSV file', short: 'PDF document, not CSV', stepsTitle: 'What to do', step: /Export the contacts as a CSV file/ },
  { format: 'png', title: 'This file is a PNG image, not a CSV file', short: 'PNG image, not CSV', stepsTitle: 'What to do', step: /Export the contacts as a CSV file/ },
  { format: 'jpeg', title: 'This file is a JPEG image, not a CSV file', short: 'JPEG image, not CSV', stepsTitle: 'What to do', step: /Export the contacts as a CSV file/ },
  { format: 'gif', title: 'This file is a GIF image, not a CSV file', short: 'GIF image, not CSV', stepsTitle: 'What to do', step: /Export the contacts as a CSV file/ },
]

/** What main sends for a not_csv file: its own one-line message too (the CLI's), which the view does not need. */
function rejected(format: DetectedFormat | null) {
  return summary({
    fileName: 'contacts.csv',
    status: 'failed',
    failureReason: 'not_csv',
    failureMessage: 'This file is not a CSV file. Save it as CSV.',
    detectedFormat: format,
    startedAt: Date.now(),
    finishedAt: Date.now(),
  })
}

describe('not_csv view', () => {
  test.each(CASES)('$format: names the format, says how to get a CSV file, nothing imported, Choose another file…', async (c) => {
    const api = await renderApp([rejected(c.format)])
    const view = detail('contacts.csv')
    const failure = within(view).getByRole('region', { name: c.title })
    expect(within(failure).getByRole('heading', { level: 3, name: c.title })).toBeTruthy()
    const steps = within(failure).getByRole('list', { name: c.stepsTitle })
    expect(within(failure).getByRole('heading', { level: 4, name: c.stepsTitle })).toBeTruthy()
    expect(steps.textContent).toMatch(c.step)
    expect(within(steps).getAllByRole('listitem').length).toBeGreaterThanOrEqual(2)
    expect(failure.textContent).toContain('Nothing was imported; your contacts are unchanged.')
    // Not the generic failure view: no "Import again" of the same file, no error table.
    expect(view.querySelector('.failure-detail')).toBeNull()
    expect(buttonNames(view)).toEqual(['Remove', 'Choose another file…'])
    expect(within(view).queryByRole('grid')).toBeNull()
    expect(listRow('contacts.csv').querySelector('.row-line')?.textContent).toBe(c.short)

    await click(within(failure).getByRole('button', { name: 'Choose another file…' }))
    expect(api.chooseFile).toHaveBeenCalledTimes(1)
  })

  test('formats that hold no table say they cannot be imported, and why', async () => {
    await renderApp([rejected('pdf')])
    expect(detail('contacts.csv').textContent).toContain('A PDF cannot be imported: its contacts are laid out on pages')
  })

  test('without a recognized format (an import from before formats were saved): main’s message and the general way out', async () => {
    await renderApp([rejected(null)])
    const failure = within(detail('contacts.csv')).getByRole('region', { name: 'This file is not a CSV file' })
    expect(failure.textContent).toContain('This file is not a CSV file. Save it as CSV.')
    expect(within(failure).getByRole('list', { name: 'How to save it as CSV' }).textContent).toContain('“CSV UTF-8”')
    expect(failure.textContent).toContain('Nothing was imported; your contacts are unchanged.')
    expect(screen.getAllByRole('button', { name: 'Choose another file…' })).toHaveLength(1)
  })
})
