// Reads the head of a CSV file: its format, encoding, the header record among the first
// non-blank records, the delimiter, and which column gives each required field.
import { isUtf8 } from 'node:buffer'
import { TextDecoder } from 'node:util'
import { open, type FileHandle } from 'node:fs/promises'
import { chosenEncoding, detectEncoding, type FileEncoding } from './encoding.ts'
import { recognizeOtherFormat } from './formats.ts'
import { mapColumns, type ColumnChoice, type FieldHeaders, type MappingResult } from './mapping.ts'
import { createRecordReader } from './reader.ts'
import {
  FileRejection,
  duplicateHeaderRejection,
  emptyFileRejection,
  encodingRejection,
  headerTooLargeRejection,
  missingHeadersRejection,
  notCsvRejection,
  unknownColumnRejection,
  unterminatedQuoteRejection,
} from './rejection.ts'
import { detectDelimiter, splitRecord, utf8Decoder, type Delimiter, type Units } from './split.ts'
import { MAX_RECORD_BYTES, countBreaks, firstInvalidUtf8, isValidEmail } from './text.ts'
import type { CsvLayout, ScanPosition } from './types.ts'

const BLOCK = 65_536
/** CSV-RULES: the header is the first non-blank record or, after notes, one of the next 9. */
const HEADER_CANDIDATES = 10

export { detectDelimiter, splitRecord, type Delimiter } from './split.ts'

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length)
  let got = 0
  while (got < length) {
    const { bytesRead } = await fh.read(buf, got, length - got, position + got)
    if (bytesRead === 0) break
    got += bytesRead
  }
  return buf.subarray(0, got)
}

/** A file without a BOM whose first two bytes hold exactly one NUL: UTF-16 text. */
function looksUtf16(head: Uint8Array): boolean {
  return head.length >= 2 && (head[0] === 0) !== (head[1] === 0)
}

/** Index of the first NUL (or, for UTF-8, invalid byte) in bytes[from, to), or -1. */
function firstEncodingError(bytes: Buffer, from: number, to: number, utf8: boolean): number {
  let bad = -1
  if (utf8 && !isUtf8(bytes.subarray(from, to))) bad = firstInvalidUtf8(bytes, from, to)
  const nul = bytes.indexOf(0, from)
  if (nul !== -1 && nul < to && (bad === -1 || nul < bad)) return nul
  return bad
}

/** The units records are split on: the bytes, or the UTF-16 code units they hold. */
function unitsOf(bytes: Buffer, encoding: FileEncoding): Units {
  if (encoding.kind !== 'utf16le' && encoding.kind !== 'utf16be') return bytes
  const units = new Uint16Array(bytes.length >> 1)
  const le = encoding.kind === 'utf16le'
  for (let k = 0; k < units.length; k++) {
    const a = bytes[2 * k]
    const b = bytes[2 * k + 1]
    units[k] = le ? a | (b << 8) : (a << 8) | b
  }
  return units
}

interface HeadRecord {
  kind: 'record'
  /** Field values as written, quotes removed (not trimmed). */
  fields: string[]
  delimiter: Delimiter
  /** Byte offsets in the file of the record and of the next one. */
  offset: number
  next: number
  line: number
  nextLine: number
  /** Every field is empty after trimming. */
  blank: boolean
}

/** What ended the walk over the head before the end of the file. */
type HeadStop =
  | { kind: 'oversize'; offset: number; line: number }
  | { kind: 'open_quote'; line: number }
  | { kind: 'bad_bytes'; rejection: FileRejection }

/**
 * The records at the start of the file, one by one, with their delimiter each (a record's own,
 * as if it were the header). Stops at a NUL, or at invalid UTF-8 in a UTF-8 file.
 */
