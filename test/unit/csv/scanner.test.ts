// RecordScanner's contract in small, hand-made cases.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { FileRejection, RecordScanner, type CsvLayout, type RecordOutcome, type ScanPosition } from '../../../main/importer/csv/index.ts'
import { assertResumable, rejection, tuples } from './helpers.ts'

const LAYOUT: CsvLayout = { delimiter: ',', headers: ['email', 'first_name', 'last_name'], fieldCount: 3, emailIndex: 0, firstNameIndex: 1, lastNameIndex: 2 }
const START: ScanPosition = { offset: 0, row: 0, line: 2 }

function scan(parts: (string | number[])[], layout = LAYOUT, start = START): { outcomes: RecordOutcome[]; position: ScanPosition } {
  const scanner = new RecordScanner(layout, start)
  const outcomes: RecordOutcome[] = []
  for (const part of parts) outcomes.push(...scanner.push(typeof part === 'string' ? Buffer.from(part) : Uint8Array.from(part)))
  outcomes.push(...scanner.end())
  return { outcomes, position: scanner.position }
}

describe('RecordScanner', () => {
  it('numbers rows and lines from the position it starts at', () => {
    const { outcomes, position } = scan(['a@b.co,A,B\n\nbad,A,B\n'], LAYOUT, { offset: 5000, row: 41, line: 100 })
    assert.deepEqual(tuples(outcomes), [
      [42, 100, 'contact', 'a@b.co', 'A', 'B'],
      [43, 102, 'invalid_email', 'bad'],
    ])
    assert.deepEqual(position, { offset: 5000 + 20, row: 43, line: 103 })
  })

  it('reports the first NUL or invalid byte, whichever comes first', async () => {
    const nulFirst = await rejection(() => scan([[0x61, 0x0a, 0x00, 0x0a, 0xe9, 0x0a]]))
    assert.deepEqual([nulFirst.reason, nulFirst.line], ['encoding', 3])
    assert.match(nulFirst.message, /NUL byte \(line 3\)/)
    const invalidFirst = await rejection(() => scan([[0x61, 0x0a, 0xe9, 0x0a, 0x00, 0x0a]]))
    assert.deepEqual([invalidFirst.reason, invalidFirst.line], ['encoding', 3])
    assert.match(invalidFirst.message, /^This file is not UTF-8 \(line 3\)/)
  })

  it('checks characters split across pushes, and cut short by the end of the file', async () => {
    const euro = [0xe2, 0x82, 0xac]
    const ok = scan([[...Buffer.from('a@b.co,'), euro[0]], [euro[1]], [euro[2], ...Buffer.from(',B\r')], [0x0a]])
    assert.deepEqual(tuples(ok.outcomes), [[1, 2, 'contact', 'a@b.co', '€', 'B']])
    const broken = await rejection(() => scan([[...Buffer.from('a@b.co,A,B\r\n'), 0xe2, 0x82], [0x41]]))
    assert.deepEqual([broken.reason, broken.line], ['encoding', 3])
    const surrogate = await rejection(() => scan([[0x0a, 0xed], [0xa0], [0x80]]))
    assert.deepEqual([surrogate.reason, surrogate.line], ['encoding', 3])
    const cut = await rejection(() => scan(['a@b.co,A,B\r', [0xf0, 0x9f, 0x98]]))
    assert.deepEqual([cut.reason, cut.line], ['encoding', 3])
  })

  it('counts a CR and an LF in separate pushes as one line break, inside quotes too', () => {
    const { outcomes, position } = scan(['a@b.co,"x\r', '\ny",B\r', '\nc@d.ef,C,D\r', '\r', '\n'])
    assert.deepEqual(tuples(outcomes), [
      [1, 2, 'contact', 'a@b.co', 'x\r\ny', 'B'],
      [2, 4, 'contact', 'c@d.ef', 'C', 'D'],
    ])
    assert.equal(position.line, 6)
  })

  it('holds back a record ending in a CR until the next push or the end', () => {
    const scanner = new RecordScanner(LAYOUT, START)
    assert.deepEqual(scanner.push(Buffer.from('a@b.co,A,B\r')), [])
    assert.deepEqual(scanner.position, START)
    assert.deepEqual(tuples(scanner.end()), [[1, 2, 'contact', 'a@b.co', 'A', 'B']])
    assert.deepEqual(scanner.position, { offset: 11, row: 1, line: 3 })
  })

  it('takes plain Uint8Arrays and ignores empty pushes', () => {
    const scanner = new RecordScanner(LAYOUT, START)
    assert.deepEqual(scanner.push(new Uint8Array(0)), [])
    const bytes = new TextEncoder().encode('xx a@b.co,A,B\n')
    assert.equal(tuples(scanner.push(bytes.subarray(3))).length, 1)
  })

  it('gives the email of a short row when the row reaches the email column', () => {
    const layout: CsvLayout = { ...LAYOUT, headers: ['first_name', 'last_name', 'email'], emailIndex: 2, firstNameIndex: 0, lastNameIndex: 1 }
    assert.deepEqual(tuples(scan(['A,B\nA,B, X@Y.Z ,more\n'], layout).outcomes), [
      [1, 2, 'field_count', ''],
      [2, 3, 'field_count', 'X@Y.Z'],
    ])
  })

  it('ignores trailing empty fields (Thunderbird, Excel) but not extra fields with content', () => {
    assert.deepEqual(tuples(scan(['a@b.co,A,B,\na@b.co,A,\na@b.co,A,B,, ,""\na@b.co,A,B,,x\na@b.co,A,B,""""']).outcomes), [
      [1, 2, 'contact', 'a@b.co', 'A', 'B'],
      [2, 3, 'missing_value', 'a@b.co'],
      [3, 4, 'contact', 'a@b.co', 'A', 'B'],
      [4, 5, 'field_count', 'a@b.co'],
      [5, 6, 'field_count', 'a@b.co'],
    ])
  })

  it('keeps a record ending with a trailing delimiter at the end of the file', () => {
    assert.deepEqual(tuples(scan(['a@b.co,A,', 'B,']).outcomes), [[1, 2, 'contact', 'a@b.co', 'A', 'B']])
    assert.deepEqual(tuples(scan(['a@b.co,A,', 'B,', 'c']).outcomes), [[1, 2, 'field_count', 'a@b.co']])
    assert.deepEqual(tuples(scan(['a@b.co,A,"B"']).outcomes), [[1, 2, 'contact', 'a@b.co', 'A', 'B']])
  })

  it("keeps the first of Google's ' ::: ' multi-value emails", () => {
    assert.deepEqual(tuples(scan([' Ann@X.io ::: ann@work.io ,A,B\n ::: b@x.io,A,B\n']).outcomes), [
      [1, 2, 'contact', 'ann@x.io', 'A', 'B'],
      [2, 3, 'missing_email', ''],
    ])
  })

  it('splits a full-name column at its last run of whitespace', () => {
    const layout: CsvLayout = { ...LAYOUT, headers: ['email', 'name'], fieldCount: 2, firstNameIndex: -1, lastNameIndex: -1, splitNameIndex: 1 }
    assert.deepEqual(tuples(scan(['a@b.co, Mary Ann  van Dyke \nb@b.co,Cher\nc@b.co,\n'], layout).outcomes), [
      [1, 2, 'contact', 'a@b.co', 'Mary Ann  van', 'Dyke'],
      [2, 3, 'missing_value', 'b@b.co'],
      [3, 4, 'missing_value', 'c@b.co'],
    ])
  })

  it('decodes fields of a legacy encoding, and finds NUL bytes in it', async () => {
    const layout: CsvLayout = { ...LAYOUT, encoding: 'windows-1252' }
    const latin = [...Buffer.from('a@b.co,Jos'), 0xe9, ...Buffer.from(',Garc'), 0xed, 0x61, 0x0a, 0xa0, 0x2c, 0xa0, 0x0a]
    assert.deepEqual(tuples(scan([latin], layout).outcomes), [[1, 2, 'contact', 'a@b.co', 'José', 'García']])
    const sjis: CsvLayout = { ...LAYOUT, encoding: 'shift_jis' }
    // 表 is 0x95 0x5C: its trail byte is a backslash in ASCII, and no delimiter, quote or line break.
    assert.deepEqual(tuples(scan([[...Buffer.from('a@b.co,'), 0x95, 0x5c, 0x2c, 0x8e, 0x52, 0x0a]], sjis).outcomes), [
      [1, 2, 'contact', 'a@b.co', '表', '山'],
    ])
    const nul = await rejection(() => scan([[...Buffer.from('a@b.co,A,B\n'), 0x00]], layout))
    assert.deepEqual([nul.reason, nul.line], ['encoding', 3])
  })

  it('reads a single-byte code page the same however the file is cut, and resumed anywhere', () => {
    // Windows-1252's 0x80-0x9F (€ Š Ÿ) differ from Latin-1; KOI8-R maps every high byte elsewhere.
    // Quoted values with `""`, text after a closing quote, line breaks inside quotes, a blank record.
    const record = (email: string, first: number[], last: number[]) => [...Buffer.from(email), 0x2c, ...first, 0x2c, ...last, 0x0a]
    const bytes = Uint8Array.from([
      ...record('a@b.co', [0x80, 0x8a, 0x9f], [0x22, 0x4d, 0xfc, 0x22, 0x22, 0x0a, 0x22, 0xe9]),
      0xa0, 0x2c, 0x2c, 0x0a,
      ...record('"C@D.co"', [0x22, 0xc6, 0x2c, 0xe6, 0x22], [0xd8, 0x20, 0xf8]),
    ])
    const cases: [string, unknown[]][] = [
      ['windows-1252', [[1, 2, 'contact', 'a@b.co', '€ŠŸ', 'Mü"\né'], [2, 5, 'contact', 'c@d.co', 'Æ,æ', 'Ø ø']]],
      // 0xA0 is NBSP in Windows-1252 (a blank record) but '═' in KOI8-R.
      ['koi8-r', [[1, 2, 'contact', 'a@b.co', '─┼÷', 'MЭ"\nИ'], [2, 4, 'invalid_email', '═'], [3, 5, 'contact', 'c@d.co', 'ф,Ф', 'ь Ь']]],
    ]
    for (const [encoding, expected] of cases) {
      const layout: CsvLayout = { ...LAYOUT, encoding }
      assert.deepEqual(tuples(scan([[...bytes]], layout).outcomes), expected, encoding)
      assertResumable(bytes, layout, START, encoding)
    }
  })

  it('refuses to be used after end() or after a rejection', async () => {
    const scanner = new RecordScanner(LAYOUT, START)
    scanner.end()
    assert.throws(() => scanner.push(Buffer.from('x')), /after end/)
    assert.throws(() => scanner.end(), /twice/)
    const rejected = new RecordScanner(LAYOUT, START)
    assert.ok((await rejection(() => rejected.push(Buffer.from([0xff])))) instanceof FileRejection)
    assert.throws(() => rejected.push(Buffer.from('a')), /after end/)
  })

  it('lower-cases the email of a contact only, and keeps names as written', () => {
    assert.deepEqual(tuples(scan(['ÄNN@EXAMPLE.COM,ÉLODIE,mcDonald\nBOB@,X,Y\n']).outcomes), [
      [1, 2, 'contact', 'änn@example.com', 'ÉLODIE', 'mcDonald'],
      [2, 3, 'invalid_email', 'BOB@'],
    ])
  })
})
