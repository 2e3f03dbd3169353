// Every fixture in test/fixtures/csv, read straight through: layout, outcomes, rejections.
import assert from 'node:assert/strict'
import { readdirSync } from 'node:fs'
import { describe, it } from 'node:test'
import { RecordScanner, readLayout, type RecordOutcome } from '../../../main/importer/csv/index.ts'
import { FIXTURE_DIR, fixtureBytes, fixturePath, rejection, scanFixture, tuples, type Tuple } from './helpers.ts'

const ann: Tuple = [1, 2, 'contact', 'ann@example.com', 'Ann', 'Smith']
const bob: Tuple = [2, 3, 'contact', 'bob@example.com', 'Bob', 'Jones']

/** Accepted files: expected outcomes, and where the scan ends. */
const accepted: Record<string, { outcomes: Tuple[]; finalLine: number; headers?: string[]; delimiter?: string }> = {
  'quotes.csv': {
    outcomes: [
      [1, 2, 'contact', 'ann@example.com', 'Ann', 'Smith, Jr.'],
      [2, 3, 'contact', 'bob@example.com', 'Bob', "O'Brien"],
      [3, 4, 'contact', 'cara@example.com', '"Cara"', 'Quinn'],
    ],
    finalLine: 5,
  },
  'embedded-newlines.csv': {
    outcomes: [
      [1, 2, 'contact', 'ann@example.com', 'Ann', 'Smith'],
      [2, 4, 'contact', 'bob@example.com', 'Bob\r\nRobert', 'Jones'],
      [3, 8, 'contact', 'cara@example.com', 'Cara', 'Quinn'],
      [4, 10, 'invalid_email', 'bad-email'],
    ],
    finalLine: 12,
  },
  'crlf.csv': {
    outcomes: [ann, bob, [3, 5, 'invalid_email', 'cara@']],
    finalLine: 6,
  },
  'lone-cr.csv': {
    outcomes: [ann, bob, [3, 5, 'invalid_email', 'cara@']],
    finalLine: 6,
  },
  'mixed-terminators.csv': {
    outcomes: [ann, bob, [3, 4, 'contact', 'cara@example.com', 'Cara', 'Quinn'], [4, 7, 'invalid_email', 'dan@']],
    finalLine: 8,
  },
  'bom.csv': { outcomes: [ann], finalLine: 3, headers: ['email', 'first_name', 'last_name'] },
  'bom-blank-lines.csv': { outcomes: [[1, 5, 'contact', 'ann@example.com', 'Ann', 'Smith']], finalLine: 6 },
  'semicolon.csv': {
    outcomes: [ann, [2, 3, 'contact', 'bob@example.com', 'Bob', 'Jones, Jr.']],
    finalLine: 4,
    delimiter: ';',
  },
  'tab.csv': {
    outcomes: [ann, [2, 3, 'contact', 'bob@example.com', 'Bob\tby', 'Jones']],
    finalLine: 4,
    delimiter: '\t',
  },
  'header-normalization-ok.csv': {
    outcomes: [ann],
    finalLine: 3,
    headers: ['Email', 'FIRST   NAME', 'Last--_ Name'],
  },
  'extra-columns.csv': { outcomes: [ann, bob], finalLine: 4 },
  'reordered-columns.csv': { outcomes: [ann, bob], finalLine: 4, headers: ['last_name', 'email', 'first_name'] },
  'ragged-rows.csv': {
    outcomes: [
      [1, 2, 'field_count', 'ann@example.com'],
      [2, 3, 'field_count', 'bob@example.com'],
      [3, 4, 'contact', 'cara@example.com', 'Cara', 'Quinn'],
      [4, 5, 'field_count', 'dan@example.com'],
    ],
    finalLine: 6,
  },
  'trailing-delimiter.csv': { outcomes: [ann, bob], finalLine: 4 },
  'header-normalization.csv': { outcomes: [ann], finalLine: 3, headers: ['E-MAIL', 'First Name', 'last_name'] },
  'missing-headers.csv': { outcomes: [ann], finalLine: 3, headers: ['E-mail', 'name', 'last_name'] },
  'utf16le-bom.csv': { outcomes: [ann], finalLine: 3 },
  'utf16be-bom.csv': { outcomes: [ann], finalLine: 3 },
  'latin1.csv': { outcomes: [ann, [2, 3, 'contact', 'bob@example.com', 'José', 'García']], finalLine: 4 },
  'invalid-emails.csv': {
    outcomes: [
      [1, 2, 'invalid_email', 'bob@'],
      [2, 3, 'invalid_email', '@example.com'],
      [3, 4, 'invalid_email', 'two@@example.com'],
      [4, 5, 'invalid_email', 'a@b'],
      [5, 6, 'invalid_email', 'a@.com'],
      [6, 7, 'invalid_email', 'a@b.'],
      [7, 8, 'invalid_email', 'a b@example.com'],
      [8, 9, 'contact', 'ok.name@example.com', 'Fine', 'Trimmed'],
      [9, 10, 'contact', 'x@y.z', 'Short', 'Ok'],
    ],
    finalLine: 11,
  },
  'missing-values.csv': {
    outcomes: [
      [1, 2, 'missing_email', ''],
      [2, 3, 'missing_email', ''],
      [3, 4, 'missing_value', 'cara@example.com'],
      [4, 5, 'missing_value', 'dan@example.com'],
      [5, 6, 'missing_value', 'eve@example.com'],
      [6, 7, 'invalid_email', 'bad'],
      [7, 8, 'contact', 'fay@example.com', 'Fay', 'Lee'],
    ],
    finalLine: 9,
  },
  'duplicates.csv': {
    outcomes: [
      ann,
      [2, 3, 'contact', 'ann@example.com', 'Annie', 'Smith'],
      [3, 4, 'missing_value', 'ann@example.com'],
      [4, 5, 'contact', 'ann@example.com', 'Anne', 'Smyth'],
    ],
    finalLine: 6,
  },
  'formula-cells.csv': {
    outcomes: [
      [1, 2, 'contact', 'ann@example.com', '=1+2', '+Smith'],
      [2, 3, 'contact', 'bob@example.com', '@SUM(A1)', '=HYPERLINK("http://x")'],
    ],
    finalLine: 4,
  },
  'header-only.csv': { outcomes: [], finalLine: 2 },
  'header-only-no-terminator.csv': { outcomes: [], finalLine: 1 },
  'blank-records.csv': {
    outcomes: [
      [1, 3, 'contact', 'ann@example.com', 'Ann', 'Smith'],
      [2, 11, 'contact', 'bob@example.com', 'Bob', 'Jones'],
    ],
    finalLine: 14,
  },
  'no-final-newline.csv': { outcomes: [ann, bob], finalLine: 3 },
  'text-after-quote.csv': { outcomes: [ann], finalLine: 3 },
  'quote-in-unquoted.csv': { outcomes: [[1, 2, 'contact', 'ann@example.com', 'Ann "The Hat"', 'O"Neil']], finalLine: 3 },
  'duplicate-ignored-header.csv': { outcomes: [ann], finalLine: 3 },
  'unicode-whitespace.csv': { outcomes: [[1, 2, 'contact', 'ann@example.com', 'Ann', 'Smith  Jones']], finalLine: 3 },
  'non-ascii.csv': {
    outcomes: [
      [1, 2, 'contact', 'zoë@example.com', 'Zoë', 'Ångström'],
      [2, 3, 'contact', '美咲@例え.jp', '美咲', '佐藤'],
      [3, 4, 'contact', 'emoji@example.com', '😀 Ann', 'Smith'],
    ],
    finalLine: 5,
  },
  'delimiter-quoted.csv': {
    outcomes: [ann],
    finalLine: 3,
    delimiter: ';',
    headers: ['Notes, misc', 'email', 'first_name', 'last_name'],
  },
}

