// Real-world layouts (each vendor's published columns) and encodings: mapping, header detection,
// decoding, and resuming at every record boundary of non-UTF-8 files.
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, it } from 'node:test'
import { inspectFile, readLayout, type ReadOptions } from '../../../main/importer/csv/index.ts'
import { assertResumable, rejection, scanBytes, tuples, type Tuple } from './helpers.ts'

const fixture = (path: string) => fileURLToPath(new URL(`../../fixtures/${path}`, import.meta.url))

async function read(path: string, options: ReadOptions = {}) {
  const info = await readLayout(fixture(path), options)
  const scan = scanBytes(readFileSync(fixture(path)), info.layout, info.start, 7)
  return { ...info, outcomes: tuples(scan.outcomes) }
}

const ann = (line: number, row = 1): Tuple => [row, line, 'contact', 'ann@example.com', 'Ann', 'Smith']
const bob = (line: number, row = 2): Tuple => [row, line, 'contact', 'bob@example.com', 'Bob', 'Jones']

describe('vendor exports', () => {
  const cases: [file: string, mapping: Record<string, string>, outcomes: Tuple[], headerLine?: number][] = [
    ['vendors/google-contacts.csv', { email: 'E-mail 1 - Value', first_name: 'First Name', last_name: 'Last Name' }, [ann(2), bob(3)]],
    ['vendors/google-contacts-legacy.csv', { email: 'E-mail 1 - Value', first_name: 'Given Name', last_name: 'Family Name' }, [ann(2), bob(3)]],
    ['vendors/outlook.csv', { email: 'E-mail Address', first_name: 'First Name', last_name: 'Last Name' }, [ann(2), bob(3)]],
    ['vendors/mailchimp.csv', { email: 'Email Address', first_name: 'First Name', last_name: 'Last Name' }, [ann(2), bob(3)]],
    ['vendors/hubspot.csv', { email: 'Email', first_name: 'First Name', last_name: 'Last Name' }, [ann(2), bob(3)]],
    ['vendors/salesforce.csv', { email: 'Email', first_name: 'FirstName', last_name: 'LastName' }, [ann(2), bob(3)]],
    ['vendors/thunderbird.csv', { email: 'Primary Email', first_name: 'First Name', last_name: 'Last Name' }, [ann(2), bob(3)]],
    ['vendors/apple-numbers.csv', { email: 'Email', first_name: 'First Name', last_name: 'Last Name' }, [ann(2), bob(3)]],
    ['vendors/google-sheets.tsv', { email: 'email', first_name: 'first name', last_name: 'last name' }, [ann(2), bob(3)]],
    [
      'vendors/linkedin.csv',
      { email: 'Email Address', first_name: 'First Name', last_name: 'Last Name' },
      [ann(5), [2, 6, 'missing_email', '']],
      4,
    ],
    [
      'vendors/outlook-name-only.csv',
      { email: 'E-mail Address', first_name: 'Name', last_name: 'Name' },
      [ann(2), [2, 3, 'contact', 'bob@example.com', 'Bob van', 'Jones'], [3, 4, 'missing_value', 'cher@example.com']],
    ],
  ]
  for (const [file, mapping, outcomes, headerLine = 1] of cases) {
    it(`${file}: maps by itself and reads every row`, async () => {
      const result = await read(file)
      assert.deepEqual(result.mapping, mapping)
      assert.deepEqual(result.outcomes, outcomes)
      assert.equal(result.headerLine, headerLine)
    })
  }

  it('outlook-desktop-1252.csv: the Import/Export wizard\'s 92 columns in the ANSI code page, a note spanning lines', async () => {
    const result = await read('vendors/outlook-desktop-1252.csv')
    assert.equal(result.encoding.name, 'windows-1252')
    assert.deepEqual(result.mapping, { email: 'E-mail Address', first_name: 'First Name', last_name: 'Last Name' })
    assert.deepEqual(result.outcomes, [
      [1, 2, 'contact', 'juergen@example.de', 'Jürgen', 'Groß'],
      [2, 4, 'contact', 'chloe@example.fr', 'Chloé', 'Dubois'],
    ])
  })

  it('says where the LinkedIn header is and how many records of notes came before it', async () => {
    const info = await inspectFile(fixture('vendors/linkedin.csv'))
    assert.deepEqual([info.headerLine, info.skippedRecords], [4, 2])
  })

  it('reports a file with no header whose first line is data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'csv-data-'))
    writeFileSync(join(dir, 'data.csv'), 'ann@example.com,Ann,Smith\nbob@example.com,Bob,Jones\n')
    const error = await rejection(() => readLayout(join(dir, 'data.csv')))
    rmSync(dir, { recursive: true })
    assert.equal(error.reason, 'missing_headers')
    assert.match(error.message, /first line looks like data/)
  })

  it('takes the person’s choice first, and refuses a choice that names no column', async () => {
    const result = await read('vendors/outlook.csv', { choice: { first_name: 'Initials' } })
    assert.equal(result.mapping.first_name, 'Initials')
    const error = await rejection(() => readLayout(fixture('vendors/outlook.csv'), { choice: { email: 'Mail' } }))
    assert.match(error.message, /"Mail" chosen for email is not in the header row/)
  })
})

