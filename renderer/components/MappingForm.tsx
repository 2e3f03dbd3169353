// Runs in the renderer: the columns-and-encoding form of an import (UI.md "Columns and encoding"),
// with a live preview of the first rows as they would be imported, and the "how it was read" line.
import { useEffect, useId, useState } from 'react'
import type { FormEvent } from 'react'
import type { ImportPreview, ImportReading, ImportSummary, MappableField, ReadingSelection } from '../../preload/api.ts'
import { importer } from '../importer.ts'
import { ActionButtons } from './ActionButtons.tsx'

const FIELDS: { field: MappableField; label: string }[] = [
  { field: 'email', label: 'Email' },
  { field: 'first_name', label: 'First name' },
  { field: 'last_name', label: 'Last name' },
  { field: 'name', label: 'Full name (split)' },
]

/** Common WHATWG labels "Read as…" offers; '' keeps the detected one. */
const ENCODINGS: [label: string, title: string][] = [
  ['utf-8', 'UTF-8'], ['windows-1252', 'Windows-1252 (Western)'], ['iso-8859-2', 'ISO-8859-2 (Central European)'],
  ['windows-1250', 'Windows-1250 (Central European)'], ['windows-1251', 'Windows-1251 (Cyrillic)'],
  ['windows-1253', 'Windows-1253 (Greek)'], ['windows-1254', 'Windows-1254 (Turkish)'], ['shift_jis', 'Shift_JIS (Japanese)'],
  ['euc-jp', 'EUC-JP (Japanese)'], ['gb18030', 'GB18030 (Chinese)'], ['big5', 'Big5 (Chinese)'], ['euc-kr', 'EUC-KR (Korean)'],
  ['utf-16le', 'UTF-16LE'], ['utf-16be', 'UTF-16BE'],
]

/** "Email Address → email · Read as Windows-1252 · Header on line 4; 3 lines of notes skipped". */
export function readingLine(reading: ImportReading, encodingTitle: string): string {
  const columns = new Map<string, string[]>()
  for (const [field, header] of Object.entries(reading.mapping)) columns.set(header, [...(columns.get(header) ?? []), field])
  const parts = [...columns].map(([header, fields]) => `${header} → ${fields.join(', ')}`)
  parts.push(`Read as ${encodingTitle}`)
  if (reading.headerLine > 1) {
    const notes = reading.skippedRecords > 0 ? `; ${reading.headerLine - 1} lines of notes skipped` : ''
    parts.push(`Header on line ${reading.headerLine}${notes}`)
  }
  return parts.join(' · ')
}

/** The form's choice for a guessed mapping: a column giving both names is a full name to split. */
function choiceOf(mapping: ImportPreview['mapping']): ReadingSelection['mapping'] {
  const { email, first_name, last_name } = mapping
  if (first_name !== undefined && first_name === last_name) return { email, name: first_name }
  return { ...mapping }
}

/** How a file was read, in one quiet line under the title. */
export function ReadingLine({ reading }: { reading: ImportReading }) {
  const title = ENCODINGS.find(([label]) => label === reading.encoding)?.[1].replace(/ \(.*\)$/, '') ?? reading.encoding.toUpperCase()
  return <p className="detail-reading">{readingLine(reading, title)}</p>
}

/**
 * One select per field listing the file's columns with sample values, pre-filled with the guesses,
 * and "Read as…". `confirm` starts a needs_mapping import; `again` starts a new import of the file.
 */
