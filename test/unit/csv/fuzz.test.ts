// Random files, scanned in random chunks, against the naive reference reading of the rules.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { RecordScanner, type CsvLayout, type RecordOutcome, type ScanPosition } from '../../../main/importer/csv/index.ts'
import { assertResumable, scanOrRejection, tuples } from './helpers.ts'
import { referenceScan, type ReferenceResult } from './reference.ts'

/** Deterministic PRNG: a failure names its seed and replays. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Rand = () => number
const pick = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(rand() * list.length)]

const EMAILS = ['ann@example.com', 'Bob@Example.COM', ' c@d.ef ', 'bob@', '@x.y', 'a@b', 'a b@c.d', '', '  ', 'zoë@exämple.de', 'x@y.z', '"q"@r.st']
const NAMES = ['Ann', ' Bob ', '', ' ', '\u00a0', 'Zoë', '佐藤', 'O"Neil', '=1+2', 'a,b', 'a;b', 'a\tb', 'two\nlines', 'cr\rhere', 'crlf\r\nhere', 'say ""hi""', '😀']
const TERMINATORS = ['\n', '\r\n', '\r']

function quote(value: string): string {
  return `"${value.replaceAll('"', '""')}"`
}

/** A cell as written: plain when it can be, otherwise quoted, sometimes quoted for no reason or with text after the quote. */
function cell(rand: Rand, value: string, delimiter: string): string {
  const needs = /["\r\n]/.test(value) || value.includes(delimiter)
  const r = rand()
  if (needs || r < 0.2) return r < 0.05 ? `${quote(value)}x ` : quote(value)
  return value
}

interface Case {
  bytes: Buffer
  layout: CsvLayout
  start: ScanPosition
}

function structuredCase(rand: Rand): Case {
  const delimiter = pick(rand, [',', ';', '\t'] as const)
  const columns = ['email', 'first_name', 'last_name']
  if (rand() < 0.5) columns.push('notes')
  for (let i = columns.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    ;[columns[i], columns[j]] = [columns[j], columns[i]]
  }
  const header = columns.join(delimiter) + '\n'
  let body = ''
  const records = Math.floor(rand() * 8)
  for (let r = 0; r < records; r++) {
    const x = rand()
    if (x < 0.1) {
      body += pick(rand, ['', '  ', '\t', '\u00a0', delimiter + delimiter, '""', `" "${delimiter}`])
    } else {
      const values = columns.map((c) => (c === 'email' ? pick(rand, EMAILS) : pick(rand, NAMES)))
      if (rand() < 0.1) values.push(pick(rand, NAMES))
      if (rand() < 0.1) values.pop()
      body += values.map((v) => cell(rand, v, delimiter)).join(delimiter)
    }
    if (r < records - 1 || rand() < 0.8) body += pick(rand, TERMINATORS)
  }
  if (rand() < 0.05) body += `a${delimiter}"never closed\n`
  const layout: CsvLayout = {
    delimiter,
    headers: columns,
    fieldCount: columns.length,
    emailIndex: columns.indexOf('email'),
    firstNameIndex: columns.indexOf('first_name'),
    lastNameIndex: columns.indexOf('last_name'),
  }
  const bytes = Buffer.from(header + body)
  return { bytes, layout, start: { offset: Buffer.byteLength(header), row: 0, line: 2 } }
}

/** Byte soup over the characters that matter to the parser. */
function soupCase(rand: Rand): Case {
  const alphabet = ['a', 'b', '@', '.', ',', ',', '"', '"', '\r', '\n', '\n', ' ', 'é', '\u3000']
  const header = 'email,first_name,last_name\r\n'
  let body = ''
  const n = Math.floor(rand() * 60)
  for (let i = 0; i < n; i++) body += pick(rand, alphabet)
  const layout: CsvLayout = { delimiter: ',', headers: ['email', 'first_name', 'last_name'], fieldCount: 3, emailIndex: 0, firstNameIndex: 1, lastNameIndex: 2 }
  return { bytes: Buffer.from(header + body), layout, start: { offset: Buffer.byteLength(header), row: 0, line: 2 } }
}

/** A structured file with bytes that are not UTF-8 spliced in. */
function encodingCase(rand: Rand): Case {
  const c = structuredCase(rand)
  const bad = pick(rand, [[0x00], [0xe9], [0xff], [0xc3], [0xe2, 0x82], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x80]])
  const at = c.start.offset + Math.floor(rand() * (c.bytes.length - c.start.offset + 1))
  const bytes = Buffer.concat([c.bytes.subarray(0, at), Buffer.from(bad), c.bytes.subarray(at)])
  return { ...c, bytes }
}