describe('encodings', () => {
  it('reads Windows-1252 with commas and with semicolons', async () => {
    const comma = await read('encodings/windows-1252-comma.csv')
    assert.equal(comma.encoding.name, 'windows-1252')
    assert.deepEqual(comma.outcomes.map((o) => o.slice(4)), [['José', 'García'], ['Zoë', 'Müller'], ['François', 'Lefèvre']])
    const semi = await read('encodings/windows-1252-semicolon.csv', { choice: { first_name: 'Vorname', last_name: 'Nachname' } })
    assert.deepEqual([semi.encoding.name, semi.layout.delimiter], ['windows-1252', ';'])
    assert.deepEqual(semi.outcomes.map((o) => o.slice(3)), [['juergen@example.de', 'Jürgen', 'Groß'], ['renee@example.fr', 'Renée', 'Dupré']])
  })

  it('reads UTF-16LE and UTF-16BE with a BOM, surrogate pairs included', async () => {
    for (const file of ['encodings/utf-16le-bom.txt', 'encodings/utf-16be-bom.csv']) {
      const result = await read(file)
      assert.equal(result.layout.delimiter, '\t')
      assert.deepEqual(result.outcomes.map((o) => o.slice(4)), [['Åsa', 'Østergård'], ['雪', '山田'], ['😀', 'Smile']], file)
    }
  })

  it('detects Shift_JIS, and reads it as chosen', async () => {
    const choice = { first_name: '名', last_name: '姓' }
    const detected = await read('encodings/shift_jis.csv', { choice })
    assert.equal(detected.encoding.name, 'shift_jis')
    assert.deepEqual(detected.outcomes[2].slice(4), ['表', 'ソ'])
    const chosen = await read('encodings/shift_jis.csv', { choice, encoding: 'shift_jis' })
    assert.deepEqual(chosen.outcomes, detected.outcomes)
    const missing = await rejection(() => readLayout(fixture('encodings/shift_jis.csv')))
    assert.match(missing.message, /^Missing headers: first_name, last_name\. Your file has: email, 名, 姓, メモ\./)
  })

  it('fails a UTF-8 file with a late invalid byte on its line', async () => {
    const info = await readLayout(fixture('encodings/utf-8-late-invalid.csv'))
    assert.equal(info.encoding.name, 'utf-8')
    const error = await rejection(() => scanBytes(readFileSync(fixture('encodings/utf-8-late-invalid.csv')), info.layout, info.start, 5))
    assert.deepEqual([error.reason, error.line], ['encoding', 5])
  })

  for (const file of ['encodings/windows-1252-comma.csv', 'encodings/utf-16le-bom.txt', 'encodings/utf-16be-bom.csv', 'encodings/shift_jis.csv']) {
    it(`${file}: any chunking, resumed at every record boundary`, async () => {
      const { layout, start } = await readLayout(fixture(file), { choice: file.includes('shift') ? { first_name: '名', last_name: '姓' } : {} })
      assertResumable(readFileSync(fixture(file)), layout, start, file)
    })
  }
})