export function MappingForm({ summary, mode }: { summary: ImportSummary; mode: 'confirm' | 'again' }) {
  const formId = useId()
  const [selection, setSelection] = useState<ReadingSelection>({ mapping: {}, encoding: null })
  const [preview, setPreview] = useState<ImportPreview | null>(null)
  const [guessed, setGuessed] = useState(false)
  const [message, setMessage] = useState<string | null>(null)

  useEffect(() => {
    let current = true
    importer()
      .preview(summary.id, selection)
      .then((answer) => {
        if (!current) return
        setPreview(answer)
        if (!guessed) {
          // The guesses become the form's starting choices, once.
          setGuessed(true)
          setSelection((s) => ({ ...s, mapping: { ...choiceOf(answer.mapping), ...s.mapping } }))
        }
      })
      .catch((error: unknown) => current && setMessage(error instanceof Error ? error.message : String(error)))
    return () => {
      current = false
    }
  }, [summary.id, selection, guessed])

  const choose = (field: MappableField, column: string) =>
    setSelection((s) => {
      const mapping = { ...s.mapping }
      if (column === '') delete mapping[field]
      else mapping[field] = column
      return { ...s, mapping }
    })

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setMessage(null)
    try {
      if (mode === 'confirm') await importer().confirmMapping(summary.id, selection)
      else {
        const started = await importer().importAgain(summary.id, selection)
        if (!started.ok) setMessage(started.message)
      }
    } catch (error) {
      setMessage(error instanceof Error ? error.message : String(error))
    }
  }

  const columns = preview?.columns ?? []
  const samples = preview?.samples ?? []
  return (
    <form className="mapping-form" aria-labelledby={`${formId}-title`} onSubmit={(event) => void submit(event)}>
      <p id={`${formId}-title`} className="mapping-intro">
        {mode === 'confirm' ? "Match your file's columns to the contact fields." : 'Import this file again with other columns or encoding.'}
      </p>
      <div className="mapping-fields">
        {FIELDS.map(({ field, label }) => (
          <div className="mapping-row" key={field}>
            <label htmlFor={`${formId}-${field}`}>{label}</label>
            <select id={`${formId}-${field}`} value={selection.mapping[field] ?? ''} onChange={(e) => choose(field, e.target.value)}>
              <option value="">{field === 'name' ? '(none)' : '(choose a column)'}</option>
              {columns.map((column, k) => (
                <option key={`${k}-${column}`} value={column}>
                  {samples[k]?.length ? `${column} — ${samples[k].join(', ')}` : column}
                </option>
              ))}
            </select>
          </div>
        ))}
        <div className="mapping-row">
          <label htmlFor={`${formId}-encoding`}>Read as</label>
          <select
            id={`${formId}-encoding`}
            value={selection.encoding ?? ''}
            onChange={(e) => setSelection((s) => ({ ...s, encoding: e.target.value === '' ? null : e.target.value }))}
          >
            <option value="">{preview ? `${preview.encodingTitle} (detected)` : 'Detected'}</option>
            {ENCODINGS.map(([label, title]) => (
              <option key={label} value={label}>
                {title}
              </option>
            ))}
          </select>
        </div>
      </div>
      <section aria-label="Preview">
        <h3 className="section-title">Preview (first rows as they will be imported)</h3>
        {preview?.problem ? (
          <p className="mapping-problem" role="status">
            {preview.problem}
          </p>
        ) : (
          <table className="mapping-preview">
            <thead>
              <tr>
                <th scope="col">email</th>
                <th scope="col">first_name</th>
                <th scope="col">last_name</th>
              </tr>
            </thead>
            <tbody>
              {(preview?.rows ?? []).map((row) =>
                row.error === null ? (
                  <tr key={row.row}>
                    <td>{row.email}</td>
                    <td>{row.firstName}</td>
                    <td>{row.lastName}</td>
                  </tr>
                ) : (
                  <tr key={row.row} data-error>
                    <td colSpan={3}>{row.error}</td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        )}
      </section>
      {message && (
        <p className="mapping-problem" role="alert">
          {message}
        </p>
      )}
      <div className="mapping-actions">
        {/* The way out when this is the wrong file (UI.md): beside Import, never in its place. */}
        {mode === 'confirm' && <ActionButtons summary={summary} variant="text" only={['chooseAnother']} />}
        <button type="submit" className="button primary" disabled={preview === null || preview.problem !== null}>
          Import
        </button>
      </div>
    </form>
  )
}
