// The renderer ↔ main contract: the only surface the page sees (window.importer), its DTOs and
// the IPC channel names. Type-only for the renderer; main and the preload import the values.

import type { DetectedFormat, FailureReason, RowErrorCode } from '../main/domain/failures.ts'
import type { ImportStatus } from '../main/domain/import-status.ts'
import type { ImportPreview } from '../main/domain/preview.ts'

// Domain types live in main/domain (the worker and the database use them too); the window sees them here.
export type { DetectedFormat, FailureReason, ImportPreview, ImportStatus, RowErrorCode }

/** How an import reads its file (CSV-RULES "Column mapping" and "Encoding"). */
export interface ImportReading {
  /** WHATWG name of the encoding ("windows-1252"). */
  encoding: string
  delimiter: string
  /** 1-based line of the header record. */
  headerLine: number
  /** Non-blank records of notes before the header. */
  skippedRecords: number
  /** Header text per field ("email" → "Email Address"); a split full name gives both names the same column. */
  mapping: Partial<Record<'email' | 'first_name' | 'last_name', string>>
}

export interface ImportSummary {
  id: number
  fileName: string
  filePath: string
  /** Bytes, as stat'ed when the import was created. */
  fileSize: number
  status: ImportStatus
  /** Non-blank data records; exact once the file has been read through, otherwise null. */
  totalRows: number | null
  /** Rows imported so far (created + updated). Committed values only. */
  processedCount: number
  createdCount: number
  updatedCount: number
  /** Rows rejected so far. */
  errorCount: number
  /** Data records read and checked so far (valid + rejected). */
  rowsRead: number
  /** Bytes of the file read and committed so far (progress while checking the file). */
  bytesRead: number
  failureReason: FailureReason | null
  /** A sentence a person understands, with what to do next. */
  failureMessage: string | null
  /** Header names found in the file, for the failure view ("Your file has: …"); null unless the headers are what failed. */
  fileHeaders: string[] | null
  /** What a file rejected as `not_csv` was recognized as (an Excel workbook, a vCard…); null otherwise. */
  detectedFormat: DetectedFormat | null
  /** How the file is (or, while it needs columns, would be) read; null before its head was read. */
  reading: ImportReading | null
  /** Epoch milliseconds. */
  createdAt: number
  startedAt: number | null
  finishedAt: number | null
  /** Set when this session continued the import from a saved checkpoint: the row it resumed at. */
  resumedAtRow: number | null
  /** Throughput over the last few seconds of committed progress; null when not running. */
  rowsPerSecond: number | null
  /** Estimated seconds left; null when unknown. */
  secondsLeft: number | null
  /**
   * The worker running this import has not answered for a few seconds ("Not responding"); if it
   * stays silent it is restarted and the import continues from its last commit.
   */
  unresponsive: boolean
  /** Id of the import this one waits for while pending, if any. */
  waitingFor: number | null
  /** A failed import that can continue from its last checkpoint (the file is back or unchanged). */
  canRetry: boolean
}

export interface ImportErrorRow {
  /** 1-based data record. */
  rowNumber: number
  /** 1-based physical line where the record starts. */
  lineNumber: number
  code: RowErrorCode
  email: string
  message: string
}

export interface ErrorPage {
  importId: number
  /** All error rows of the import (committed). */
  total: number
  offset: number
  rows: ImportErrorRow[]
}

/** One point of an import's throughput history (the chart). */
export interface ThroughputPoint {
  /** Epoch ms. */
  at: number
  /** Rows checked (while checking) or imported (while importing) per second; null: a gap (paused, closed). */
  rowsPerSecond: number | null
}

export type StartResult =
  | { ok: true; import: ImportSummary }
  | { ok: false; fileName: string; message: string }

export type ExportResult =
  | { ok: true; path: string; rows: number }
  | { ok: false; cancelled: true }
  | { ok: false; cancelled: false; message: string }

/**
 * What main answers the window: method name → (its arguments, as sent) => its result. The one
 * source of the invoke channels, the preload's methods (ImporterApi) and main's handlers
 * (main/ipc.ts IpcHandlers): a handler whose result drifts from this map does not compile.
 */
