// Pure, incremental CSV record scanner: bytes in, row outcomes out, resumable at record boundaries.
import { isUtf8 } from 'node:buffer'
import { TextDecoder } from 'node:util'
import {
  fieldCountMessage,
  invalidEmailMessage,
  missingEmailMessage,
  missingValueMessage,
  recordTooLargeMessage,
} from './messages.ts'
import { firstOfMultiValue, splitFullName } from './mapping.ts'
import { encodingRejection, unterminatedQuoteRejection, type FileRejection } from './rejection.ts'
import {
  MAX_RECORD_BYTES,
  countBreaks,
  decodeUtf8,
  firstInvalidUtf8,
  incompleteTailStart,
  isSpaceCode,
  isValidEmail,
  utf8SequenceLength,
} from './text.ts'
import type { CsvLayout, RecordOutcome, RowErrorCode, ScanPosition } from './types.ts'

// Parser states (plain numbers: enums are not erasable syntax); the UTF-16 reader frames with them too.
export const FIELD_START = 0
export const UNQUOTED = 1 // also the text after a closing quote, which is kept as data ("ab"cd → abcd)
export const QUOTED = 2
export const QUOTE_SEEN = 3 // a `"` inside a quoted field: closing quote, or the first half of `""`

export const QUOTE = 34
export const CR = 13
export const LF = 10

const EMPTY = Buffer.alloc(0)

export interface ScannerOptions {
  /**
   * Records over this many bytes are record_too_large (default MAX_RECORD_BYTES). Raised only by
   * a reader that feeds transcoded text and judges record sizes on the file's own bytes.
   */
  maxRecordBytes?: number
}

/**
 * For a single-byte legacy encoding, 1 where byte 0x80 + k decodes to String.prototype.trim
 * whitespace (NBSP in most code pages). Derived from TextDecoder; multi-byte encodings get none.
 */
function highSpaceBytes(decoder: TextDecoder): Uint8Array {
  const table = new Uint8Array(128)
  for (let k = 0; k < 128; k++) {
    const text = decoder.decode(Uint8Array.of(0x80 + k))
    table[k] = text.length === 1 && isSpaceCode(text.charCodeAt(0)) ? 1 : 0
  }
  return table
}

/**
 * True when the encoding maps every byte to one UTF-16 code unit on its own, whatever surrounds
 * it (the single-byte code pages): then a chunk's text index is its byte index. Derived from
 * TextDecoder: all 256 bytes decoded together equal the bytes decoded one at a time.
 */
function isSingleByte(decoder: TextDecoder): boolean {
  const bytes = Uint8Array.from({ length: 256 }, (_, b) => b)
  const alone = Array.from(bytes, (b) => decoder.decode(Uint8Array.of(b)))
  return alone.every((text) => text.length === 1) && decoder.decode(bytes) === alone.join('')
}

function asBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
}

/**
 * Incremental record scanner over the data records of a CSV file (after the header).
 *
 * Memory: the current chunk plus at most MAX_RECORD_BYTES of a record that spans chunks; a record
 * over the limit is not kept, only followed (quote state, line breaks, blankness) to its end.
 * Field values are decoded once, straight from the chunk when the record lies inside it.
 *
 * Row numbers count non-blank data records only: a record whose fields are all empty after
 * trimming is skipped without a number, so `row` matches what the import counts in `total_rows`.
 */
export class RecordScanner {
  readonly #delim: number
  readonly #fieldCount: number
  readonly #emailIndex: number
  readonly #firstIndex: number
  readonly #lastIndex: number
  readonly #splitIndex: number
  readonly #maxRecordBytes: number
  /** Decoder of a legacy encoding; null for UTF-8 (validated and decoded on the fast path). */
  readonly #decoder: TextDecoder | null
  readonly #highSpace: Uint8Array | null
  readonly #singleByte: boolean
  // A single-byte encoding's chunk is decoded once, in one call: its fields are slices of this text.
  #chunk: Buffer | null = null
  #chunkText = ''

