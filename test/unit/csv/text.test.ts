// The text helpers under the CSV reader: whitespace, emails, header names, UTF-8, line breaks.
import assert from 'node:assert/strict'
import { isUtf8 } from 'node:buffer'
import { describe, it } from 'node:test'
import { isValidEmail, normalizeHeader } from '../../../main/importer/csv/index.ts'
import {
  countBreaks,
  decodeUtf8,
  firstInvalidUtf8,
  formatCount,
  incompleteTailStart,
  isSpaceCode,
} from '../../../main/importer/csv/text.ts'

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

describe('CSV text helpers', () => {
  it('isSpaceCode is exactly what trim() and \\s remove', () => {
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c)
      assert.equal(isSpaceCode(c), ch.trim() === '', `U+${c.toString(16)}`)
      assert.equal(isSpaceCode(c), /\s/.test(ch), `U+${c.toString(16)}`)
    }
  })

  it('isValidEmail agrees with /^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$/ on every short string', () => {
    const alphabet = ['a', '@', '.', ' ', '\u00a0', 'é', '\t']
    let strings = ['']
    for (let len = 1; len <= 6; len++) {
      strings = strings.flatMap((s) => alphabet.map((c) => s + c))
      for (const s of strings) assert.equal(isValidEmail(s), EMAIL.test(s), JSON.stringify(s))
    }
  })

  it('isValidEmail agrees with the regex on random longer strings', () => {
    const alphabet = 'ab.@.\u2003\u3000\ufeffé-_+1'
    let seed = 7
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    for (let k = 0; k < 20_000; k++) {
      let s = ''
      const n = Math.floor(rand() * 24)
      for (let i = 0; i < n; i++) s += alphabet[Math.floor(rand() * alphabet.length)]
      assert.equal(isValidEmail(s), EMAIL.test(s), JSON.stringify(s))
    }
    for (const s of ['bob@example.com', 'a@b.c', 'a@b.c.', 'a@.b.c', 'a@b..c', 'ä@ö.ü', 'a@b.c d', 'a\u200b@b.c']) {
      assert.equal(isValidEmail(s), EMAIL.test(s), s)
    }
  })

  it('isValidEmail stays linear on a hostile 1 MiB cell', () => {
    const hostile = 'a@' + 'a.'.repeat(500_000) + ' x'
    const t = performance.now()
    assert.equal(isValidEmail(hostile), false)
    assert.equal(isValidEmail('a@' + 'b'.repeat(1_000_000)), false)
    assert.ok(performance.now() - t < 200, 'took too long')
  })

  it('normalizeHeader trims, lower-cases and folds runs of space, _ and - into one _', () => {
    const cases: [string, string][] = [
      ['First Name', 'first_name'],
      ['first-name', 'first_name'],
      ['FIRST_NAME', 'first_name'],
      ['  first  __ -- name \t', 'first_name'],
      ['first\u00a0name', 'first_name'],
      ['E-mail', 'e_mail'],
      ['Email', 'email'],
      ['\ufeffemail', 'email'],
      ['_email', '_email'],
      ['last.name', 'last.name'],
      ['', ''],
    ]
    for (const [input, want] of cases) assert.equal(normalizeHeader(input), want, JSON.stringify(input))
  })

  it('firstInvalidUtf8 finds the first bad sequence wherever isUtf8 says no', () => {
    let seed = 3
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    const pieces = [[0x61], [0x0a], [0xc3, 0xa9], [0xe2, 0x82, 0xac], [0xf0, 0x9f, 0x98, 0x80], [0x80], [0xc3], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xff], [0xc1, 0xbf]]
    for (let k = 0; k < 5000; k++) {
      const bytes = Buffer.from(Array.from({ length: Math.floor(rand() * 8) }, () => pieces[Math.floor(rand() * pieces.length)]).flat())
      const bad = firstInvalidUtf8(bytes, 0, bytes.length)
      assert.equal(bad === -1, isUtf8(bytes), bytes.toString('hex'))
      if (bad !== -1) {
        assert.ok(isUtf8(bytes.subarray(0, bad)), `prefix before ${bad} of ${bytes.toString('hex')}`)
        // No valid sequence starts at `bad`.
        for (let n = 1; n <= 4; n++) assert.ok(!isUtf8(bytes.subarray(bad, bad + n)) || bad + n > bytes.length)
      }
    }
  })

  it('incompleteTailStart cuts before a character split at the end of a chunk', () => {
    const text = Buffer.from('aé€😀b😀')
    for (let cut = 0; cut <= text.length; cut++) {
      const tail = incompleteTailStart(text, 0, cut)
      assert.ok(isUtf8(text.subarray(0, tail)), `cut ${cut}`)
      assert.ok(cut - tail <= 3)
      // Nothing complete is held back.
      if (tail < cut) assert.ok(!isUtf8(text.subarray(tail, cut)), `cut ${cut}`)
    }
    assert.equal(incompleteTailStart(Buffer.from([0x61, 0xff]), 0, 2), 2) // invalid bytes are left to the validator
    assert.equal(incompleteTailStart(Buffer.from([0xe2, 0x82]), 1, 2), 2) // never looks before `from`
  })

  it('countBreaks counts CR, LF and CRLF once each, across chunks', () => {
    const b = Buffer.from('a\r\nb\rc\nd\r\r\n\n')
    assert.equal(countBreaks(b, 0, b.length, false), 6)
    assert.equal(countBreaks(b, 2, b.length, false), 6) // a lone LF at the start is a break
    assert.equal(countBreaks(b, 2, b.length, true), 5) // unless the chunk before ended with CR
  })

  it('formatCount and decodeUtf8', () => {
    assert.deepEqual([0, 999, 1000, 4512, 1234567].map(formatCount), ['0', '999', '1,000', '4,512', '1,234,567'])
    const b = Buffer.from('xé😀y')
    assert.equal(decodeUtf8(b, 1, b.length - 1), 'é😀')
    assert.equal(decodeUtf8(b, 3, 3), '')
  })
})
