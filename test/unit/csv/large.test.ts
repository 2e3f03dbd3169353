// Records and headers around the 1 MiB limit, generated here rather than committed.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import {
  MAX_RECORD_BYTES,
  RecordScanner,
  readLayout,
  type CsvLayout,
  type ScanPosition,
} from '../../../main/importer/csv/index.ts'
import { rejection, scanBytes, scanOrRejection, tuples, type Tuple } from './helpers.ts'

const MAX = MAX_RECORD_BYTES
const HEADER = 'email,first_name,last_name\n'
const LAYOUT: CsvLayout = { delimiter: ',', headers: ['email', 'first_name', 'last_name'], fieldCount: 3, emailIndex: 0, firstNameIndex: 1, lastNameIndex: 2 }
const START: ScanPosition = { offset: HEADER.length, row: 0, line: 2 }
const BOB = 'bob@example.com,Bob,Jones\n'

/** A file made of the header and the given records. */
function file(...records: (string | Buffer)[]): Buffer {
  return Buffer.concat([Buffer.from(HEADER), ...records.map((r) => (typeof r === 'string' ? Buffer.from(r) : r))])
}

/** A record of exactly `size` bytes (terminator excluded) whose last name pads it. */
function recordOfSize(size: number, prefix = 'ann@example.com,Ann,'): string {
  return prefix + 'S'.repeat(size - Buffer.byteLength(prefix))
}

/**
 * Same outcomes for several chunkings, and from positions a 64 KiB scan reports. Chunk sizes
 * 1..7 over megabytes would take minutes; the small-file tests cover them.
 */
function assertStable(bytes: Buffer, layout = LAYOUT, start = START): ReturnType<typeof scanOrRejection> {
  const whole = scanOrRejection(bytes, layout, start, Number.MAX_SAFE_INTEGER)
  for (const size of [65_536, MAX, MAX + 1, 1000, 7777]) {
    assert.deepEqual(scanOrRejection(bytes, layout, start, size), whole, `chunks of ${size}`)
  }
  if (!('reason' in whole)) {
    // Every distinct position, thinned to a dozen: each restart rescans the rest of the file.
    const positions = [...new Map(scanBytes(bytes, layout, start, 65_536).positions.map((p) => [p.offset, p])).values()]
    const step = Math.max(1, Math.ceil(positions.length / 12))
    for (const position of positions.filter((_, i) => i % step === 0 || i === positions.length - 1)) {
      assert.deepEqual(
        scanOrRejection(bytes, layout, position, 65_536),
        { outcomes: whole.outcomes.filter((o) => o.row > position.row), final: whole.final },
        `resumed at ${JSON.stringify(position)}`,
      )
    }
  }
  return whole
}

function outcomesOf(bytes: Buffer): Tuple[] {
  const result = assertStable(bytes)
  assert.ok(!('reason' in result), `rejected: ${JSON.stringify(result)}`)
  return tuples(result.outcomes)
}