  // Fields of the record in progress up to the last column the import reads, as offsets from the
  // record's first byte. Later fields are only counted: the rules never look inside them.
  readonly #keep: number
  readonly #fStart: Float64Array
  readonly #fEnd: Float64Array
  readonly #fQuote: Float64Array // offset of the closing quote, -1 for an unquoted field
  readonly #fEsc: Uint8Array // 1 when the quoted part holds `""`

  // Reported position: after the last record returned (or skipped as blank).
  #posOffset: number
  #posRow: number
  #posLine: number

  #base: number // file offset of the next byte to be pushed
  #line: number // physical line of the next byte
  #row: number // non-blank records completed, including one held by #crPending
  #prevCR = false // last pushed byte was a CR: an LF right after it is the same line break

  // Record in progress.
  #state = FIELD_START
  #fi = 0 // fields completed
  #fieldStartOff = 0
  #quoteEnd = -1
  #esc = false
  #recLine: number
  #quoteLine = 0 // line of the opening quote of the field in progress
  #recBytes = 0 // bytes of the record pushed before the current chunk (its offset in the next chunk)
  #extraStart = 0 // offset in the record of the first field beyond the header's count

  // Copy of the first bytes (at most MAX_RECORD_BYTES) of a record that spans chunks.
  #recBuf: Buffer = EMPTY
  #recLen = 0

  // Blankness of a record over the limit, followed byte by byte since its bytes are not kept.
  #tFed = 0
  #tState = FIELD_START
  #tNeed = 0
  #tCp = 0
  #tNonBlank = false

  // A record ended with a CR as the chunk's last byte: whether an LF follows is not known yet, and
  // reporting a position between CR and LF would make a resumed scanner count an extra line.
  #crPending = false
  #pending: RecordOutcome | null = null

  // Incomplete UTF-8 sequence at the end of the last chunk, validated when completed.
  readonly #u8: Buffer = Buffer.alloc(4)
  #u8Len = 0
  #u8Need = 0

  #ended = false

  constructor(layout: CsvLayout, start: ScanPosition, options: ScannerOptions = {}) {
    const encoding = layout.encoding ?? 'utf-8'
    if (encoding.startsWith('utf-16')) throw new Error('UTF-16 files are read through createRecordReader()')
    this.#decoder = encoding === 'utf-8' ? null : new TextDecoder(encoding)
    this.#highSpace = this.#decoder === null ? null : highSpaceBytes(this.#decoder)
    this.#singleByte = this.#decoder !== null && isSingleByte(this.#decoder)
    this.#maxRecordBytes = options.maxRecordBytes ?? MAX_RECORD_BYTES
    this.#delim = layout.delimiter.charCodeAt(0)
    this.#fieldCount = layout.fieldCount
    this.#emailIndex = layout.emailIndex
    this.#firstIndex = layout.firstNameIndex
    this.#lastIndex = layout.lastNameIndex
    this.#splitIndex = layout.splitNameIndex ?? -1
    this.#keep = Math.max(layout.emailIndex, layout.firstNameIndex, layout.lastNameIndex, this.#splitIndex) + 1
    this.#fStart = new Float64Array(this.#keep)
    this.#fEnd = new Float64Array(this.#keep)
    this.#fQuote = new Float64Array(this.#keep)
    this.#fEsc = new Uint8Array(this.#keep)
    this.#posOffset = this.#base = start.offset
    this.#posRow = this.#row = start.row
    this.#posLine = this.#line = this.#recLine = start.line
  }

