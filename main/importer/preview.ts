// The mapping form's view of a file: its columns with sample values, and the first rows as they
// would be imported with a given mapping and encoding. Runs in the host; reads only the head.
import { open } from 'node:fs/promises'
import { FileRejection, createRecordReader, encodingTitle, inspectFile, layoutOf } from './csv/index.ts'
import type { FieldHeaders, ReadOptions, RecordOutcome } from './csv/index.ts'

const PREVIEW_ROWS = 5
const SAMPLE_BYTES = 256 * 1024

export interface ImportPreview {
  /** WHATWG name and its title ("Windows-1252"). */
  encoding: string
  encodingTitle: string
  headerLine: number
  skippedRecords: number
  /** The file's columns, as written. */
  columns: string[]
  /** The header text per field the mapping gives (guesses plus choices). */
  mapping: FieldHeaders
  /** Why the mapping cannot be used yet (a field without a column, a column twice), or null. */
  problem: string | null
  /** Up to 5 rows as they would be imported: a contact or the row's error. */
  rows: { row: number; line: number; email: string; firstName: string; lastName: string; error: string | null }[]
}

export async function previewFile(filePath: string, options: ReadOptions): Promise<ImportPreview> {
  const info = await inspectFile(filePath, options)
  const base = {
    encoding: info.encoding.name,
    encodingTitle: encodingTitle(info.encoding.name),
    headerLine: info.headerLine,
    skippedRecords: info.skippedRecords,
    columns: info.headers,
    mapping: info.mapping.headers,
  }
  let layout
  try {
    layout = layoutOf(info, options.choice ?? {}).layout
  } catch (error) {
    if (error instanceof FileRejection) return { ...base, problem: error.message, rows: [] }
    throw error
  }
  const reader = createRecordReader(layout, info.start)
  const outcomes: RecordOutcome[] = []
  const fh = await open(filePath, 'r')
  try {
    const chunk = Buffer.alloc(SAMPLE_BYTES)
    const { bytesRead } = await fh.read(chunk, 0, SAMPLE_BYTES, info.start.offset)
    outcomes.push(...reader.push(chunk.subarray(0, bytesRead)))
    if (bytesRead < SAMPLE_BYTES) outcomes.push(...reader.end())
  } catch (error) {
    // A problem later in the sample does not stop a preview of the rows before it.
    if (!(error instanceof FileRejection)) throw error
  } finally {
    await fh.close()
  }
  const rows = outcomes.slice(0, PREVIEW_ROWS).map((o) =>
    o.kind === 'contact'
      ? { row: o.row, line: o.line, email: o.email, firstName: o.firstName, lastName: o.lastName, error: null }
      : { row: o.row, line: o.line, email: o.email, firstName: '', lastName: '', error: o.message },
  )
  return { ...base, problem: null, rows }
}
