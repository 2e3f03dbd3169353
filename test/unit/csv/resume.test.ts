// Chunking and resuming never change what the scanner reports.
import assert from 'node:assert/strict'
import { readdirSync } from 'node:fs'
import { describe, it } from 'node:test'
import { FileRejection, RecordScanner, readLayout, type CsvLayout, type ScanPosition } from '../../../main/importer/csv/index.ts'
import { FIXTURE_DIR, assertResumable, fixtureBytes, fixturePath } from './helpers.ts'

/** Fixtures with a readable header (the others never reach the scanner). */
const scannable: { name: string; layout: CsvLayout; start: ScanPosition }[] = []
for (const name of readdirSync(FIXTURE_DIR).filter((f) => f.endsWith('.csv'))) {
  try {
    scannable.push({ name, ...(await readLayout(fixturePath(name))) })
  } catch (error) {
    if (!(error instanceof FileRejection)) throw error
  }
}

describe('CSV scanner resumability', () => {
  for (const { name, layout, start } of scannable) {
    it(`${name}: any chunking, any restart`, () => {
      assertResumable(fixtureBytes(name), layout, start, name)
    })
  }

  it('covers the fixtures whose header is fine', () => {
    assert.ok(scannable.length >= 30, `only ${scannable.length} fixtures`)
  })

  it('reports positions only at record boundaries, after a complete CRLF', async () => {
    const bytes = Buffer.from('email,first_name,last_name\r\nann@example.com,Ann,Smith\r\nbob@example.com,Bob,Jones\r\n')
    const { layout, start } = await readLayout(fixturePath('crlf.csv')) // same header, same layout
    // Cut right between CR and LF: the first record cannot be returned yet.
    const scanner = new RecordScanner(layout, start)
    const cut = bytes.indexOf('\r\nbob')
    assert.deepEqual(scanner.push(bytes.subarray(start.offset, cut + 1)), [])
    assert.deepEqual(scanner.position, start)
    const next = scanner.push(bytes.subarray(cut + 1))
    assert.equal(next.length, 2)
    assert.deepEqual(next.map((o) => [o.row, o.line]), [[1, 2], [2, 3]])
    assert.deepEqual(scanner.position, { offset: bytes.length, row: 2, line: 4 })
  })
})
