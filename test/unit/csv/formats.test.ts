// Files that are not CSV at all (CSV-RULES `not_csv`): each format is recognized from its first
// bytes, named in the message, and carried as data (detectedFormat) for the window's view.
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { FileRejection, readLayout } from '../../../main/importer/csv/index.ts'
import type { DetectedFormat } from '../../../main/domain/failures.ts'
import { tempDir } from '../../support/processes.ts'

const dir = tempDir('not-csv')
after(() => dir.remove())

const zip = (entries: string): Buffer => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]), Buffer.from(entries, 'latin1')])

/** The first bytes of each format, as the apps write them; every file is named .csv. */
const HEADS: Array<[DetectedFormat, Buffer, RegExp]> = [
  ['xlsx', zip('[Content_Types].xml xl/workbook.xml'), /an Excel workbook \(\.xlsx\).*"CSV UTF-8"/],
  ['ods', zip('mimetypeapplication/vnd.oasis.opendocument.spreadsheet'), /OpenDocument spreadsheet.*"Text CSV"/],
  ['numbers', zip('Index/Document.iwa'), /Apple Numbers.*Export To › CSV/],
  ['zip', zip('contacts/contacts.csv'), /a ZIP archive/],
  ['xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), /legacy Excel workbook \(\.xls\).*"CSV UTF-8"/],
  ['pdf', Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), /a PDF document/],
  ['png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), /a PNG image/],
  ['jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]), /a JPEG image/],
  ['gif', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), /a GIF image/],
  ['vcard', Buffer.from('\ufeff\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Smith\r\nEMAIL:ann@example.com\r\nEND:VCARD\r\n'), /contacts card file \(vCard/],
]

for (const [kind, head, message] of HEADS) {
  test(`${kind}: rejected as not_csv, named in the message and carried as detectedFormat`, async () => {
    const path = join(dir.dir, `${kind}.csv`)
    writeFileSync(path, head)
    const rejection = await readLayout(path).then(
      () => assert.fail('a file that is not CSV was read as one'),
      (error: unknown) => error,
    )
    assert.ok(rejection instanceof FileRejection)
    assert.equal(rejection.reason, 'not_csv')
    assert.equal(rejection.detectedFormat, kind)
    assert.match(rejection.message, message)
  })
}

test('a CSV file carries no detected format', async () => {
  const path = join(dir.dir, 'missing.csv')
  writeFileSync(path, 'email,first_name\nann@example.com,Ann\n')
  const rejection = await readLayout(path).then(() => null, (error: unknown) => error)
  assert.ok(rejection instanceof FileRejection)
  assert.equal(rejection.reason, 'missing_headers')
  assert.equal(rejection.detectedFormat, null)
})
