// File-level rejections of the CSV reader: reason codes and the sentences shown to people.
import type { DetectedFormat, FileRejectionReason } from '../../domain/failures.ts'
import type { OtherFormat } from './formats.ts'
import { formatCount } from './text.ts'

export type { FileRejectionReason }

/** The whole file is rejected; `message` is a calm sentence for a person saying where and what to do. */
export class FileRejection extends Error {
  readonly reason: FileRejectionReason
  /** 1-based physical line the problem is on; null when it has no single line (empty file). */
  readonly line: number | null
  /** Header names as written (trimmed) for header problems, otherwise null. */
  readonly fileHeaders: string[] | null
  /** What a not_csv file was recognized as, otherwise null. */
  readonly detectedFormat: DetectedFormat | null

  constructor(
    reason: FileRejectionReason,
    message: string,
    line: number | null,
    fileHeaders: string[] | null = null,
    detectedFormat: DetectedFormat | null = null,
  ) {
    super(message)
    this.name = 'FileRejection'
    this.reason = reason
    this.line = line
    this.fileHeaders = fileHeaders
    this.detectedFormat = detectedFormat
  }
}

const SAVE_AS_UTF8 = "Save it from your spreadsheet as 'CSV UTF-8' and import it again"
const OR_READ_AS = "or import it again read as its encoding ('Read as…' in the app, --encoding on the command line)."

/** What was found at the bad byte: shapes the encoding message. */
export type EncodingProblem = 'invalid_utf8' | 'nul' | 'utf16'

export function encodingRejection(problem: EncodingProblem, line: number): FileRejection {
  const where = `line ${formatCount(line)}`
  const what =
    problem === 'utf16'
      ? `This file is UTF-16 without a byte order mark (${where}).`
      : problem === 'nul'
        ? `This file contains a NUL byte (${where}), so it is not a text file in the encoding it is read as.`
        : `This file is not UTF-8 (${where}): it starts as UTF-8 but mixes in another encoding.`
  return new FileRejection('encoding', `${what} ${SAVE_AS_UTF8}, ${OR_READ_AS}`, line)
}

export function notCsvRejection(other: OtherFormat): FileRejection {
  return new FileRejection('not_csv', `This file is ${other.format}, not a CSV file. ${other.advice}`, null, null, other.kind)
}

export function emptyFileRejection(): FileRejection {
  return new FileRejection(
    'empty_file',
    'This file is empty: it has no header row. Export the contacts with a header row (email, first_name, last_name) and import the file again.',
    null,
  )
}

/** `looksLikeData`: the first line holds an email address, so the file seems to have no header. */
export function missingHeadersRejection(missing: string[], fileHeaders: string[], line: number, looksLikeData = false): FileRejection {
  if (looksLikeData) {
    return new FileRejection(
      'missing_headers',
      `Missing headers: ${missing.join(', ')}. The first line looks like data, not a header (${fileHeaders.join(', ')}): add a header row (email, first_name, last_name) above it and import the file again.`,
      line,
      fileHeaders,
    )
  }
  const has = fileHeaders.length === 0 || fileHeaders.every((h) => h === '') ? '(no names)' : fileHeaders.join(', ')
  return new FileRejection(
    'missing_headers',
    `Missing headers: ${missing.join(', ')}. Your file has: ${has}. Choose the columns for ${missing.join(', ')}, or rename them in the header row (line ${formatCount(line)}) and import the file again.`,
    line,
    fileHeaders,
  )
}

/** A column the person chose that the header does not have. */
export function unknownColumnRejection(field: string, column: string, fileHeaders: string[], line: number): FileRejection {
  return new FileRejection(
    'missing_headers',
    `The column "${column}" chosen for ${field} is not in the header row (line ${formatCount(line)}). Your file has: ${fileHeaders.join(', ')}.`,
    line,
    fileHeaders,
  )
}

export function duplicateHeaderRejection(duplicates: string[], fileHeaders: string[], line: number): FileRejection {
  const names = duplicates.join(' and ')
  return new FileRejection(
    'duplicate_header',
    `The header row (line ${formatCount(line)}) has ${names} more than once. Keep one ${names} column, or choose another column, and import the file again.`,
    line,
    fileHeaders,
  )
}

export function unterminatedQuoteRejection(line: number): FileRejection {
  return new FileRejection(
    'unterminated_quote',
    `A quoted field opened on line ${formatCount(line)} is never closed. Add the missing closing quote (") and import the file again.`,
    line,
  )
}

export function headerTooLargeRejection(line: number): FileRejection {
  return new FileRejection(
    'record_too_large',
    `The header row (line ${formatCount(line)}) is larger than 1 MiB. Check that the file starts with a normal header row and import it again.`,
    line,
  )
}
