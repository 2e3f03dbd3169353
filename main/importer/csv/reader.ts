// Record readers for every supported encoding, behind one interface: the raw-byte scanner for
// UTF-8 and ASCII-safe legacy encodings, and a framing reader for UTF-16.
import { TextDecoder } from 'node:util'
import { firstOfMultiValue } from './mapping.ts'
import { recordTooLargeMessage } from './messages.ts'
import { unterminatedQuoteRejection } from './rejection.ts'
import { CR, FIELD_START, LF, QUOTE, QUOTED, QUOTE_SEEN, RecordScanner, UNQUOTED } from './scanner.ts'
import { splitRecord } from './split.ts'
import { MAX_RECORD_BYTES, isSpaceCode } from './text.ts'
import type { CsvLayout, RecordOutcome, ScanPosition } from './types.ts'

/** What the import job drives: bytes of the file in, outcomes out, a resumable position. */
export interface RecordReader {
  push(chunk: Uint8Array): RecordOutcome[]
  end(): RecordOutcome[]
  /** After the last record returned; `offset` is a byte offset of the file as stored. */
  readonly position: ScanPosition
}

export function createRecordReader(layout: CsvLayout, start: ScanPosition): RecordReader {
  const encoding = layout.encoding ?? 'utf-8'
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return new Utf16RecordReader(layout, start, encoding)
  return new RecordScanner(layout, start)
}

/** Characters of a record kept to find the email of a record over the limit (its first 1 MiB of bytes). */
const PREFIX_CHARS = MAX_RECORD_BYTES / 2

/** A record over the limit, followed to its end without being kept. */
interface Oversize {
  prefix: string
  line: number
  /** File offset of its first byte. */
  offset: number
}

/**
 * UTF-16: every code unit is two bytes of the file (TextDecoder turns each unpaired surrogate into
 * one U+FFFD), so a record boundary at code unit k is at byte start + 2k. This reader finds the
 * record boundaries on the decoded text (quotes, CR, LF, CRLF), judges record size on the file's
 * bytes, and hands whole records, as UTF-8, to a RecordScanner for the row rules. Each batch gets
 * a scanner of its own, ended with the batch: a batch holds complete records only.
 */
class Utf16RecordReader implements RecordReader {
  readonly #layout: CsvLayout
  readonly #delim: number
  readonly #decoder: TextDecoder
  #text = '' // decoded and not handed on; starts at a record boundary unless an oversize record is followed
  #fileEnd: number // file offset after the last byte pushed
  #textOffset: number // file offset of #text[0]
  #i = 0 // framing position in #text
  #recStart = 0 // index in #text where the record in progress starts
  #state = FIELD_START
  #breaks = 0 // line breaks inside quotes of the record in progress
  #lastWasCR = false
  #quoteLine = 0 // #breaks when the quote still open was opened
  #nonBlank = false
  #over: Oversize | null = null
  #row: number
  #line: number
  #position: ScanPosition
  #ended = false

  constructor(layout: CsvLayout, start: ScanPosition, encoding: 'utf-16le' | 'utf-16be') {
    this.#layout = { ...layout, encoding: 'utf-8' }
    this.#delim = layout.delimiter.charCodeAt(0)
    this.#decoder = new TextDecoder(encoding, { ignoreBOM: true })
    this.#fileEnd = this.#textOffset = start.offset
    this.#row = start.row
    this.#line = start.line
    this.#position = { ...start }
  }

