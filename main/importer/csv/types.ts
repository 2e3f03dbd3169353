// Shapes shared by the CSV reader and the import job that drives it.

import type { RowErrorCode } from '../../domain/failures.ts'

export type { RowErrorCode }

export interface CsvLayout {
  /** WHATWG name of the encoding the file is read in; absent means UTF-8. */
  encoding?: string
  delimiter: ',' | ';' | '\t'
  /** Header names as written, trimmed (not normalized). */
  headers: string[]
  /**
   * Number of fields in the header record; a data record needs at least this many, and any
   * beyond must be empty after trimming.
   */
  fieldCount: number
  emailIndex: number
  /** -1 when the names come from a split full-name column. */
  firstNameIndex: number
  lastNameIndex: number
  /** A full-name column split into first and last name (CSV-RULES mapping rule 4); absent or -1 when none. */
  splitNameIndex?: number
}

/** A resumable position: always at a record boundary (after a complete terminator). */
export interface ScanPosition {
  /** Byte offset in the file (BOM included) of the next record. */
  offset: number
  /** Non-blank data records consumed so far (blank records are skipped and never numbered). */
  row: number
  /** 1-based physical line where the next record starts. */
  line: number
}

export type RecordOutcome =
  | {
      kind: 'contact'
      /** 1-based number among non-blank data records. */
      row: number
      /** 1-based physical line where the record starts. */
      line: number
      /** Trimmed and lower-cased. */
      email: string
      firstName: string
      lastName: string
    }
  | {
      kind: 'error'
      row: number
      line: number
      code: RowErrorCode
      /** The email field trimmed, as written (case kept); '' when the record has no such field. */
      email: string
      message: string
    }
