// Splits one record off the start of some text units (bytes or UTF-16 code units) with the
// scanner's rules, and guesses its delimiter. Used on the head of a file, where simplicity wins.

const QUOTE = 34
const CR = 13
const LF = 10

/** In detection order: a tie goes to the earlier one. */
const DELIMITERS = [',', ';', '\t'] as const
export type Delimiter = (typeof DELIMITERS)[number]

/** Bytes of the file, or UTF-16 code units: what records are split on. */
export type Units = Uint8Array | Uint16Array

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
export function splitRecord(
  bytes: Units,
  delimiter: Delimiter,
  eof: boolean,
  decode: (start: number, end: number) => string = utf8Decoder(bytes),
): SplitRecord {
  const d = delimiter.charCodeAt(0)
  const len = bytes.length
  const ranges: number[] = [] // start, end, closing quote (-1) per field
  let i = 0
  let end: number
  let next: number
  for (;;) {
    // Field starting at i.
    const start = i
    let closeAt = -1 // closing quote of the field in progress
    if (i < len && bytes[i] === QUOTE) {
      const quoteAt = i
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
  const fields: string[] = []
  for (let k = 0; k < ranges.length; k += 3) {
    const s = ranges[k]
    const e = ranges[k + 1]
    const q = ranges[k + 2]
    if (q < 0) fields.push(decode(s, e))
    else fields.push(decode(s + 1, q).replaceAll('""', '"') + decode(q + 1, e))
  }
  return { fields, end, next, openQuote: -1 }
}

export function utf8Decoder(units: Units): (start: number, end: number) => string {
  const buf = Buffer.from(units.buffer, units.byteOffset, units.byteLength)
  return (start, end) => buf.toString('utf8', start, end)
}

/**
 * Delimiter of a header record: the most frequent of , ; tab outside quotes, ties going to comma,
 * then semicolon, then tab; comma when there is none. The delimiter is not known yet, so a quoted
 * field is one whose `"` starts the record or follows any of the three: in `a;"b,c";d` the comma
 * is inside quotes.
 */
export function detectDelimiter(header: Units): Delimiter {
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

