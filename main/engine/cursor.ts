// Step cursors: JSON values, their successor (Ruby's Integer#succ / String#succ) and equality.

import { UnadvanceableCursorError } from './errors.ts'

/** A step's progress marker. Must survive JSON.stringify / JSON.parse unchanged. */
export type Cursor = null | boolean | number | string | Cursor[] | { [key: string]: Cursor }

/**
 * The successor of a cursor, as Ruby's `succ`: integers + 1, strings like String#succ.
 * Everything else has no `succ` in Ruby, so it throws UnadvanceableCursorError with Rails' message.
 */
export function succ(cursor: Cursor): Cursor {
  if (typeof cursor === 'number') {
    if (Number.isInteger(cursor)) return cursor + 1
  } else if (typeof cursor === 'string') {
    return rubyStringSucc(cursor)
  }
  throw new UnadvanceableCursorError(`Cursor class '${rubyClassName(cursor)}' does not implement 'succ'`)
}

/** The Ruby class a cursor would have once deserialized by Active Job (used in error messages). */
export function rubyClassName(value: unknown): string {
  if (value === null || value === undefined) return 'NilClass'
  if (value === true) return 'TrueClass'
  if (value === false) return 'FalseClass'
  if (typeof value === 'number') return Number.isInteger(value) ? 'Integer' : 'Float'
  if (typeof value === 'string') return 'String'
  if (Array.isArray(value)) return 'Array'
  if (typeof value === 'object') return 'Hash'
  return typeof value
}

/** Deep equality of cursors, as Ruby's `==` on the deserialized values (hash key order ignored). */
export function cursorsEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!cursorsEqual(a[i], b[i])) return false
    return true
  }
  if (Array.isArray(b)) return false
  const ao = a as Record<string, unknown>
  const bo = b as Record<string, unknown>
  const keys = Object.keys(ao)
  if (keys.length !== Object.keys(bo).length) return false
  for (const key of keys) {
    if (!Object.hasOwn(bo, key) || !cursorsEqual(ao[key], bo[key])) return false
  }
  return true
}

/** A cursor inside a description (`at 'x', cursor '…'`): Ruby's `inspect`, spelled as JSON. */
export function inspectCursor(cursor: Cursor | undefined): string {
  return JSON.stringify(cursor ?? null)
}

/** A cursor inside a log line: Ruby's `to_s`; strings raw, null empty, anything else JSON. */
export function cursorToS(cursor: Cursor | undefined): string {
  if (cursor === null || cursor === undefined) return ''
  if (typeof cursor === 'string') return cursor
  return JSON.stringify(cursor)
}

// ---- Ruby String#succ (string.c: str_succ, enc_succ_alnum_char, enc_succ_char, enc_pred_char) ----
//
// Ruby works on UTF-8 bytes; the byte arithmetic amounts to this on code points: the "next char"
// of a character is the next valid code point with the same UTF-8 length (surrogates are not
// valid), and running past the last one of that length wraps. Digit and letter classes are the
// Unicode ones Onigmo uses (Nd, Alphabetic). Lone UTF-16 surrogates stand for invalid bytes,
// which Ruby steps over.

const NOT_CHAR = 0
const FOUND = 1
const WRAPPED = 2

const CTYPE_NONE = 0
const CTYPE_DIGIT = 1
const CTYPE_ALPHA = 2

const DIGIT_RE = /^\p{Nd}$/u
const ALPHA_RE = /^\p{Alphabetic}$/u

function ctypeOf(cp: number): number {
  if (cp < 0x80) {
    if (cp >= 0x30 && cp <= 0x39) return CTYPE_DIGIT
    if ((cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a)) return CTYPE_ALPHA
    return CTYPE_NONE
  }
  if (isSurrogate(cp)) return CTYPE_NONE
  const ch = String.fromCodePoint(cp)
  if (DIGIT_RE.test(ch)) return CTYPE_DIGIT
  if (ALPHA_RE.test(ch)) return CTYPE_ALPHA
  return CTYPE_NONE
}

function isSurrogate(cp: number): boolean {
  return cp >= 0xd800 && cp <= 0xdfff
}

function utf8Length(cp: number): number {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4
}

const MIN_CP = [0, 0x00, 0x80, 0x800, 0x10000]
const MAX_CP = [0, 0x7f, 0x7ff, 0xffff, 0x10ffff]

