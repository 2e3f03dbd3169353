// The columns-and-encoding form of a needs_mapping import, the "how it was read" line, and
// "Import again with other columns or encoding…", against a fake window.importer.
import { act, fireEvent, screen, within } from '@testing-library/react'
import { describe, expect, test, vi } from 'vitest'
import type { ImportPreview, ReadingSelection } from '../../preload/api.ts'
import { summary } from './fake-importer.ts'
import { detail, push, renderApp, settle } from './render-app.tsx'

function previewFor(selection: ReadingSelection): ImportPreview {
  const chosen = selection.mapping.first_name === 'Vorname' && selection.mapping.last_name === 'Nachname'
  return {
    encoding: selection.encoding ?? 'windows-1252',
    encodingTitle: selection.encoding === 'utf-8' ? 'UTF-8' : 'Windows-1252',
    headerLine: 1,
    skippedRecords: 0,
    columns: ['E-Mail', 'Vorname', 'Nachname'],
    samples: [['juergen@example.de'], ['Jürgen'], ['Groß']],
    mapping: { email: 'E-Mail' },
    problem: chosen ? null : 'Missing headers: first_name, last_name.',
    rows: chosen ? [{ row: 1, line: 2, email: 'juergen@example.de', firstName: 'Jürgen', lastName: 'Groß', error: null }] : [],
  }
}

describe('mapping form', () => {
  test('needs_mapping: one select per field with samples, pre-filled guesses, a live preview, Import confirms', async () => {
    const waiting = summary({ id: 7, fileName: 'excel-de.csv', status: 'needs_mapping', fileHeaders: ['E-Mail', 'Vorname', 'Nachname'] })
    const api = await renderApp([])
    vi.mocked(api.preview).mockImplementation((_id: number, selection: ReadingSelection) => Promise.resolve(previewFor(selection)))
    push(api, waiting)
    fireEvent.click(screen.getByRole('button', { name: /excel-de\.csv/ }))
    await act(async () => {})
    const view = detail('excel-de.csv')
    const email = within(view).getByLabelText<HTMLSelectElement>('Email')
    await vi.waitFor(() => expect(email.value).toBe('E-Mail'))
    expect(within(within(view).getByLabelText('First name')).getByRole('option', { name: 'Vorname — Jürgen' })).toBeTruthy()
    expect(within(view).getByRole('button', { name: 'Import' })).toHaveProperty('disabled', true)
    // No row has run: no progress, chart or error rows beside the form.
    expect(within(view).queryByRole('progressbar')).toBeNull()
    expect(within(view).queryByRole('heading', { name: /^(Throughput|Errors)/ })).toBeNull()

    fireEvent.change(within(view).getByLabelText('First name'), { target: { value: 'Vorname' } })
    fireEvent.change(within(view).getByLabelText('Last name'), { target: { value: 'Nachname' } })
    await vi.waitFor(() => expect(within(view).getByRole('cell', { name: 'Groß' })).toBeTruthy())
    fireEvent.change(within(view).getByLabelText('Read as'), { target: { value: 'utf-8' } })
    await vi.waitFor(() => expect(within(view).getByRole('button', { name: 'Import' })).toHaveProperty('disabled', false))
    expect(api.preview).toHaveBeenLastCalledWith(7, { mapping: { email: 'E-Mail', first_name: 'Vorname', last_name: 'Nachname' }, encoding: 'utf-8' })

    fireEvent.submit(within(view).getByRole('button', { name: 'Import' }).closest('form')!)
    await act(async () => {})
    expect(api.confirmMapping).toHaveBeenCalledWith(7, { mapping: { email: 'E-Mail', first_name: 'Vorname', last_name: 'Nachname' }, encoding: 'utf-8' })

    // The wrong file: "Choose another file…" sits beside Import and opens the file dialog.
    fireEvent.click(within(view).getByRole('button', { name: 'Choose another file…' }))
    await act(async () => {})
    expect(api.chooseFile).toHaveBeenCalledTimes(1)
  })

  test('a finished import says how it was read and offers to import again', async () => {
    const done = summary({
      id: 8, fileName: 'linkedin.csv', status: 'completed', totalRows: 1, processedCount: 1, createdCount: 1,
      reading: { encoding: 'windows-1252', delimiter: ',', headerLine: 4, skippedRecords: 2, mapping: { email: 'Email Address', first_name: 'First Name', last_name: 'Last Name' } },
    })
    const api = await renderApp([done])
    fireEvent.click(screen.getByRole('button', { name: /linkedin\.csv/ }))
    await act(async () => {})
    const view = detail('linkedin.csv')
    expect(view.querySelector('.detail-reading')?.textContent).toBe(
      'Email Address → email · First Name → first_name · Last Name → last_name · Read as Windows-1252 · Header on line 4; 3 lines of notes skipped',
    )
    // The form reads the file for its preview: only once the person opens it.
    vi.mocked(api.preview).mockImplementation((_id: number, selection: ReadingSelection) => Promise.resolve(previewFor(selection)))
    const again = within(view).getByText('Import again with other columns or encoding…').closest('details')!
    await act(async () => {})
    expect(api.preview).not.toHaveBeenCalled()
    expect(within(view).queryByRole('form')).toBeNull()
    again.open = true
    act(() => {
      again.dispatchEvent(new Event('toggle'))
    })
    await settle()
    expect(within(view).getByRole('form', { name: 'Import this file again with other columns or encoding.' })).toBeTruthy()
    expect(api.preview).toHaveBeenCalledWith(8, expect.anything())
  })
})

