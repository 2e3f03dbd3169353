// readLayout beyond the fixtures: delimiter detection, leading lines, header quirks, messages.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { readLayout } from '../../../main/importer/csv/index.ts'
import { detectDelimiter, splitRecord } from '../../../main/importer/csv/layout.ts'
import { rejection } from './helpers.ts'

const dir = mkdtempSync(join(tmpdir(), 'csv-layout-'))
after(() => rmSync(dir, { recursive: true, force: true }))
let n = 0
function write(bytes: string | Buffer | number[]): string {
  const path = join(dir, `${++n}.csv`)
  writeFileSync(path, Array.isArray(bytes) ? Buffer.from(bytes) : bytes)
  return path
}

describe('CSV delimiter detection', () => {
  const cases: [string, string][] = [
    ['email,first_name,last_name', ','],
    ['email;first_name;last_name', ';'],
    ['email\tfirst_name\tlast_name', '\t'],
    ['email', ','], // none → comma
    ['a,b;c', ','], // tie → comma
    ['a;b\tc', ';'], // tie → semicolon before tab
    ['a,b;c\td', ','],
    ['a\tb\tc,d', '\t'],
    ['a;"b,c,d";e', ';'], // commas inside quotes do not count
    ['"a,b,c";d;e', ';'],
    ['x\t"a;b;c"\ty', '\t'],
    ['a"b;c;d,e', ';'], // a quote inside a field is literal and hides nothing
    ['a;b\n,,,,,', ';'], // the header record only
    ['"a\n,,,,",b;c;d', ';'], // a line break inside quotes does not end the header
    ['a;"b""c,d,e";f', ';'], // "" stays inside the quotes
  ]
  for (const [header, want] of cases) {
    it(`${JSON.stringify(header)} → ${JSON.stringify(want)}`, () => {
      assert.equal(detectDelimiter(Buffer.from(header)), want)
    })
  }
})

describe('CSV header record', () => {
  it('splits like the scanner: quotes, escapes, text after a closing quote', () => {
    const rec = splitRecord(Buffer.from('"a,b",c""d,"e""f"g,\r\nnext'), ',', false)
    assert.deepEqual(rec, { fields: ['a,b', 'c""d', 'e"fg', ''], end: 19, next: 21, openQuote: -1 })
  })

  it('waits for more bytes when the record or its CRLF may go on', () => {
    assert.equal(splitRecord(Buffer.from('a,b'), ',', false).end, -1)
    assert.equal(splitRecord(Buffer.from('a,b\r'), ',', false).end, -1)
    assert.equal(splitRecord(Buffer.from('a,"b"'), ',', false).end, -1)
    assert.deepEqual(splitRecord(Buffer.from('a,b\r'), ',', true), { fields: ['a', 'b'], end: 3, next: 4, openQuote: -1 })
    assert.deepEqual(splitRecord(Buffer.from('a,"b'), ',', true).openQuote, 2)
  })

})