function actual(c: Case, chunkSize: number): ReferenceResult {
  const result = scanOrRejection(c.bytes, c.layout, c.start, chunkSize)
  if ('reason' in result) return { reason: result.reason as 'encoding' | 'unterminated_quote', line: result.line ?? -1 }
  return { outcomes: tuples(result.outcomes), finalRow: result.final.row, finalLine: result.final.line }
}

function check(kind: string, make: (rand: Rand) => Case, cases: number, resumeEvery: number): void {
  for (let seed = 1; seed <= cases; seed++) {
    const rand = prng(seed * 7919 + kind.length)
    const c = make(rand)
    const want = referenceScan(c.bytes, c.layout, c.start)
    const label = `${kind} seed ${seed}: ${JSON.stringify(c.bytes.toString('latin1'))}`
    for (const size of [Number.MAX_SAFE_INTEGER, 1 + Math.floor(rand() * 7), 1 + Math.floor(rand() * 40)]) {
      assert.deepEqual(actual(c, size), want, `${label}, chunks of ${size}`)
    }
    if (seed % resumeEvery === 0) assertResumable(c.bytes, c.layout, c.start, label)
  }
}

describe('CSV scanner against the reference reading', () => {
  it('agrees on structured files', () => check('structured', structuredCase, 1500, 10))
  it('agrees on byte soup', () => check('soup', soupCase, 2000, 10))
  it('agrees on files that are not UTF-8', () => check('encoding', encodingCase, 800, 20))

  it('the reference itself sees what the rules say', () => {
    // Guards the guard: a reference that agreed with a broken scanner on everything would pass.
    const layout: CsvLayout = { delimiter: ',', headers: ['email', 'first_name', 'last_name'], fieldCount: 3, emailIndex: 0, firstNameIndex: 1, lastNameIndex: 2 }
    const start = { offset: 0, row: 0, line: 2 }
    const scan = (s: string | Buffer): ReferenceResult => referenceScan(Buffer.from(s), layout, start)
    assert.deepEqual(scan('A@B.co,"x\r\ny",z\r\n\r\n,,\nq,w'), {
      outcomes: [
        [1, 2, 'contact', 'a@b.co', 'x\r\ny', 'z'],
        [2, 6, 'field_count', 'q'],
      ],
      finalRow: 2,
      finalLine: 6,
    })
    assert.deepEqual(scan('a,b,c\n"open\r\n'), { reason: 'unterminated_quote', line: 3 })
    assert.deepEqual(scan(Buffer.from([0x61, 0x0d, 0x0a, 0x62, 0x0d, 0xe2, 0x82, 0x41])), { reason: 'encoding', line: 4 })
    assert.deepEqual(scan(Buffer.from([0x61, 0x0a, 0xe2, 0x82])), { reason: 'encoding', line: 3 })
  })

  it('returns each outcome once, in row order, whatever the chunking', () => {
    const rand = prng(99)
    for (let k = 0; k < 200; k++) {
      const c = structuredCase(rand)
      const scanner = new RecordScanner(c.layout, c.start)
      const outcomes: RecordOutcome[] = []
      try {
        for (let at = c.start.offset; at < c.bytes.length; ) {
          const n = 1 + Math.floor(rand() * 9)
          outcomes.push(...scanner.push(c.bytes.subarray(at, at + n)))
          at += n
        }
        outcomes.push(...scanner.end())
      } catch {
        continue
      }
      assert.deepEqual(
        outcomes.map((o) => o.row),
        outcomes.map((_, i) => i + 1),
      )
    }
  })
})
