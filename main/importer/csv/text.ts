// Pure text helpers of the CSV reader: whitespace, emails, header names, UTF-8 checks, line breaks.

/** Largest record, in raw bytes without its terminator, that is still parsed (CSV-RULES: 1 MiB). */
export const MAX_RECORD_BYTES = 1_048_576

/**
 * True for the code points that String.prototype.trim and the regex class `\s` remove
 * (ECMAScript WhiteSpace + LineTerminator; the two sets are identical, checked by a unit test).
 */
export function isSpaceCode(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13)
  if (c < 0xa0) return false
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
    c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  )
}

/**
 * Same answer as /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed), in one pass: that regex backtracks
 * quadratically on long dotted strings, and an email cell may be up to 1 MiB.
 */
export function isValidEmail(trimmed: string): boolean {
  const n = trimmed.length
  let at = -1
  for (let i = 0; i < n; i++) {
    const c = trimmed.charCodeAt(i)
    if (c === 64) {
      if (at !== -1) return false
      at = i
    } else if ((c <= 32 || c >= 0xa0) && isSpaceCode(c)) {
      return false
    }
  }
  if (at < 1) return false
  // The domain needs a dot with at least one character on each side.
  return trimmed.lastIndexOf('.', n - 2) >= at + 2
}

/** "First Name" = "first-name" = "FIRST__NAME" → "first_name". Aliases are the mapping's business. */
export function normalizeHeader(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_-]+/g, '_')
}

/** Formats 4512 as "4,512" for messages, whatever the machine's locale. */
export function formatCount(n: number): string {
  // Not toLocaleString: it is slow enough to show in the scan profile of files with many errors.
  const s = String(n)
  return n < 1000 ? s : s.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

interface Utf8Slicer {
  utf8Slice(start: number, end: number): string
}
const hasUtf8Slice = typeof (Buffer.prototype as unknown as Partial<Utf8Slicer>).utf8Slice === 'function'

/**
 * bytes[start, end) decoded as UTF-8 (already validated). Calls Buffer's internal utf8Slice when
 * present: toString's argument handling costs about as much as the decoding of a short field.
 */
export function decodeUtf8(bytes: Buffer, start: number, end: number): string {
  if (start >= end) return ''
  return hasUtf8Slice ? (bytes as unknown as Utf8Slicer).utf8Slice(start, end) : bytes.toString('utf8', start, end)
}

/**
 * Number of line breaks in bytes[from, to): every CR, and every LF not right after a CR.
 * prevCR: whether the byte before `from` (possibly in an earlier chunk) was a CR.
 */
export function countBreaks(bytes: ArrayLike<number>, from: number, to: number, prevCR: boolean): number {
  let n = 0
  let cr = prevCR
  for (let i = from; i < to; i++) {
    const b = bytes[i]
    if (b === 13) {
      n++
      cr = true
    } else {
      if (b === 10 && !cr) n++
      cr = false
    }
  }
  return n
}

/** Length of the UTF-8 sequence a lead byte announces; 1 for bytes that cannot lead one (so a validator flags them). */
export function utf8SequenceLength(lead: number): number {
  if (lead < 0xc2) return 1
  if (lead < 0xe0) return 2
  if (lead < 0xf0) return 3
  if (lead < 0xf5) return 4
  return 1
}

/**
 * Index where an incomplete UTF-8 sequence at the end of bytes[from, to) begins, or `to` when the
 * range does not end inside a sequence. Lets a chunk be validated without splitting a character.
 */
export function incompleteTailStart(bytes: Uint8Array, from: number, to: number): number {
  const stop = Math.max(from, to - 3)
  for (let k = to - 1; k >= stop; k--) {
    const b = bytes[k]
    if (b < 0x80) return to
    if (b >= 0xc0) return k + utf8SequenceLength(b) > to ? k : to
  }
  return to
}

/**
 * Index of the first byte of the first ill-formed UTF-8 sequence in bytes[from, to) (Unicode
 * Table 3-7), or -1. Slow path: only called once Buffer's isUtf8 has said the range is invalid.
 */
export function firstInvalidUtf8(bytes: Uint8Array, from: number, to: number): number {
  let i = from
  while (i < to) {
    const b = bytes[i]
    if (b < 0x80) {
      i++
      continue
    }
    const n = utf8SequenceLength(b)
    if (n === 1 || i + n > to) return i
    const b1 = bytes[i + 1]
    let lo = 0x80
    let hi = 0xbf
    if (b === 0xe0) lo = 0xa0
    else if (b === 0xed) hi = 0x9f
    else if (b === 0xf0) lo = 0x90
    else if (b === 0xf4) hi = 0x8f
    if (b1 < lo || b1 > hi) return i
    for (let k = 2; k < n; k++) {
      const c = bytes[i + k]
      if (c < 0x80 || c > 0xbf) return i
    }
    i += n
  }
  return -1
}