export interface MainHandlers {
  /** Every import ever made, newest first. */
  list(): ImportSummary[]
  get(id: number): ImportSummary | null
  /** Start importing a file by its absolute path (the preload resolves a dropped File to it). */
  startFile(path: string): StartResult
  /** Open the system file dialog in main; null when the person cancels it. */
  chooseFile(): StartResult[] | null
  pause(id: number): void
  resume(id: number): void
  cancel(id: number): void
  retry(id: number): void
  errors(id: number, offset: number, limit: number): ErrorPage
  /** The import's throughput so far, from the database: it survives quitting and relaunching. */
  throughput(id: number): ThroughputPoint[]
  /** Ask main for a destination (save dialog) and write the errors CSV there. */
  exportErrors(id: number): ExportResult
  /** The head of an import's file read with these choices: its columns and the first rows as they would be imported. */
  preview(id: number, choice: ReadingSelection): ImportPreview
  /** Start a needs_mapping import with these columns and encoding. */
  confirmMapping(id: number, choice: ReadingSelection): void
  /** "Import again with other columns or encoding…": a new import of the same file with these choices. */
  importAgain(id: number, choice: ReadingSelection): StartResult
  /** Forget a finished, paused or needs_mapping import: its record, error rows and throughput history; never contacts. Refused while it runs or waits its turn. */
  remove(id: number): void
  /** Remove every completed, failed and cancelled import; returns the ids removed. */
  clearFinished(): number[]
  /** Show a file this window exported in the system's file manager; paths main did not write are refused. */
  showInFolder(path: string): void
}

/** Fields a person can give a column: the required ones, and a full name split into first and last name. */
export type MappableField = 'email' | 'first_name' | 'last_name' | 'name'

/** The columns and encoding a person chose in the mapping form. */
export interface ReadingSelection {
  /** Field → the column's header as written in the file. */
  mapping: Partial<Record<MappableField, string>>
  /** A WHATWG encoding label ("windows-1252"), or null for the detected one. */
  encoding: string | null
}

/** What main sends the window unasked: event name → payload. */
export interface MainEvents {
  /** State changes, coalesced to at most ~10 per second per import. */
  update: ImportSummary
  /** The app menu's File › Open… (Ctrl/Cmd+O) was chosen: the window runs its "Choose file…". */
  openFileRequested: null
}

/**
 * The runtime list of MainHandlers' methods with their argument counts; its type makes it list
 * every method, and each count match its signature.
 */
export const MAIN_METHODS: { readonly [M in keyof MainHandlers]: Parameters<MainHandlers[M]>['length'] } = {
  list: 0,
  get: 1,
  startFile: 1,
  chooseFile: 0,
  pause: 1,
  resume: 1,
  cancel: 1,
  retry: 1,
  errors: 3,
  throughput: 1,
  exportErrors: 1,
  preview: 2,
  confirmMapping: 2,
  importAgain: 2,
  remove: 1,
  clearFinished: 0,
  showInFolder: 1,
}

/** Every channel shares one prefix so main can refuse anything else. */
export const CHANNEL_PREFIX = 'importer:'

export type Channel<Name extends string> = `${typeof CHANNEL_PREFIX}${Name}`

/** The IPC channel of a method or an event. */
export function channelOf<Name extends keyof MainHandlers | keyof MainEvents>(name: Name): Channel<Name> {
  return `${CHANNEL_PREFIX}${name}`
}

/** A method of MainHandlers as the page calls it: the same arguments, the result as a promise. */
type Invoked<Method> = Method extends (...args: infer Args) => infer Result ? (...args: Args) => Promise<Result> : never

/** The invokes window.importer forwards to main unchanged: every method but startFile. */
export type ForwardedMethods = Omit<MainHandlers, 'startFile'>

/** window.importer: the only thing the page sees. */
export type ImporterApi = { [M in keyof ForwardedMethods]: Invoked<ForwardedMethods[M]> } & {
  /** Start importing a file dropped on the page; the preload resolves its path (startFile). */
  startDroppedFile(file: File): Promise<StartResult>
  /** State changes (MainEvents.update). Returns an unsubscribe. */
  onUpdate(listener: (update: MainEvents['update']) => void): () => void
  /** File › Open… in the app menu. Returns an unsubscribe. */
  onOpenFileRequested(listener: () => void): () => void
}