describe('readLayout', () => {
  it('skips leading blank and whitespace-only lines, and counts them', async () => {
    const path = write('\n \t \r\n\u00a0\u3000\ufeff\r\r\nemail,first_name,last_name\nx')
    assert.deepEqual((await readLayout(path)).start, { offset: Buffer.byteLength('\n \t \r\n\u00a0\u3000\ufeff\r\r\nemail,first_name,last_name\n'), row: 0, line: 6 })
  })

  it('skips blank lines across read blocks, multi-byte whitespace included', async () => {
    for (const pad of [65_533, 65_534, 65_535, 65_536]) {
      const lead = ' '.repeat(pad) + '\u3000\u00a0\n' + '\r\n'.repeat(40_000)
      const path = write(lead + 'email,first_name,last_name\r\n')
      const { start } = await readLayout(path)
      assert.deepEqual(start, { offset: Buffer.byteLength(lead) + 28, row: 0, line: 40_003 }, `pad ${pad}`)
    }
  })

  it('skips a line of delimiters before the header: its fields are all blank', async () => {
    const { start, headerLine, skippedRecords } = await readLayout(write('\n,,\nemail,first_name,last_name\n'))
    assert.deepEqual([start.line, headerLine, skippedRecords], [4, 3, 0])
  })

  it('reads quoted header names, even across lines', async () => {
    const { layout, start } = await readLayout(write('"Email";"First\nName";"Last ""Name"" ";last_name\nrow'))
    assert.deepEqual(layout.headers, ['Email', 'First\nName', 'Last "Name"', 'last_name'])
    assert.equal(layout.delimiter, ';')
    assert.deepEqual([layout.emailIndex, layout.firstNameIndex, layout.lastNameIndex], [0, 1, 3])
    assert.deepEqual(start, { offset: 48, row: 0, line: 3 })
    // "Last "Name"" normalizes to last_"name", which is not last_name.
    const error = await rejection(() => readLayout(write('"Email","First Name","Last ""Name"""\n')))
    assert.deepEqual([error.reason, error.fileHeaders], ['missing_headers', ['Email', 'First Name', 'Last "Name"']])
  })

  it('names every duplicated required header, and reports missing ones first', async () => {
    const dup = await rejection(() => readLayout(write('email,first_name,last_name,EMAIL,Last Name\n')))
    assert.equal(dup.reason, 'duplicate_header')
    assert.match(dup.message, /^The header row \(line 1\) has email and last_name more than once\./)
    const both = await rejection(() => readLayout(write('email,email,last_name\n')))
    assert.deepEqual([both.reason, both.fileHeaders], ['missing_headers', ['email', 'email', 'last_name']])
  })

  it('reads a header whose first non-ASCII byte is not UTF-8 as Windows-1252', async () => {
    const latin1 = await readLayout(write([0x0a, 0x0a, ...Buffer.from('email,pr'), 0xe9, ...Buffer.from('nom,first_name,last_name\n')]))
    assert.deepEqual([latin1.encoding.name, latin1.layout.headers[1], latin1.headerLine], ['windows-1252', 'prénom', 3])
    const nbsp = await readLayout(write([0x0a, 0x0a, 0xa0, 0x0a, ...Buffer.from('email,first_name,last_name\n')]))
    assert.deepEqual([nbsp.encoding.name, nbsp.headerLine], ['windows-1252', 4])
  })

  it('says where a UTF-8 header holds a byte that is not UTF-8, and what to do', async () => {
    const mixed = await rejection(() => readLayout(write([...Buffer.from('email,pr\u00e9nom,first_name,x'), 0xe9, ...Buffer.from(',last_name\n')])))
    assert.deepEqual([mixed.reason, mixed.line], ['encoding', 1])
    assert.match(mixed.message, /^This file is not UTF-8 \(line 1\): it starts as UTF-8 but mixes in another encoding\. .*--encoding/)
    const nul = await rejection(() => readLayout(write('email,first_name,last\0name\n')))
    assert.deepEqual([nul.reason, nul.line], ['encoding', 1])
    assert.match(nul.message, /NUL byte \(line 1\)/)
    // A character cut by the end of the file reads as UTF-8 and is then found invalid.
    const cut = await rejection(() => readLayout(write([0x0a, 0xe3, 0x80])))
    assert.deepEqual([cut.reason, cut.line], ['encoding', 2])
  })

  it('leaves errors after the header to the scanner', async () => {
    const { start } = await readLayout(write([...Buffer.from('email,first_name,last_name\n'), 0xff, 0x00]))
    assert.deepEqual(start, { offset: 27, row: 0, line: 2 })
  })

  it('strips the BOM before anything else, so a quoted first header name stays quoted', async () => {
    const { layout, start } = await readLayout(write('\ufeff"email","first_name","last_name"\r\n'))
    assert.deepEqual(layout.headers, ['email', 'first_name', 'last_name'])
    assert.deepEqual(start, { offset: 3 + 34, row: 0, line: 2 })
  })

  it('strips one BOM only: a second one is part of the first name, and trim() removes it', async () => {
    const { layout } = await readLayout(write('\ufeff\ufeffemail,first_name,last_name\n'))
    assert.deepEqual(layout.headers, ['email', 'first_name', 'last_name'])
  })

  it('explains an empty file', async () => {
    const error = await rejection(() => readLayout(write('')))
    assert.deepEqual([error.reason, error.line, error.fileHeaders], ['empty_file', null, null])
    assert.match(error.message, /no header row/)
  })
})