describe('CSV records around 1 MiB', () => {
  it('accepts a record of exactly 1,048,576 bytes, whatever its terminator', () => {
    for (const terminator of ['\n', '\r\n', '\r']) {
      const rows = outcomesOf(file(recordOfSize(MAX) + terminator, BOB))
      assert.equal(rows.length, 2)
      assert.deepEqual(rows[0].slice(0, 5), [1, 2, 'contact', 'ann@example.com', 'Ann'])
      assert.equal(rows[0][5].length, MAX - 'ann@example.com,Ann,'.length)
      assert.deepEqual(rows[1], [2, 3, 'contact', 'bob@example.com', 'Bob', 'Jones'])
    }
    // Also as the last record, without a terminator.
    assert.equal(outcomesOf(file(BOB, recordOfSize(MAX)))[1][2], 'contact')
  })

  it('rejects the row (not the file) one byte over, and reads on', () => {
    for (const terminator of ['\n', '\r\n', '\r']) {
      const bytes = file(recordOfSize(MAX + 1) + terminator, BOB)
      assert.deepEqual(outcomesOf(bytes), [
        [1, 2, 'record_too_large', 'ann@example.com'],
        [2, 3, 'contact', 'bob@example.com', 'Bob', 'Jones'],
      ])
    }
    assert.deepEqual(outcomesOf(file(BOB, recordOfSize(MAX + 1))), [
      [1, 2, 'contact', 'bob@example.com', 'Bob', 'Jones'],
      [2, 3, 'record_too_large', 'ann@example.com'],
    ])
    const [error] = scanBytes(file(recordOfSize(MAX + 1)), LAYOUT, START, 65_536).outcomes
    assert.equal(error.kind === 'error' && error.message, 'Row 1 (line 2) is larger than 1 MiB (1,048,576 bytes), so it was skipped.')
  })

  it('counts raw bytes: quotes, escapes and line breaks inside quotes', () => {
    const prefix = 'ann@example.com,Ann,"'
    const room = MAX - prefix.length - 1 // bytes between the quotes
    const lines = Math.floor(room / 4)
    const exact = prefix + '""\r\n'.repeat(lines) + 'x'.repeat(room - 4 * lines) + '"'
    assert.equal(Buffer.byteLength(exact), MAX)
    assert.deepEqual(outcomesOf(file(exact + '\n', BOB)).map((r) => r.slice(0, 3)), [
      [1, 2, 'contact'],
      [2, 3 + lines, 'contact'],
    ])
    // One byte of text after the closing quote tips it over.
    assert.deepEqual(outcomesOf(file(exact + ' \n', BOB)).map((r) => r.slice(0, 4)), [
      [1, 2, 'record_too_large', 'ann@example.com'],
      [2, 3 + lines, 'contact', 'bob@example.com'],
    ])
  })

  it('keeps line numbers right after a huge record full of line breaks', () => {
    const huge = 'ann@example.com,Ann,"' + 'x\n'.repeat(1_500_000) + '"\n'
    assert.deepEqual(outcomesOf(file(huge, BOB)), [
      [1, 2, 'record_too_large', 'ann@example.com'],
      [2, 1_500_003, 'contact', 'bob@example.com', 'Bob', 'Jones'],
    ])
  })

  it('names the email only when its field lies within the first 1 MiB', () => {
    const layout: CsvLayout = { ...LAYOUT, headers: ['first_name', 'last_name', 'email'], emailIndex: 2, firstNameIndex: 0, lastNameIndex: 1 }
    const check = (emailEnd: number, want: string): void => {
      const email = 'x@example.com'
      const lead = 'Ann,' + 'S'.repeat(emailEnd - email.length - 5) + ','
      const bytes = Buffer.from(HEADER + lead + email + ',' + 'p'.repeat(100_000) + '\n')
      const result = assertStable(bytes, { ...layout, fieldCount: 4 }, START)
      assert.ok(!('reason' in result))
      assert.deepEqual(tuples(result.outcomes), [[1, 2, 'record_too_large', want]])
    }
    check(MAX, 'x@example.com')
    check(MAX + 1, '')
    check(MAX - 70_000, 'x@example.com')
  })

  it('skips a blank record over 1 MiB silently, but not one with a single character in it', () => {
    const blank = Buffer.from(',\u00a0 ,"",\t," \u3000 ",'.repeat(150_000) + '\n')
    assert.ok(blank.length > MAX)
    assert.deepEqual(outcomesOf(file(blank, BOB)), [[1, 3, 'contact', 'bob@example.com', 'Bob', 'Jones']])
    // One speck at the end, the start or the middle; each chunking sees it in a different place.
    const values: Record<string, string> = { x: 'x', '""""': '"', '\u200b': '\u200b', é: 'é' }
    for (const speck of Object.keys(values)) {
      const records = [
        Buffer.concat([blank.subarray(0, -1), Buffer.from(speck + '\n')]),
        Buffer.concat([Buffer.from(speck), blank]),
        Buffer.concat([blank.subarray(0, 1_000_008), Buffer.from(speck), blank.subarray(1_000_008)]),
      ]
      for (const [k, record] of records.entries()) {
        const email = k === 1 ? values[speck] : '' // at the start, the speck is the email field
        assert.deepEqual(outcomesOf(file(record, BOB)), [
          [1, 2, 'record_too_large', email],
          [2, 3, 'contact', 'bob@example.com', 'Bob', 'Jones'],
        ], `${JSON.stringify(speck)} in place ${k}`)
      }
    }
  })

  it('never holds more than 1 MiB of a record between pushes', () => {
    const scanner = new RecordScanner(LAYOUT, START)
    const chunk = Buffer.alloc(65_536, 'y')
    scanner.push(Buffer.from('ann@example.com,Ann,'))
    for (let i = 0; i < 320; i++) {
      assert.deepEqual(scanner.push(chunk), [])
      assert.ok(scanner.bufferedBytes <= MAX, `${scanner.bufferedBytes} bytes held after ${i + 1} chunks`)
    }
    const out = scanner.push(Buffer.from('\n' + BOB))
    assert.deepEqual(tuples(out), [
      [1, 2, 'record_too_large', 'ann@example.com'],
      [2, 3, 'contact', 'bob@example.com', 'Bob', 'Jones'],
    ])
    assert.deepEqual(scanner.end(), [])
  })

  it('still rejects the file for a quote left open in a huge record, naming its line', () => {
    const result = assertStable(file(BOB, 'ann@example.com,Ann,Smith\n', 'c@d.ef,C,"' + 'z\n'.repeat(700_000)))
    assert.deepEqual('reason' in result && [result.reason, result.line], ['unterminated_quote', 4])
  })

  it('still rejects the file for a bad byte deep in a huge record', () => {
    const bytes = file(BOB, Buffer.concat([Buffer.from('ann@example.com,Ann,"' + 'q\r\n'.repeat(400_000)), Buffer.from([0xe9]), Buffer.from('"\n')]))
    const result = assertStable(bytes)
    assert.deepEqual('reason' in result && [result.reason, result.line], ['encoding', 400_003])
  })
})