/** Files rejected by readLayout. */
const rejectedLayout: Record<string, { reason: string; line: number | null; fileHeaders?: string[]; message?: RegExp }> = {
  'empty.csv': { reason: 'empty_file', line: null },
  'bom-only.csv': { reason: 'empty_file', line: null },
  'whitespace-only.csv': { reason: 'empty_file', line: null },
  'missing-all-headers.csv': {
    reason: 'missing_headers',
    line: 1,
    fileHeaders: ['a', 'b', 'c'],
    message: /^Missing headers: email, first_name, last_name\. Your file has: a, b, c\./,
  },
  'delimiter-tie.csv': { reason: 'missing_headers', line: 1, fileHeaders: ['email', 'first_name;last_name'] },
  'duplicate-header.csv': {
    reason: 'duplicate_header',
    line: 1,
    fileHeaders: ['email', 'first_name', 'last_name', 'Email'],
    message: /email more than once/,
  },
  'latin1-header.csv': {
    reason: 'missing_headers',
    line: 1,
    fileHeaders: ['email', 'prénom', 'last_name'],
    message: /^Missing headers: first_name\. Your file has: email, prénom, last_name\./,
  },
  'utf16le-no-bom.csv': { reason: 'encoding', line: 1, message: /UTF-16.*'CSV UTF-8'/ },
  'unterminated-quote-header.csv': { reason: 'unterminated_quote', line: 1, message: /line 1 is never closed/ },
}

/** Files whose header is fine but whose records reject the file. */
const rejectedScan: Record<string, { reason: string; line: number; before: Tuple[]; message: RegExp }> = {
  'nul-byte.csv': { reason: 'encoding', line: 3, before: [ann], message: /NUL byte \(line 3\)/ },
  'unterminated-quote.csv': {
    reason: 'unterminated_quote',
    line: 3,
    before: [ann],
    message: /^A quoted field opened on line 3 is never closed/,
  },
}