  /** Position after the last record returned (blank records included): where a resumed scanner must start. */
  get position(): ScanPosition {
    return { offset: this.#posOffset, row: this.#posRow, line: this.#posLine }
  }

  /** Bytes held between pushes for records that span chunks (never more than MAX_RECORD_BYTES). */
  get bufferedBytes(): number {
    return this.#recBuf.length
  }

  /**
   * Feeds the next bytes of the file, contiguous with what was fed before. Returns the outcomes
   * of the records completed in it; a record ending in a CR that is the chunk's last byte is
   * returned by the next push (or end()), once it is known whether an LF follows.
   * Throws FileRejection('encoding') on a NUL byte or invalid UTF-8. The chunk is not kept: the
   * caller may reuse its memory once push returns.
   */
  push(chunk: Uint8Array): RecordOutcome[] {
    if (this.#ended) throw new Error('RecordScanner.push() called after end()')
    const buf = asBuffer(chunk)
    const len = buf.length
    const out: RecordOutcome[] = []
    if (len === 0) return out
    this.#checkEncoding(buf)
    if (this.#singleByte) {
      this.#chunk = buf
      this.#chunkText = (this.#decoder as TextDecoder).decode(buf)
    }

    const delim = this.#delim
    const keep = this.#keep
    const fieldCount = this.#fieldCount
    const fS = this.#fStart
    const fE = this.#fEnd
    const fQ = this.#fQuote
    const fX = this.#fEsc
    const base = this.#base

    let i = 0
    let delta = this.#recBytes // offset in the record = chunk index + delta
    if (this.#crPending) {
      this.#crPending = false
      if (buf[0] === LF) i = 1
      if (this.#pending !== null) out.push(this.#pending)
      this.#pending = null
      this.#setPosition(base + i)
      delta = -i
    }

    let state = this.#state
    let fi = this.#fi
    let fStart = this.#fieldStartOff
    let qEnd = this.#quoteEnd
    let esc = this.#esc
    let line = this.#line
    let recLine = this.#recLine
    let quoteLine = this.#quoteLine
    const prevCR = this.#prevCR

    outer: while (i < len) {
      let b: number
      if (state === FIELD_START) {
        fStart = i + delta
        qEnd = -1
        esc = false
        if (buf[i] === QUOTE) {
          state = QUOTED
          quoteLine = line
          i++
          continue
        }
        state = UNQUOTED
      }
      if (state === UNQUOTED) {
        b = buf[i]
        while (b !== delim && b !== LF && b !== CR) {
          if (++i === len) break outer
          b = buf[i]
        }
      } else if (state === QUOTED) {
        b = buf[i]
        while (b !== QUOTE) {
          // Line breaks inside quotes are data but still count as physical lines.
          if (b === CR) line++
          else if (b === LF && (i === 0 ? !prevCR : buf[i - 1] !== CR)) line++
          if (++i === len) break outer
          b = buf[i]
        }
        state = QUOTE_SEEN
        qEnd = i + delta
        i++
        continue
      } else {
        b = buf[i]
        if (b === QUOTE) {
          esc = true
          state = QUOTED
          i++
          continue
        }
        if (b !== delim && b !== LF && b !== CR) {
          state = UNQUOTED
          continue
        }
      }

      // buf[i] is a delimiter or a line break outside quotes: the field ends here.
      if (fi < keep) {
        fS[fi] = fStart
        fE[fi] = i + delta
        fQ[fi] = qEnd
        fX[fi] = esc ? 1 : 0
      }
      fi++
      state = FIELD_START
      if (b === delim) {
        i++
        if (fi === fieldCount) this.#extraStart = i + delta
        continue
      }

      // End of record. A CR outside quotes always swallows a following LF, so an LF here is a
      // break of its own.
      line++
      let next = i + 1
      if (b === CR) {
        if (next === len) {
          this.#line = line
          this.#pending = this.#finishRecord(buf, i, delta, fi, recLine)
          this.#crPending = true
          fi = 0
          recLine = line
          delta = 0
          break
        }
        if (buf[next] === LF) next++
      }
      const outcome = this.#finishRecord(buf, i, delta, fi, recLine)
      if (outcome !== null) out.push(outcome)
      this.#posOffset = base + next
      this.#posRow = this.#row
      this.#posLine = line
      fi = 0
      recLine = line
      i = next
      delta = -next
    }

    if (!this.#crPending) {
      const recordBytes = len + delta
      if (recordBytes > 0) this.#carry(buf, delta, recordBytes)
      delta = recordBytes
    }
    this.#recBytes = delta
    this.#state = state
    this.#fi = fi
    this.#fieldStartOff = fStart
    this.#quoteEnd = qEnd
    this.#esc = esc
    this.#line = line
    this.#recLine = recLine
    this.#quoteLine = quoteLine
    this.#prevCR = buf[len - 1] === CR
    this.#base = base + len
    this.#chunk = null
    this.#chunkText = ''
    return out
  }

  /**
   * End of file: returns the last record when it lacks a terminator (or ended in a CR at the end
   * of the last chunk). Throws FileRejection for a quote still open (naming the line it opened
   * on) or a UTF-8 sequence cut short by the end of the file.
   */
  end(): RecordOutcome[] {
    if (this.#ended) throw new Error('RecordScanner.end() called twice')
    this.#ended = true
    if (this.#u8Len > 0) throw this.#encodingError(this.#line, 'invalid_utf8')
    const out: RecordOutcome[] = []
    if (this.#crPending) {
      this.#crPending = false
      if (this.#pending !== null) out.push(this.#pending)
      this.#pending = null
      this.#setPosition(this.#base)
      return out
    }
    if (this.#state === QUOTED) throw unterminatedQuoteRejection(this.#quoteLine)
    const size = this.#recBytes
    if (size > 0) {
      let fi = this.#fi
      if (fi < this.#keep) {
        const fresh = this.#state === FIELD_START // after a trailing delimiter: one more empty field
        this.#fStart[fi] = fresh ? size : this.#fieldStartOff
        this.#fEnd[fi] = size
        this.#fQuote[fi] = fresh ? -1 : this.#quoteEnd
        this.#fEsc[fi] = !fresh && this.#esc ? 1 : 0
      }
      fi++
      const outcome = this.#finishRecord(EMPTY, 0, size, fi, this.#recLine)
      if (outcome !== null) out.push(outcome)
      this.#recBytes = 0
      this.#state = FIELD_START
      this.#fi = 0
    }
    this.#setPosition(this.#base)
    return out
  }

  #setPosition(offset: number): void {
    this.#posOffset = offset
    this.#posRow = this.#row
    this.#posLine = this.#line
  }

  /**
   * Turns the record ending at chunk index `t` (offset in record = index + delta) into an
   * outcome, or null when it is blank. Resets the per-record buffers.
   */
  #finishRecord(buf: Buffer, t: number, delta: number, nf: number, line: number): RecordOutcome | null {
    const size = t + delta
    if (size > this.#maxRecordBytes) return this.#finishOversize(buf, t, delta, nf, line)

    let bytes: Buffer
    let at: number // index in `bytes` of the record's first byte
    if (delta <= 0) {
      bytes = buf
      at = -delta
    } else {
      this.#store(buf, 0, t)
      bytes = this.#recBuf
      at = 0
    }
    this.#recLen = 0

    const ei = this.#emailIndex
    const email = ei < nf ? firstOfMultiValue(this.#field(bytes, at, ei)).trim() : ''
    let firstName: string
    let lastName: string
    const si = this.#splitIndex
    if (si === -1) {
      const fni = this.#firstIndex
      const lni = this.#lastIndex
      firstName = fni !== -1 && fni < nf ? this.#field(bytes, at, fni).trim() : ''
      lastName = lni !== -1 && lni < nf ? this.#field(bytes, at, lni).trim() : ''
    } else {
      ;[firstName, lastName] = splitFullName(si < nf ? this.#field(bytes, at, si).trim() : '')
    }
    if (email === '' && firstName === '' && lastName === '' && this.#isBlank(bytes, at, at + size)) return null

    const row = ++this.#row
    const expected = this.#fieldCount
    // Trailing empty fields (Thunderbird, Excel) are not extra fields.
    if (nf < expected || (nf > expected && !this.#isBlank(bytes, at + this.#extraStart, at + size))) {
      return this.#error(row, line, 'field_count', email, fieldCountMessage(row, line, nf, expected))
    }
    if (email === '') return this.#error(row, line, 'missing_email', email, missingEmailMessage(row, line))
    if (!isValidEmail(email)) return this.#error(row, line, 'invalid_email', email, invalidEmailMessage(row, line, email))
    if (firstName === '' || lastName === '') {
      const message = missingValueMessage(row, line, firstName === '', lastName === '')
      return this.#error(row, line, 'missing_value', email, message)
    }
    return { kind: 'contact', row, line, email: email.toLowerCase(), firstName, lastName }
  }

  #finishOversize(buf: Buffer, t: number, delta: number, nf: number, line: number): RecordOutcome | null {
    // Let the blankness tracker see every byte not seen yet, in order.
    if (delta <= 0) {
      this.#track(buf, -delta, t)
    } else {
      if (this.#tFed < this.#recLen) this.#track(this.#recBuf, this.#tFed, this.#recLen)
      this.#track(buf, 0, t)
    }
    const nonBlank = this.#tNonBlank
    // The email is reported when its field lies within the first MAX_RECORD_BYTES bytes, so the
    // answer does not depend on how the file was cut into chunks.
    let email = ''
    const ei = this.#emailIndex
    if (nonBlank && ei < nf && this.#fEnd[ei] <= MAX_RECORD_BYTES) {
      if (delta <= 0) {
        email = firstOfMultiValue(this.#field(buf, -delta, ei)).trim()
      } else {
        const keep = MAX_RECORD_BYTES - this.#recLen
        if (keep > 0) this.#store(buf, 0, Math.min(t, keep))
        email = firstOfMultiValue(this.#field(this.#recBuf, 0, ei)).trim()
      }
    }
    this.#recLen = 0
    this.#resetTracker()
    if (!nonBlank) return null
    const row = ++this.#row
    return this.#error(row, line, 'record_too_large', email, recordTooLargeMessage(row, line))
  }

  #error(row: number, line: number, code: RowErrorCode, email: string, message: string): RecordOutcome {
    return { kind: 'error', row, line, code, email, message }
  }

  /** Decoded value of field f of a record whose first byte is bytes[at]. */
  #field(bytes: Buffer, at: number, f: number): string {
    const s = this.#fStart[f] + at
    const e = this.#fEnd[f] + at
    const q = this.#fQuote[f]
    if (q < 0) return this.#decode(bytes, s, e)
    const qi = q + at
    let value = this.#decode(bytes, s + 1, qi)
    if (this.#fEsc[f] === 1) value = value.replaceAll('""', '"')
    // Text after the closing quote ("ab"cd) is kept as data, appended verbatim.
    if (qi + 1 < e) value += this.#decode(bytes, qi + 1, e)
    return value
  }

  #decode(bytes: Buffer, start: number, end: number): string {
    const decoder = this.#decoder
    if (decoder === null) return decodeUtf8(bytes, start, end)
    if (bytes === this.#chunk) return this.#chunkText.slice(start, end)
    return start >= end ? '' : decoder.decode(bytes.subarray(start, end))
  }

  /** Chunk ended inside a record: keep its first bytes (up to the limit) for the next chunk. */
  #carry(buf: Buffer, delta: number, recordBytes: number): void {
    const from = delta <= 0 ? -delta : 0 // chunk index of the record's first byte in this chunk
    if (recordBytes > MAX_RECORD_BYTES) {
      // Bytes past the limit are dropped, so the blankness tracker must see them now.
      if (this.#tFed < this.#recLen) this.#track(this.#recBuf, this.#tFed, this.#recLen)
      this.#track(buf, from, buf.length)
      this.#tFed = recordBytes
    }
    const keep = Math.min(recordBytes, MAX_RECORD_BYTES)
    if (this.#recLen < keep) this.#store(buf, from, from + keep - this.#recLen)
  }

  /** Appends buf[from, to) to the record copy, growing it geometrically up to the limit. */
  #store(buf: Buffer, from: number, to: number): void {
    const need = this.#recLen + (to - from)
    if (need > this.#recBuf.length) {
      const grown = Buffer.allocUnsafe(Math.min(MAX_RECORD_BYTES, Math.max(need, this.#recBuf.length * 2, 4096)))
      this.#recBuf.copy(grown, 0, 0, this.#recLen)
      this.#recBuf = grown
    }
    buf.copy(this.#recBuf, this.#recLen, from, to)
    this.#recLen = need
  }

  #isBlank(bytes: Buffer, from: number, to: number): boolean {
    this.#resetTracker()
    this.#track(bytes, from, to)
    const blank = !this.#tNonBlank
    this.#resetTracker()
    return blank
  }

  #resetTracker(): void {
    this.#tFed = 0
    this.#tState = FIELD_START
    this.#tNeed = 0
    this.#tCp = 0
    this.#tNonBlank = false
  }

  /**
   * Follows record bytes in order and notes whether any field holds something other than
   * String.prototype.trim whitespace. Input is already validated UTF-8; a character may be
   * split across calls.
   */
  #track(bytes: Uint8Array, from: number, to: number): void {
    if (this.#tNonBlank) return
    const delim = this.#delim
    let st = this.#tState
    let need = this.#tNeed
    let cp = this.#tCp
    for (let i = from; i < to; i++) {
      const b = bytes[i]
      if (need > 0) {
        cp = (cp << 6) | (b & 0x3f)
        if (--need === 0 && !isSpaceCode(cp)) {
          this.#tNonBlank = true
          return
        }
        continue
      }
      if (st === QUOTED) {
        if (b === QUOTE) {
          st = QUOTE_SEEN
          continue
        }
      } else if (st === QUOTE_SEEN) {
        if (b === QUOTE) {
          this.#tNonBlank = true // `""` is a quote character
          return
        }
        if (b === delim) {
          st = FIELD_START
          continue
        }
        st = UNQUOTED
      } else if (st === FIELD_START) {
        if (b === QUOTE) {
          st = QUOTED
          continue
        }
        if (b === delim) continue
        st = UNQUOTED
      } else if (b === delim) {
        st = FIELD_START
        continue
      }
      if (b < 0x80) {
        if (b !== 32 && (b < 9 || b > 13)) {
          this.#tNonBlank = true
          return
        }
      } else if (this.#highSpace !== null) {
        if (this.#highSpace[b - 0x80] === 0) {
          this.#tNonBlank = true
          return
        }
      } else {
        need = utf8SequenceLength(b) - 1
        cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07)
      }
    }
    this.#tState = st
    this.#tNeed = need
    this.#tCp = cp
  }

  /** Throws on a NUL byte or invalid UTF-8, carrying an incomplete trailing sequence to the next chunk. */
  #checkEncoding(buf: Buffer): void {
    const len = buf.length
    if (this.#decoder !== null) {
      // A legacy encoding decodes any byte; only a NUL says the file is not text.
      const nul = buf.indexOf(0)
      if (nul !== -1) throw this.#encodingError(this.#lineAt(buf, nul), 'nul')
      return
    }
    let from = 0
    if (this.#u8Len > 0) {
      const u8 = this.#u8
      while (from < len && this.#u8Len < this.#u8Need) {
        const c = buf[from]
        if (c < 0x80 || c > 0xbf) throw this.#encodingError(this.#line, 'invalid_utf8')
        u8[this.#u8Len++] = c
        from++
      }
      if (this.#u8Len < this.#u8Need) return
      if (!isUtf8(u8.subarray(0, this.#u8Len))) throw this.#encodingError(this.#line, 'invalid_utf8')
      this.#u8Len = 0
    }
    const tail = incompleteTailStart(buf, from, len)
    let bad = -1
    if (!isUtf8(buf.subarray(from, tail))) {
      bad = firstInvalidUtf8(buf, from, tail)
      if (bad === -1) bad = from
    }
    const nul = buf.indexOf(0)
    if (nul !== -1 && (bad === -1 || nul < bad)) throw this.#encodingError(this.#lineAt(buf, nul), 'nul')
    if (bad !== -1) throw this.#encodingError(this.#lineAt(buf, bad), 'invalid_utf8')
    if (tail < len) {
      buf.copy(this.#u8, 0, tail, len)
      this.#u8Len = len - tail
      this.#u8Need = utf8SequenceLength(buf[tail])
    }
  }

  /** Physical line of chunk index k (before the chunk is parsed). */
  #lineAt(buf: Buffer, k: number): number {
    return this.#line + countBreaks(buf, 0, k, this.#prevCR)
  }

  #encodingError(line: number, problem: 'invalid_utf8' | 'nul'): FileRejection {
    this.#ended = true
    return encodingRejection(problem, line)
  }
}
