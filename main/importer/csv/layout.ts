// Reads the head of a CSV file: BOM, leading blank lines, header record, delimiter, required columns.
import { isUtf8 } from 'node:buffer'
import { open, type FileHandle } from 'node:fs/promises'
import {
  FileRejection,
  duplicateHeaderRejection,
  emptyFileRejection,
  encodingRejection,
  headerTooLargeRejection,
  missingHeadersRejection,
  unterminatedQuoteRejection,
  type EncodingProblem,
} from './rejection.ts'
import { RecordScanner } from './scanner.ts'
import { MAX_RECORD_BYTES, countBreaks, firstInvalidUtf8, normalizeHeader } from './text.ts'
import type { CsvLayout, ScanPosition } from './types.ts'

const BLOCK = 65_536
const QUOTE = 34
const CR = 13
const LF = 10

/** In detection order: a tie goes to the earlier one. */
const DELIMITERS = [',', ';', '\t'] as const
type Delimiter = (typeof DELIMITERS)[number]

const REQUIRED = ['email', 'first_name', 'last_name'] as const

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

/**
 * Byte length of the UTF-8 whitespace character (per String.prototype.trim) at bytes[k], or 0.
 * Matches exact byte sequences so an invalid sequence never passes for whitespace.
 */
export function spaceSequenceLength(bytes: Uint8Array, k: number, end: number): number {
  const b = bytes[k]
  if (b === 32 || b === 9 || b === 11 || b === 12) return 1
  if (b < 0xc2 || k + 1 >= end) return 0
  const b1 = bytes[k + 1]
  if (b === 0xc2) return b1 === 0xa0 ? 2 : 0
  if (k + 2 >= end) return 0
  const b2 = bytes[k + 2]
  if (b === 0xe1) return b1 === 0x9a && b2 === 0x80 ? 3 : 0
  if (b === 0xe2) {
    if (b1 === 0x80) return b2 <= 0x8a && b2 >= 0x80 || b2 === 0xa8 || b2 === 0xa9 || b2 === 0xaf ? 3 : 0
    return b1 === 0x81 && b2 === 0x9f ? 3 : 0
  }
  if (b === 0xe3) return b1 === 0x80 && b2 === 0x80 ? 3 : 0
  if (b === 0xef) return b1 === 0xbb && b2 === 0xbf ? 3 : 0
  return 0
}

export interface SplitRecord {
  /** Raw field values (quotes removed, `""` unescaped), only when `end` is not -1. */
  fields: string[]
  /** Index of the terminator (or bytes.length at end of file), -1 when the record goes on past the bytes. */
  end: number
  /** Index just past the terminator. */
  next: number
  /** Index of the opening quote of a field still open at the end of the bytes, else -1. */
  openQuote: number
}

/**
 * Splits the record at the start of `bytes` with the same rules as RecordScanner. Used for the
 * header only, where simplicity beats speed. `eof`: the bytes reach the end of the file.
 */
