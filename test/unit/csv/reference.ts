// A deliberately naive reading of CSV-RULES.md (whole file as one string, character by character),
// written apart from the scanner so the fuzz tests compare two implementations of the same rules.
import type { CsvLayout, ScanPosition } from '../../../main/importer/csv/index.ts'
import type { Tuple } from './helpers.ts'

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export type ReferenceResult =
  | { outcomes: Tuple[]; finalRow: number; finalLine: number }
  | { reason: 'encoding' | 'unterminated_quote'; line: number }

/** Lines counted in raw bytes: every CR, and every LF not right after a CR. */
function lineOfByte(bytes: Uint8Array, from: number, index: number, firstLine: number): number {
  let line = firstLine
  for (let i = from; i < index; i++) {
    if (bytes[i] === 13 || (bytes[i] === 10 && !(i > from && bytes[i - 1] === 13))) line++
  }
  return line
}

/** First NUL or first byte of the first ill-formed sequence, found with a fatal TextDecoder. */
function firstBadByte(bytes: Uint8Array, from: number): number {
  const nul = bytes.indexOf(0, from)
  let bad = -1
  if (!decodesFully(bytes.subarray(from))) {
    // Longest prefix that is valid UTF-8 or a valid start of it.
    let lo = from
    let hi = bytes.length
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (decodesAsPrefix(bytes.subarray(from, mid))) lo = mid
      else hi = mid - 1
    }
    bad = lo
    // When that prefix ends inside a sequence, the bad sequence starts at its lead byte.
    if (!decodesFully(bytes.subarray(from, lo))) {
      bad = lo - 1
      while (bytes[bad] >= 0x80 && bytes[bad] < 0xc0) bad--
    }
  }
  if (nul !== -1 && (bad === -1 || nul < bad)) return nul
  return bad
}

function decodesFully(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return true
  } catch {
    return false
  }
}

/** Decodes as a possibly truncated prefix of valid UTF-8 (a cut sequence at the end is fine). */
function decodesAsPrefix(bytes: Uint8Array): boolean {
  for (let cut = 0; cut <= 3 && cut <= bytes.length; cut++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, bytes.length - cut))
      if (cut === 0) return true
      const tail = bytes.subarray(bytes.length - cut)
      const need = tail[0] >= 0xf0 ? 4 : tail[0] >= 0xe0 ? 3 : tail[0] >= 0xc2 ? 2 : 0
      if (need > cut && [...tail.subarray(1)].every((b) => b >= 0x80 && b < 0xc0)) return true
    } catch {
      // try a shorter prefix
    }
  }
  return false
}

/** What the rules say about the data records of `bytes` starting at `start`. */
export function referenceScan(bytes: Uint8Array, layout: CsvLayout, start: ScanPosition): ReferenceResult {
  // The scanner validates bytes before parsing them, so a bad byte anywhere rejects the file.
  const bad = firstBadByte(bytes, start.offset)
  if (bad !== -1) return { reason: 'encoding', line: lineOfByte(bytes, start.offset, bad, start.line) }
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start.offset))
  const d = layout.delimiter
  const n = text.length
  const out: Tuple[] = []
  let i = 0
  let line = start.line
  let row = start.row
  while (i < n) {
    const recLine = line
    const fields: string[] = []
    for (;;) {
      let value = ''
      if (text[i] === '"') {
        const quoteLine = line
        i++
        for (;;) {
          if (i >= n) return { reason: 'unterminated_quote', line: quoteLine }
          const c = text[i]
          if (c === '"') {
            if (text[i + 1] === '"') {
              value += '"'
              i += 2
              continue
            }
            i++
            break
          }
          if (c === '\r' && text[i + 1] === '\n') {
            value += '\r\n'
            line++
            i += 2
            continue
          }
          if (c === '\r' || c === '\n') line++
          value += c
          i++
        }
      }
      while (i < n && text[i] !== d && text[i] !== '\r' && text[i] !== '\n') value += text[i++]
      fields.push(value)
      if (i < n && text[i] === d) {
        i++
        continue
      }
      break
    }
    if (i < n) {
      if (text[i] === '\r' && text[i + 1] === '\n') i++
      i++
      line++
    }
    const v = fields.map((f) => f.trim())
    if (v.every((f) => f === '')) continue
    row++
    const raw = fields[layout.emailIndex] ?? ''
    const email = (raw.includes(' ::: ') ? raw.slice(0, raw.indexOf(' ::: ')) : raw).trim()
    const first = v[layout.firstNameIndex] ?? ''
    const last = v[layout.lastNameIndex] ?? ''
    const extra = v.slice(layout.fieldCount).some((f) => f !== '')
    if (fields.length < layout.fieldCount || extra) out.push([row, recLine, 'field_count', email])
    else if (email === '') out.push([row, recLine, 'missing_email', email])
    else if (!EMAIL.test(email)) out.push([row, recLine, 'invalid_email', email])
    else if (first === '' || last === '') out.push([row, recLine, 'missing_value', email])
    else out.push([row, recLine, 'contact', email.toLowerCase(), first, last])
  }
  return { outcomes: out, finalRow: row, finalLine: line }
}
