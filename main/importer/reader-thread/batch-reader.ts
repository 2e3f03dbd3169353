// Reads a file from a record boundary, one chunk per call, and packs each chunk's outcomes as a
// ParsedBatch: the reader thread's loop, and the job's own first chunk of every execution.
import type { FileHandle } from 'node:fs/promises'
import { createRecordReader } from '../csv/reader.ts'
import type { RecordReader } from '../csv/reader.ts'
import type { RecordOutcome } from '../csv/types.ts'
import type { ParsedBatch, ReaderStart, RejectedRow } from './protocol.ts'

export class BatchReader {
  readonly #handle: FileHandle
  readonly #reader: RecordReader
  readonly #buffer: Buffer
  readonly #timed: boolean
  #fileOffset: number

  constructor(handle: FileHandle, { layout, start, chunkBytes, timed }: Omit<ReaderStart, 'filePath'>) {
    this.#handle = handle
    this.#reader = createRecordReader(layout, start)
    this.#buffer = Buffer.allocUnsafe(chunkBytes)
    this.#timed = timed
    this.#fileOffset = start.offset
  }

  /** Reads and parses the next chunk; the batch that finds the end of the file has `atEnd`. */
  async next(): Promise<ParsedBatch> {
    const t0 = this.#now()
    const { bytesRead } = await this.#handle.read(this.#buffer, 0, this.#buffer.length, this.#fileOffset)
    const t1 = this.#now()
    const atEnd = bytesRead === 0
    this.#fileOffset += bytesRead
    const outcomes = atEnd ? this.#reader.end() : this.#reader.push(this.#buffer.subarray(0, bytesRead))
    const batch = packBatch(outcomes)
    return { ...batch, position: this.#reader.position, fileOffset: this.#fileOffset, atEnd, readNs: Number(t1 - t0), parseNs: Number(this.#now() - t1) }
  }

  #now(): bigint {
    return this.#timed ? process.hrtime.bigint() : 0n
  }
}

function packBatch(outcomes: RecordOutcome[]): Pick<ParsedBatch, 'kind' | 'contactRows' | 'text' | 'fieldEnds' | 'rejected'> {
  const contacts: Extract<RecordOutcome, { kind: 'contact' }>[] = []
  const rejected: RejectedRow[] = []
  for (const outcome of outcomes) {
    if (outcome.kind === 'contact') contacts.push(outcome)
    else {
      const { row, line, code, email, message } = outcome
      rejected.push({ row, line, code, email, message })
    }
  }
  // In email order (a stable sort: rows of one email stay in file order), so the job appends the
  // batch to its staging run at the right edge of the tree. UTF-16 order here and SQLite's UTF-8
  // order differ only past U+FFFF, where a row then lands a little left of the edge: still correct.
  contacts.sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0))
  const contactRows = new Float64Array(contacts.length)
  const fieldEnds = new Uint32Array(contacts.length * 3)
  const fields: string[] = []
  let textEnd = 0
  for (let i = 0; i < contacts.length; i++) {
    const outcome = contacts[i]
    contactRows[i] = outcome.row
    fields.push(outcome.email, outcome.firstName, outcome.lastName)
    fieldEnds[3 * i] = textEnd += outcome.email.length
    fieldEnds[3 * i + 1] = textEnd += outcome.firstName.length
    fieldEnds[3 * i + 2] = textEnd += outcome.lastName.length
  }
  return { kind: 'batch', contactRows, text: fields.join(''), fieldEnds, rejected }
}