export function splitRecord(bytes: Uint8Array, delimiter: Delimiter, eof: boolean): SplitRecord {
  const d = delimiter.charCodeAt(0)
  const len = bytes.length
  const ranges: number[] = [] // start, end, closing quote (-1) per field
  let start = 0
  let quoteAt = -1 // opening quote of the field in progress
  let closeAt = -1 // closing quote of the field in progress
  let i = 0
  let end = -1
  let next = -1
  for (;;) {
    // Field starting at i.
    start = i
    quoteAt = -1
    closeAt = -1
    if (i < len && bytes[i] === QUOTE) {
      quoteAt = i
      i++
      for (;;) {
        while (i < len && bytes[i] !== QUOTE) i++
        if (i >= len) return { fields: [], end: -1, next: -1, openQuote: eof ? quoteAt : -1 }
        if (i + 1 < len && bytes[i + 1] === QUOTE) {
          i += 2
          continue
        }
        if (i + 1 >= len && !eof) return { fields: [], end: -1, next: -1, openQuote: -1 }
        closeAt = i
        i++
        break
      }
    }
    while (i < len && bytes[i] !== d && bytes[i] !== CR && bytes[i] !== LF) i++
    ranges.push(start, i, closeAt)
    if (i >= len) {
      if (!eof) return { fields: [], end: -1, next: -1, openQuote: -1 }
      end = next = len
      break
    }
    if (bytes[i] === d) {
      i++
      continue
    }
    end = i
    if (bytes[i] === CR) {
      if (i + 1 >= len && !eof) return { fields: [], end: -1, next: -1, openQuote: -1 }
      next = i + 1 < len && bytes[i + 1] === LF ? i + 2 : i + 1
    } else {
      next = i + 1
    }
    break
  }
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const fields: string[] = []
  for (let k = 0; k < ranges.length; k += 3) {
    const s = ranges[k]
    const e = ranges[k + 1]
    const q = ranges[k + 2]
    if (q < 0) fields.push(buf.toString('utf8', s, e))
    else fields.push(buf.toString('utf8', s + 1, q).replaceAll('""', '"') + buf.toString('utf8', q + 1, e))
  }
  return { fields, end, next, openQuote: -1 }
}

/**
 * Delimiter of a header record: the most frequent of , ; tab outside quotes, ties going to comma,
 * then semicolon, then tab; comma when there is none. The delimiter is not known yet, so a quoted
 * field is one whose `"` starts the record or follows any of the three: in `a;"b,c";d` the comma
 * is inside quotes.
 */
export function detectDelimiter(header: Uint8Array): Delimiter {
  const counts = [0, 0, 0]
  let quoted = false
  let fieldStart = true
  for (let i = 0; i < header.length; i++) {
    const b = header[i]
    if (quoted) {
      if (b === QUOTE) {
        if (header[i + 1] === QUOTE) i++
        else quoted = false
      }
      continue
    }
    if (b === QUOTE && fieldStart) {
      quoted = true
      fieldStart = false
      continue
    }
    if (b === CR || b === LF) break
    const k = b === 44 ? 0 : b === 59 ? 1 : b === 9 ? 2 : -1
    fieldStart = k !== -1
    if (k !== -1) counts[k]++
  }
  let best = 0
  for (let k = 1; k < 3; k++) if (counts[k] > counts[best]) best = k
  return DELIMITERS[best]
}

/** Checks header names against the required columns; throws missing_headers or duplicate_header. */
export function layoutFromHeaders(names: string[], delimiter: Delimiter, line: number): CsvLayout {
  const headers = names.map((n) => n.trim())
  const normalized = headers.map(normalizeHeader)
  const missing: string[] = []
  const duplicate: string[] = []
  const index: number[] = []
  for (const name of REQUIRED) {
    const first = normalized.indexOf(name)
    if (first === -1) missing.push(name)
    else if (normalized.indexOf(name, first + 1) !== -1) duplicate.push(name)
    index.push(first)
  }
  // Missing wins over duplicate: adding a column is the first thing the person must do.
  if (missing.length > 0) throw missingHeadersRejection(missing, headers, line)
  if (duplicate.length > 0) throw duplicateHeaderRejection(duplicate, headers, line)
  return {
    delimiter,
    headers,
    fieldCount: headers.length,
    emailIndex: index[0],
    firstNameIndex: index[1],
    lastNameIndex: index[2],
  }
}

/** A file starting with a UTF-16 byte order mark, or with a NUL in one of its first two bytes. */
function looksUtf16(head: Uint8Array): boolean {
  if (head.length < 2) return false
  const [a, b] = head
  return (a === 0xff && b === 0xfe) || (a === 0xfe && b === 0xff) || (a === 0) !== (b === 0)
}

