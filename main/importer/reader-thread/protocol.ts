// The contract between the import job and its reader thread (node:worker_threads): what the thread
// starts with, the credits the job grants, the parsed batches it hands back, and its errors, which
// cross as data and are rebuilt on the job's side as the same classes with the same fields.
import type { DetectedFormat, FileRejectionReason } from '../../domain/failures.ts'
import { FileRejection } from '../csv/rejection.ts'
import type { CsvLayout, RowErrorCode, ScanPosition } from '../csv/types.ts'
import { NotARegularFileError } from '../file-identity.ts'

/** workerData of the thread. */
export interface ReaderStart {
  filePath: string
  layout: CsvLayout
  /** Where to start reading: the saved cursor's record boundary. */
  start: ScanPosition
  /** Bytes per read; each read becomes one batch. */
  chunkBytes: number
  /** Time reads and parsing for the phase clock (benchmarks). */
  timed: boolean
}

/** Job → thread: permission to read and parse this many more chunks. */
export interface ReaderCredit {
  kind: 'credit'
  batches: number
}

/** A row error found by the reader (rare: sent as objects). */
export interface RejectedRow {
  row: number
  line: number
  code: RowErrorCode
  /** The email field as written; '' when the record has none. */
  email: string
  message: string
}

/** The outcomes of one read chunk, in the order the job stages them. */
export interface ParsedBatch {
  kind: 'batch'
  /**
   * Valid rows, in email order (rows of one email in file order): contactRows[i] is the row number
   * of contact i; its email, first and last name are text[fieldEnds[3i-1] .. fieldEnds[3i]), …
   * (one string and two typed arrays per batch: cloning them costs a fraction of one object, or
   * three strings, per row).
   */
  contactRows: Float64Array
  text: string
  fieldEnds: Uint32Array
  rejected: RejectedRow[]
  /** The reader's position after these outcomes: the cursor the job may commit with them. */
  position: ScanPosition
  /** File offset after the bytes read so far. */
  fileOffset: number
  /** The read found the end of the file; this is the last batch. */
  atEnd: boolean
  /** Time spent reading and parsing this chunk, ns (0 unless `timed`). */
  readNs: number
  parseNs: number
}

/** An error of the thread, as data. */
export type SerializedReaderError =
  | {
      type: 'file-rejection'
      reason: FileRejectionReason
      message: string
      line: number | null
      fileHeaders: string[] | null
      detectedFormat: DetectedFormat | null
    }
  | { type: 'not-a-regular-file'; message: string }
  | { type: 'error'; name: string; message: string; stack?: string; code?: string; errno?: number; syscall?: string; path?: string }

export type ReaderMessage =
  | { kind: 'opened' }
  | ParsedBatch
  /** The thread used its last credit and waits for another (at most the granted batches are ahead). */
  | { kind: 'out-of-credit' }
  /** The thread stopped: opening the file failed (`during: 'open'`), or reading or parsing it did. */
  | { kind: 'failed'; during: 'open' | 'read'; error: SerializedReaderError }

export function serializeReaderError(error: unknown): SerializedReaderError {
  if (error instanceof FileRejection) {
    const { reason, message, line, fileHeaders, detectedFormat } = error
    return { type: 'file-rejection', reason, message, line, fileHeaders, detectedFormat }
  }
  if (error instanceof NotARegularFileError) return { type: 'not-a-regular-file', message: error.message }
  if (!(error instanceof Error)) return { type: 'error', name: 'Error', message: String(error) }
  // File errors keep their errno fields: storage faults (EIO) and messages are judged by them.
  const { code, errno, syscall, path } = error as NodeJS.ErrnoException
  return { type: 'error', name: error.name, message: error.message, stack: error.stack, code, errno, syscall, path }
}

export function deserializeReaderError(error: SerializedReaderError): Error {
  switch (error.type) {
    case 'file-rejection':
      return new FileRejection(error.reason, error.message, error.line, error.fileHeaders, error.detectedFormat)
    case 'not-a-regular-file':
      return new NotARegularFileError(error.message)
    case 'error': {
      const rebuilt: NodeJS.ErrnoException = new Error(error.message)
      rebuilt.name = error.name
      if (error.stack !== undefined) rebuilt.stack = error.stack
      if (error.code !== undefined) rebuilt.code = error.code
      if (error.errno !== undefined) rebuilt.errno = error.errno
      if (error.syscall !== undefined) rebuilt.syscall = error.syscall
      if (error.path !== undefined) rebuilt.path = error.path
      return rebuilt
    }
  }
}