describe('CSV fixtures', () => {
  it('every fixture file has an expectation', () => {
    const listed = new Set([...Object.keys(accepted), ...Object.keys(rejectedLayout), ...Object.keys(rejectedScan)])
    const files = readdirSync(FIXTURE_DIR).filter((f) => f.endsWith('.csv'))
    assert.deepEqual(files.filter((f) => !listed.has(f)), [])
    assert.deepEqual([...listed].filter((f) => !files.includes(f)), [])
  })

  for (const [name, want] of Object.entries(accepted)) {
    it(`reads ${name}`, async () => {
      const scan = await scanFixture(name)
      assert.deepEqual(tuples(scan.outcomes), want.outcomes)
      assert.deepEqual(scan.final, {
        offset: fixtureBytes(name).length,
        row: want.outcomes.length,
        line: want.finalLine,
      })
      assert.equal(scan.layout.delimiter, want.delimiter ?? ',')
      if (want.headers) assert.deepEqual(scan.layout.headers, want.headers)
      const { headers, emailIndex, firstNameIndex, lastNameIndex } = scan.layout
      assert.equal(scan.layout.fieldCount, headers.length)
      if (want.headers && want.headers.some((h) => /mail|name/i.test(h) && !['email', 'first_name', 'last_name'].includes(h.toLowerCase().replace(/[\s_-]+/g, '_')))) return // mapped by alias
      assert.deepEqual(
        [emailIndex, firstNameIndex, lastNameIndex].map((i) => headers[i].toLowerCase().replace(/[\s_-]+/g, '_')),
        ['email', 'first_name', 'last_name'],
      )
    })
  }

  for (const [name, want] of Object.entries(rejectedLayout)) {
    it(`rejects ${name}: ${want.reason}`, async () => {
      const error = await rejection(() => readLayout(fixturePath(name)))
      assert.equal(error.reason, want.reason)
      assert.equal(error.line, want.line)
      assert.deepEqual(error.fileHeaders, want.fileHeaders ?? null)
      if (want.message) assert.match(error.message, want.message)
    })
  }

  for (const [name, want] of Object.entries(rejectedScan)) {
    it(`rejects ${name} while scanning: ${want.reason}`, async () => {
      const { layout, start } = await readLayout(fixturePath(name))
      const bytes = fixtureBytes(name)
      // Records before the problem come out of earlier pushes; the rejection names the line.
      const scanner = new RecordScanner(layout, start)
      const outcomes: RecordOutcome[] = []
      const error = await rejection(() => {
        for (let at = start.offset; at < bytes.length; at += 16) outcomes.push(...scanner.push(bytes.subarray(at, at + 16)))
        outcomes.push(...scanner.end())
      })
      assert.equal(error.reason, want.reason)
      assert.equal(error.line, want.line)
      assert.equal(error.fileHeaders, null)
      assert.match(error.message, want.message)
      assert.deepEqual(tuples(outcomes).slice(0, want.before.length), want.before)
    })
  }

  it('gives readable row messages', async () => {
    const messages = async (name: string): Promise<string[]> =>
      (await scanFixture(name)).outcomes.flatMap((o) => (o.kind === 'error' ? [o.message] : []))
    assert.deepEqual(await messages('invalid-emails.csv'), [
      'Row 1 (line 2): "bob@" is not a valid email address.',
      'Row 2 (line 3): "@example.com" is not a valid email address.',
      'Row 3 (line 4): "two@@example.com" is not a valid email address.',
      'Row 4 (line 5): "a@b" is not a valid email address.',
      'Row 5 (line 6): "a@.com" is not a valid email address.',
      'Row 6 (line 7): "a@b." is not a valid email address.',
      'Row 7 (line 8): "a b@example.com" is not a valid email address.',
    ])
    assert.deepEqual(await messages('missing-values.csv'), [
      'Row 1 (line 2) has no email address.',
      'Row 2 (line 3) has no email address.',
      'Row 3 (line 4) has no first name.',
      'Row 4 (line 5) has no last name.',
      'Row 5 (line 6) has no first name and no last name.',
      'Row 6 (line 7): "bad" is not a valid email address.',
    ])
    assert.deepEqual(await messages('ragged-rows.csv'), [
      'Row 1 (line 2) has 2 fields, but the header has 3.',
      'Row 2 (line 3) has 4 fields, but the header has 3.',
      'Row 4 (line 5) has 1 field, but the header has 3.',
    ])
  })

  it('reports where the header ends', async () => {
    assert.deepEqual((await readLayout(fixturePath('bom.csv'))).start, { offset: 30, row: 0, line: 2 })
    assert.deepEqual((await readLayout(fixturePath('crlf.csv'))).start, { offset: 28, row: 0, line: 2 })
    assert.deepEqual((await readLayout(fixturePath('bom-blank-lines.csv'))).start, { offset: 37, row: 0, line: 5 })
    assert.deepEqual((await readLayout(fixturePath('header-only-no-terminator.csv'))).start, { offset: 26, row: 0, line: 1 })
  })
})
