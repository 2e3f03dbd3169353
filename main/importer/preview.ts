// The mapping form's view of a file: its columns with sample values, and the first rows as they
// would be imported with a given mapping and encoding. Runs in the host; reads only the head.
import { open } from 'node:fs/promises'
import { FileRejection, createRecordReader, encodingTitle, inspectFile, layoutOf, sampleRecords } from './csv/index.ts'
import type { ReadOptions, RecordOutcome } from './csv/index.ts'
import type { ImportPreview } from '../domain/preview.ts'

export type { ImportPreview }

const PREVIEW_ROWS = 5
const SAMPLE_BYTES = 256 * 1024
const SAMPLES_PER_COLUMN = 3

export async function previewFile(filePath: string, options: ReadOptions): Promise<ImportPreview> {
  const info = await inspectFile(filePath, options)
  const records = await sampleRecords(filePath, info, PREVIEW_ROWS * 2)
  const samples = info.headers.map((_, column) =>
    records.map((fields) => (fields[column] ?? '').trim()).filter((value) => value !== '').slice(0, SAMPLES_PER_COLUMN),
  )
  const base = {
    encoding: info.encoding.name,
    encodingTitle: encodingTitle(info.encoding.name),
    headerLine: info.headerLine,
    skippedRecords: info.skippedRecords,
    columns: info.headers,
    samples,
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