  get position(): ScanPosition {
    return { ...this.#position }
  }

  push(chunk: Uint8Array): RecordOutcome[] {
    if (this.#ended) throw new Error('push() called after end()')
    this.#fileEnd += chunk.length
    this.#text += this.#decoder.decode(chunk, { stream: true })
    return this.#frame(false)
  }

  end(): RecordOutcome[] {
    if (this.#ended) throw new Error('end() called twice')
    this.#ended = true
    this.#text += this.#decoder.decode()
    return this.#frame(true)
  }

  #frame(eof: boolean): RecordOutcome[] {
    const out: RecordOutcome[] = []
    const text = this.#text
    const len = text.length
    const delim = this.#delim
    let boundary = 0 // complete records in text[boundary, #recStart) are not handed on yet
    let i = this.#i
    let state = this.#state
    for (; i < len; i++) {
      const c = text.charCodeAt(i)
      if (state === QUOTED) {
        if (c === QUOTE) state = QUOTE_SEEN
        else this.#follow(c)
      } else if (state === QUOTE_SEEN && c === QUOTE) {
        state = QUOTED
        this.#nonBlank = true
      } else if (c === delim) {
        state = FIELD_START
      } else if (c === CR || c === LF) {
        if (c === CR && i + 1 === len && !eof) break // an LF may follow in the next chunk
        if (c === CR && text.charCodeAt(i + 1) === LF) i++
        if (this.#over) {
          out.push(...this.#endOversize())
          boundary = i + 1
        }
        this.#recStart = i + 1
        this.#breaks = 0
        this.#nonBlank = false
        this.#lastWasCR = false
        state = FIELD_START
        continue
      } else if (state === FIELD_START && c === QUOTE) {
        state = QUOTED
        this.#quoteLine = this.#breaks
      } else {
        state = UNQUOTED
        if (!isSpaceCode(c)) this.#nonBlank = true
      }
      if (this.#over === null && (i + 1 - this.#recStart) * 2 > MAX_RECORD_BYTES) {
        // Over the limit before its end: hand on the records before it and stop keeping it.
        out.push(...this.#feed(text.slice(boundary, this.#recStart), false))
        const offset = this.#textOffset + 2 * this.#recStart
        this.#over = { prefix: text.slice(this.#recStart, this.#recStart + PREFIX_CHARS), line: this.#line, offset }
      }
    }
    this.#state = state
    if (eof) {
      if (this.#over) {
        if (state === QUOTED) throw unterminatedQuoteRejection(this.#over.line + this.#quoteLine)
        out.push(...this.#endOversize())
      } else {
        out.push(...this.#feed(text.slice(boundary), true))
      }
      this.#text = ''
      this.#position = { offset: this.#fileEnd, row: this.#row, line: this.#line }
      return out
    }
    if (this.#over) {
      // Nothing of an oversize record is kept beyond its prefix; the position stays at its start.
      this.#position = { offset: this.#over.offset, row: this.#row, line: this.#line }
      this.#drop(i)
      this.#recStart = 0
    } else {
      out.push(...this.#feed(text.slice(boundary, this.#recStart), false))
      this.#position = { offset: this.#textOffset + 2 * this.#recStart, row: this.#row, line: this.#line }
      const recStart = this.#recStart
      this.#drop(recStart)
      i -= recStart
      this.#recStart = 0
      this.#i = i
      return out
    }
    this.#i = 0
    return out
  }

  /** Forgets the first n characters of the text. */
  #drop(n: number): void {
    this.#text = this.#text.slice(n)
    this.#textOffset += 2 * n
  }

  /** A character inside quotes: counts line breaks and notes content. */
  #follow(c: number): void {
    if (c === CR) this.#breaks++
    else if (c === LF && !this.#lastWasCR) this.#breaks++
    this.#lastWasCR = c === CR
    if (!isSpaceCode(c)) this.#nonBlank = true
  }

  /** Complete records, as UTF-8, through a scanner of their own; `eof`: the last may lack a terminator. */
  #feed(segment: string, eof: boolean): RecordOutcome[] {
    if (segment === '' && !eof) return []
    const scanner = new RecordScanner(this.#layout, { offset: 0, row: this.#row, line: this.#line }, { maxRecordBytes: Number.MAX_SAFE_INTEGER })
    const out = scanner.push(Buffer.from(segment, 'utf8'))
    out.push(...scanner.end())
    const { row, line } = scanner.position
    this.#row = row
    this.#line = line
    return out
  }

  /** The outcome of the oversize record that just ended: record_too_large, or nothing when blank. */
  #endOversize(): RecordOutcome[] {
    const over = this.#over
    if (over === null) return []
    this.#over = null
    const line = over.line
    this.#line = line + this.#breaks + 1
    if (!this.#nonBlank) return []
    const row = ++this.#row
    const units = Uint16Array.from(over.prefix, (ch) => ch.charCodeAt(0))
    const { fields } = splitRecord(units, this.#layout.delimiter, true, (s, e) => over.prefix.slice(s, e))
    // The email counts only when its field ends within the kept first 1 MiB.
    const ei = this.#layout.emailIndex
    const email = ei < fields.length - 1 ? firstOfMultiValue(fields[ei]).trim() : ''
    return [{ kind: 'error', row, line, code: 'record_too_large', email, message: recordTooLargeMessage(row, line) }]
  }
}