async function* headRecords(fh: FileHandle, encoding: FileEncoding, from?: ScanPosition): AsyncGenerator<HeadRecord | HeadStop> {
  const width = encoding.kind === 'utf16le' || encoding.kind === 'utf16be' ? 2 : 1
  const decoder = encoding.kind === 'utf8' ? null : new TextDecoder(encoding.name, { ignoreBOM: true })
  let offset = from?.offset ?? encoding.bomLength
  let line = from?.line ?? 1
  let windowStart = offset
  let window = await readAt(fh, offset, BLOCK)
  let eof = window.length < BLOCK
  for (;;) {
    const bytes = window.subarray(offset - windowStart)
    const units = unitsOf(bytes, encoding)
    if (units.length === 0) return
    const decode = decoder
      ? (start: number, end: number) => decoder.decode(bytes.subarray(start * width, end * width))
      : utf8Decoder(bytes)
    const delimiter = detectDelimiter(units)
    const rec = splitRecord(units, delimiter, eof, decode)
    if (rec.end === -1 && rec.openQuote === -1) {
      // The record goes on past the window: read a larger one, up to the size limit.
      if (bytes.length > MAX_RECORD_BYTES + 2 * width) {
        yield { kind: 'oversize', offset, line }
        return
      }
      windowStart = offset
      window = await readAt(fh, offset, Math.max(BLOCK, bytes.length * 4))
      eof = window.length < Math.max(BLOCK, bytes.length * 4)
      continue
    }
    const scanned = rec.openQuote !== -1 ? bytes.length : rec.next * width
    const bad = encoding.kind === 'utf16le' || encoding.kind === 'utf16be' ? -1 : firstEncodingError(bytes, 0, scanned, encoding.kind === 'utf8')
    if (bad !== -1) {
      yield { kind: 'bad_bytes', rejection: encodingRejection(bytes[bad] === 0 ? 'nul' : 'invalid_utf8', line + countBreaks(units, 0, bad, false)) }
      return
    }
    if (rec.openQuote !== -1) {
      yield { kind: 'open_quote', line: line + countBreaks(units, 0, rec.openQuote, false) }
      return
    }
    if (rec.end * width > MAX_RECORD_BYTES) {
      yield { kind: 'oversize', offset, line }
      return
    }
    const nextLine = line + countBreaks(units, 0, rec.next, false)
    const next = offset + rec.next * width
    yield { kind: 'record', fields: rec.fields, delimiter, offset, next, line, nextLine, blank: rec.fields.every((f) => f.trim() === '') }
    offset = next
    line = nextLine
  }
}

export interface ReadOptions {
  /** WHATWG name of the encoding the person chose; detected when absent. */
  encoding?: string
  /** Columns the person chose (CSV-RULES mapping, first precedence). */
  choice?: ColumnChoice
}

/** What the head of a file says, before any rule about missing columns is applied. */
export interface FileInspection {
  encoding: FileEncoding
  delimiter: Delimiter
  /** Header names as written, trimmed. */
  headers: string[]
  headerLine: number
  /** Non-blank records before the header (notes, as LinkedIn writes them). */
  skippedRecords: number
  mapping: MappingResult
  /** The header record maps nothing and holds an email address: the file has no header. */
  looksLikeData: boolean
  /** Where the data records start. */
  start: ScanPosition
}

/**
 * Reads the head: not_csv, encoding, the header record (the first non-blank one, unless it maps
 * no required field and one of the next 9 does), its delimiter and the mapping. Throws
 * FileRejection: not_csv, encoding, empty_file, unterminated_quote or record_too_large (header).
 */
export async function inspectFile(filePath: string, options: ReadOptions = {}): Promise<FileInspection> {
  const fh = await open(filePath, 'r')
  try {
    const head = await readAt(fh, 0, BLOCK)
    const other = recognizeOtherFormat(head)
    if (other) throw notCsvRejection(other)
    let encoding: FileEncoding
    if (options.encoding !== undefined) encoding = chosenEncoding(options.encoding, head)
    else {
      encoding = detectEncoding(head)
      if (encoding.bomLength === 0 && looksUtf16(head)) throw encodingRejection('utf16', 1)
    }

    // Records are read only until one maps a field: the data after the header is the scanner's.
    const candidates: HeadRecord[] = []
    const mappings: MappingResult[] = []
    for await (const item of headRecords(fh, encoding)) {
      if (item.kind === 'record') {
        if (item.blank) continue
        candidates.push(item)
        mappings.push(mapColumns(item.fields, options.choice))
        if (mappings.at(-1)!.mapped > 0 || candidates.length === HEADER_CANDIDATES) break
        continue
      }
      if (candidates.length > 0) break // a later record's problem is the scanner's to report
      if (item.kind === 'bad_bytes') throw item.rejection
      if (item.kind === 'open_quote') throw unterminatedQuoteRejection(item.line)
      throw await oversizeHeaderRejection(fh, encoding, item.offset, item.line)
    }
    if (candidates.length === 0) throw emptyFileRejection()

    const first = mappings.findIndex((m) => m.mapped > 0)
    const chosen = Math.max(0, first)
    const header = candidates[chosen]
    return {
      encoding,
      delimiter: header.delimiter,
      headers: header.fields.map((f) => f.trim()),
      headerLine: header.line,
      skippedRecords: chosen,
      mapping: mappings[chosen],
      looksLikeData: first === -1 && header.fields.some((f) => isValidEmail(f.trim())),
      start: { offset: header.next, row: 0, line: header.nextLine },
    }
  } finally {
    await fh.close()
  }
}