/** Next valid code point of UTF-8 length `len` after `cp`, or -1 when that wraps. */
function succCodePoint(cp: number, len: number): number {
  let next = cp + 1
  if (isSurrogate(next)) next = 0xe000
  return next > MAX_CP[len] ? -1 : next
}

/** Previous valid code point of UTF-8 length `len` before `cp`, or -1 when that wraps. */
function predCodePoint(cp: number, len: number): number {
  let prev = cp - 1
  if (isSurrogate(prev)) prev = 0xd7ff
  return prev < MIN_CP[len] ? -1 : prev
}

// Results of succAlnumChar, kept in module state so the hot loop allocates nothing.
let alnumResult = 0
let alnumCarry = 0

/** enc_succ_alnum_char: the next digit/letter, or the first of its run plus a carry on wrap. */
function succAlnumChar(cp: number): number {
  const ctype = ctypeOf(cp)
  if (ctype === CTYPE_NONE) return NOT_CHAR
  const len = utf8Length(cp)

  // One gap is allowed (Ruby skips U+03A2, the hole between Greek capital letters).
  let probe = cp
  for (let attempt = 0; attempt <= 1; attempt++) {
    const next = succCodePoint(probe, len)
    if (next >= 0) {
      if (ctypeOf(next) === ctype) {
        alnumResult = next
        return FOUND
      }
      probe = next
    } else {
      // Ruby's bytes are now all zero; its next successor is the first char of this length.
      probe = len === 1 ? 0 : MIN_CP[len] - 1
    }
  }

  let first = cp
  let range = 1
  for (;;) {
    const prev = predCodePoint(first, len)
    if (prev < 0 || ctypeOf(prev) !== ctype) break
    first = prev
    range++
  }
  if (range === 1) return NOT_CHAR

  alnumResult = first
  if (ctype === CTYPE_DIGIT) {
    const carry = succCodePoint(first, len)
    alnumCarry = carry < 0 ? first : carry
  } else {
    alnumCarry = first
  }
  return WRAPPED
}

function isAsciiAlpha(cp: number): boolean {
  return (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a)
}

function isAsciiDigit(cp: number): boolean {
  return cp >= 0x30 && cp <= 0x39
}

/**
 * Ruby's String#succ: increment the rightmost alphanumeric (digits stay digits, letters keep
 * their case) carrying leftwards across alphanumerics, and across other characters unless they
 * separate a letter from a digit; a carry past the left end inserts a character ("zz" → "aaa",
 * "a9" → "b0", "Zz" → "AAa", "-9" → "-10", "1.9" → "2.0"). Strings without alphanumerics
 * increment their rightmost character ("***" → "**+", "\x7F" → "\x01\x00"). "" stays "".
 */
export function rubyStringSucc(str: string): string {
  if (str.length === 0) return str

  const cps: number[] = []
  for (const ch of str) cps.push(ch.codePointAt(0) as number)

  let neighbor = FOUND
  let lastAlnum = -1
  let foundAlnum = false
  let carryPos = 0
  let carry = 1

  for (let i = cps.length - 1; i >= 0; i--) {
    const cp = cps[i]
    if (neighbor === NOT_CHAR && lastAlnum >= 0) {
      const last = cps[lastAlnum]
      const separatesKinds = isAsciiAlpha(last) ? isAsciiDigit(cp) : isAsciiDigit(last) ? isAsciiAlpha(cp) : false
      if (separatesKinds) break
    }
    if (isSurrogate(cp)) continue
    neighbor = succAlnumChar(cp)
    if (neighbor === NOT_CHAR) continue
    cps[i] = alnumResult
    if (neighbor === FOUND) return fromCodePoints(cps)
    lastAlnum = i
    carry = alnumCarry
    foundAlnum = true
    carryPos = i
  }

  if (!foundAlnum) {
    carry = 1
    for (let i = cps.length - 1; i >= 0; i--) {
      const cp = cps[i]
      if (isSurrogate(cp)) continue
      const len = utf8Length(cp)
      const next = succCodePoint(cp, len)
      if (next >= 0) {
        cps[i] = next
        return fromCodePoints(cps)
      }
      cps[i] = MIN_CP[len]
      carryPos = i
    }
  }

  cps.splice(carryPos, 0, carry)
  return fromCodePoints(cps)
}

function fromCodePoints(cps: number[]): string {
  if (cps.length <= 4096) return String.fromCodePoint(...cps)
  let out = ''
  for (let i = 0; i < cps.length; i += 4096) out += String.fromCodePoint(...cps.slice(i, i + 4096))
  return out
}