/** Index of the first NUL or invalid UTF-8 byte in bytes[from, to), or -1. */
function firstEncodingError(bytes: Buffer, from: number, to: number): number {
  let bad = -1
  if (!isUtf8(bytes.subarray(from, to))) bad = firstInvalidUtf8(bytes, from, to)
  const nul = bytes.indexOf(0, from)
  if (nul !== -1 && nul < to && (bad === -1 || nul < bad)) return nul
  return bad
}

/**
 * Reads the BOM, skips leading blank lines, parses the header record, detects the delimiter,
 * normalizes and checks headers. Throws FileRejection: empty_file, missing_headers,
 * duplicate_header, encoding (in the header or before it), unterminated_quote (a quote opened in
 * the header never closes), record_too_large (a header over 1 MiB).
 */
export async function readLayout(filePath: string): Promise<{ layout: CsvLayout; start: ScanPosition }> {
  const fh = await open(filePath, 'r')
  try {
    const head = await readAt(fh, 0, BLOCK)
    const bom = head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0
    const utf16 = looksUtf16(head)

    // Skip leading lines made only of whitespace; the header starts at the first other line.
    let blk = head
    let blkStart = 0
    let i = bom
    let line = 1
    let lineStart = bom
    let prevCR = false
    for (;;) {
      // Keep three bytes of look-ahead for multi-byte whitespace.
      if (i - blkStart + 3 > blk.length && blk.length === BLOCK) {
        blkStart = i
        blk = await readAt(fh, i, BLOCK)
      }
      const k = i - blkStart
      if (k >= blk.length) throw emptyFileRejection()
      const b = blk[k]
      if (b === CR || b === LF) {
        if (b === CR || !prevCR) line++
        prevCR = b === CR
        i++
        lineStart = i
        continue
      }
      prevCR = false
      const w = spaceSequenceLength(blk, k, blk.length)
      if (w === 0) break
      i += w
    }

    const headerStart = lineStart
    const headerLine = line
    const win = await readAt(fh, headerStart, MAX_RECORD_BYTES + 2)
    const eof = win.length < MAX_RECORD_BYTES + 2
    const delimiter = detectDelimiter(win)
    const rec = splitRecord(win, delimiter, eof)
    const problem: EncodingProblem = utf16 && headerStart === 0 ? 'utf16' : 'invalid_utf8'

    if (rec.end !== -1 && rec.end <= MAX_RECORD_BYTES) {
      const bad = firstEncodingError(win, 0, rec.end)
      if (bad !== -1) {
        throw encodingRejection(win[bad] === 0 && problem !== 'utf16' ? 'nul' : problem, headerLine + countBreaks(win, 0, bad, false))
      }
      const layout = layoutFromHeaders(rec.fields, delimiter, headerLine)
      const start: ScanPosition = {
        offset: headerStart + rec.next,
        row: 0,
        line: headerLine + countBreaks(win, 0, rec.next, false),
      }
      return { layout, start }
    }
    if (rec.openQuote !== -1) {
      const bad = firstEncodingError(win, 0, win.length)
      if (bad !== -1) {
        throw encodingRejection(win[bad] === 0 && problem !== 'utf16' ? 'nul' : problem, headerLine + countBreaks(win, 0, bad, false))
      }
      throw unterminatedQuoteRejection(headerLine + countBreaks(win, 0, rec.openQuote, false))
    }
    // Over 1 MiB: follow the record to its end without keeping it, so that an encoding error
    // or a quote left open to the end of the file is reported as such.
    throw await oversizeHeaderRejection(fh, delimiter, headerStart, headerLine)
  } finally {
    await fh.close()
  }
}

async function oversizeHeaderRejection(
  fh: FileHandle,
  delimiter: Delimiter,
  headerStart: number,
  headerLine: number,
): Promise<FileRejection> {
  const probe = new RecordScanner(
    { delimiter, headers: [], fieldCount: 1, emailIndex: 0, firstNameIndex: 0, lastNameIndex: 0 },
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