/** The fields of the first `count` non-blank data records (for sample values); fewer at a problem or the end. */
export async function sampleRecords(filePath: string, info: FileInspection, count: number): Promise<string[][]> {
  const fh = await open(filePath, 'r')
  try {
    const records: string[][] = []
    for await (const item of headRecords(fh, info.encoding, info.start)) {
      if (item.kind !== 'record') break
      if (!item.blank) records.push(item.fields)
      if (records.length === count) break
    }
    return records
  } finally {
    await fh.close()
  }
}

export interface FileLayout {
  layout: CsvLayout
  start: ScanPosition
  encoding: FileEncoding
  headerLine: number
  skippedRecords: number
  /** Header text per required field, as saved with the import and shown ("Email Address"). */
  mapping: FieldHeaders
}

/** The layout the import reads the file with: inspectFile plus the rules about columns. */
export async function readLayout(filePath: string, options: ReadOptions = {}): Promise<FileLayout> {
  const info = await inspectFile(filePath, options)
  return layoutOf(info, options.choice ?? {})
}

/**
 * Applies the column rules to an inspection: a choice naming no column, then missing fields,
 * then a chosen column whose name appears twice. Throws missing_headers or duplicate_header.
 */
export function layoutOf(info: FileInspection, choice: ColumnChoice): FileLayout {
  const { mapping, headers, headerLine } = info
  if (mapping.unknownChoices.length > 0) {
    const field = mapping.unknownChoices[0]
    throw unknownColumnRejection(field, choice[field] ?? '', headers, headerLine)
  }
  if (mapping.missing.length > 0) throw missingHeadersRejection(mapping.missing, headers, headerLine, info.looksLikeData)
  if (mapping.duplicate.length > 0) throw duplicateHeaderRejection(mapping.duplicate, headers, headerLine)
  const layout: CsvLayout = {
    encoding: info.encoding.name,
    delimiter: info.delimiter,
    headers,
    fieldCount: headers.length,
    emailIndex: mapping.emailIndex,
    firstNameIndex: mapping.firstNameIndex,
    lastNameIndex: mapping.lastNameIndex,
    splitNameIndex: mapping.splitNameIndex,
  }
  return {
    layout,
    start: info.start,
    encoding: info.encoding,
    headerLine,
    skippedRecords: info.skippedRecords,
    mapping: mapping.headers,
  }
}

/** Follows a header over 1 MiB to its end, so a bad byte or an open quote is reported as such. */
async function oversizeHeaderRejection(fh: FileHandle, encoding: FileEncoding, headerStart: number, headerLine: number): Promise<FileRejection> {
  const probe = createRecordReader(
    { encoding: encoding.name, delimiter: ',', headers: [], fieldCount: 1, emailIndex: 0, firstNameIndex: 0, lastNameIndex: 0 },
    { offset: headerStart, row: 0, line: headerLine },
  )
  let at = headerStart
  for (;;) {
    const blk = await readAt(fh, at, BLOCK)
    if (blk.length === 0) {
      probe.end()
      break
    }
    at += blk.length
    probe.push(blk)
    if (probe.position.offset !== headerStart) break
  }
  return headerTooLargeRejection(headerLine)
}