describe('CSV header around 1 MiB', () => {
  const dir = mkdtempSync(join(tmpdir(), 'csv-large-'))
  after(() => rmSync(dir, { recursive: true, force: true }))
  let n = 0
  const write = (bytes: string | Buffer): string => {
    const path = join(dir, `${++n}.csv`)
    writeFileSync(path, bytes)
    return path
  }
  const headerOfSize = (size: number): string => recordOfSize(size, 'email,first_name,last_name,')

  it('accepts a header of exactly 1,048,576 bytes', async () => {
    for (const terminator of ['\n', '\r\n', '\r', '']) {
      const path = write('\ufeff\n\n' + headerOfSize(MAX) + terminator + (terminator ? 'a@b.co,A,B,C\n' : ''))
      const { layout, start } = await readLayout(path)
      assert.equal(layout.fieldCount, 4)
      assert.equal(layout.headers[3].length, MAX - 'email,first_name,last_name,'.length)
      assert.deepEqual(start, { offset: 3 + 2 + MAX + Buffer.byteLength(terminator), row: 0, line: terminator ? 4 : 3 })
    }
  })

  it('rejects a header one byte over, naming its line', async () => {
    for (const tail of ['\n', '\r\n', '', '\na@b.co,A,B,C\n'.repeat(50_000)]) {
      const error = await rejection(() => readLayout(write('\n\r\n' + headerOfSize(MAX + 1) + tail)))
      assert.equal(error.reason, 'record_too_large')
      assert.equal(error.line, 3)
      assert.match(error.message, /header row \(line 3\) is larger than 1 MiB/)
    }
  })

  it('reports a quote left open, or a bad byte, in an oversized header as such', async () => {
    const open = await rejection(() => readLayout(write('email,first_name,"last_name' + '\nx'.repeat(700_000))))
    assert.deepEqual([open.reason, open.line], ['unterminated_quote', 1])
    const bad = Buffer.concat([Buffer.from('email,first_name,"last' + '\r\n'.repeat(600_000)), Buffer.from([0xff]), Buffer.from('"\n')])
    const error = await rejection(() => readLayout(write(bad)))
    assert.deepEqual([error.reason, error.line], ['encoding', 600_001])
  })
})
