// Imports whose columns do not map by themselves, through the real service and worker: the
// needs_mapping wait (across a relaunch), the preview, confirming a mapping, importing again; and a
// file that is no CSV at all, whose format reaches the window as data.
import { afterEach, test } from 'node:test'
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tempDir } from '../support/processes.ts'
import { dumpDatabase, launchService, shutdownAllServices, startAccepted, waitForImport } from '../support/service-host.ts'

afterEach(shutdownAllServices)

const GERMAN = 'E-Mail;Vorname;Nachname\r\njuergen@example.de;J\xfcrgen;Gro\xdf\r\nrenee@example.fr;Ren\xe9e;Dupr\xe9\r\n'

test('an import whose columns do not map waits as needs_mapping, across a relaunch, until a mapping is confirmed', { timeout: 120_000 }, async () => {
  const data = tempDir('mapping-wait')
  const csv = join(data.dir, 'excel-de.csv')
  writeFileSync(csv, Buffer.from(GERMAN, 'latin1'))
  try {
    let service = await launchService(data.dir)
    const started = await service.startImport(csv, { waitForMapping: true })
    assert.ok(started.ok)
    const id = started.import.id
    const waiting = await waitForImport(service, id, (s) => s.status === 'needs_mapping')
    assert.deepEqual(waiting.fileHeaders, ['E-Mail', 'Vorname', 'Nachname'])
    assert.deepEqual(waiting.reading, { encoding: 'windows-1252', delimiter: ';', headerLine: 1, skippedRecords: 0, mapping: { email: 'E-Mail' } })
    assert.match(waiting.failureMessage ?? '', /Missing headers: first_name, last_name/)

    // The preview shows the columns and the first rows as they would be imported.
    const guess = await service.preview(id, {})
    assert.deepEqual([guess.columns, guess.rows.length], [['E-Mail', 'Vorname', 'Nachname'], 0])
    assert.match(guess.problem ?? '', /Missing headers/)
    const mapped = await service.preview(id, { mapping: { first_name: 'Vorname', last_name: 'Nachname' } })
    assert.equal(mapped.problem, null)
    assert.deepEqual(mapped.rows.map((r) => [r.email, r.firstName, r.lastName]), [['juergen@example.de', 'Jürgen', 'Groß'], ['renee@example.fr', 'Renée', 'Dupré']])
    const misread = await service.preview(id, { mapping: { first_name: 'Vorname', last_name: 'Nachname' }, encoding: 'utf-16le' })
    assert.notDeepEqual(misread.columns, mapped.columns)

    // Quit and relaunch: it still waits; nothing was imported.
    await service.shutdown()
    service = await launchService(data.dir)
    assert.equal(service.get(id)?.status, 'needs_mapping')
    assert.deepEqual(dumpDatabase(data.dir).contacts, [])

    await service.confirmMapping(id, { first_name: 'Vorname', last_name: 'Nachname' }, null)
    const done = await waitForImport(service, id, (s) => s.status === 'completed')
    assert.deepEqual(done.reading?.mapping, { email: 'E-Mail', first_name: 'Vorname', last_name: 'Nachname' })
    assert.deepEqual(dumpDatabase(data.dir).contacts, [['juergen@example.de', 'Jürgen', 'Groß'], ['renee@example.fr', 'Renée', 'Dupré']])

    // Import again with other choices: a new import of the same file.
    const again = await service.importAgain(id, { mapping: { first_name: 'Nachname', last_name: 'Vorname' } })
    assert.ok(again.ok)
    const second = await waitForImport(service, again.import.id, (s) => s.status === 'completed')
    assert.equal(second.filePath, done.filePath)
    assert.deepEqual(dumpDatabase(data.dir).contacts, [['juergen@example.de', 'Groß', 'Jürgen'], ['renee@example.fr', 'Dupré', 'Renée']])
  } finally {
    await shutdownAllServices()
    data.remove()
  }
})

test('a file that maps by itself starts at once and says how it was read', { timeout: 60_000 }, async () => {
  const data = tempDir('mapping-auto')
  const csv = join(data.dir, 'linkedin.csv')
  writeFileSync(csv, 'Notes:\n"Some email addresses may be missing."\n\nFirst Name,Last Name,Email Address\nAnn,Smith,ann@example.com\n')
  try {
    const service = await launchService(data.dir)
    const started = await service.startImport(csv, { waitForMapping: true })
    assert.ok(started.ok)
    const done = await waitForImport(service, started.import.id, (s) => s.status === 'completed')
    assert.deepEqual(done.reading, {
      encoding: 'utf-8', delimiter: ',', headerLine: 4, skippedRecords: 2,
      mapping: { email: 'Email Address', first_name: 'First Name', last_name: 'Last Name' },
    })
  } finally {
    await shutdownAllServices()
    data.remove()
  }
})

test('a workbook saved under a .csv name fails not_csv and its summary names the format, in the app too', { timeout: 60_000 }, async () => {
  const data = tempDir('mapping-not-csv')
  const workbook = join(data.dir, 'contacts.csv')
  writeFileSync(workbook, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]), Buffer.from('[Content_Types].xml xl/workbook.xml')]))
  try {
    const service = await launchService(data.dir)
    const id = await startAccepted(service, workbook, { waitForMapping: true })
    const failed = await waitForImport(service, id, (s) => s.status === 'failed')
    assert.deepEqual([failed.failureReason, failed.detectedFormat], ['not_csv', 'xlsx'])
    assert.match(failed.failureMessage ?? '', /Excel workbook \(\.xlsx\)/)
    assert.deepEqual(dumpDatabase(data.dir).contacts, [])
  } finally {
    await shutdownAllServices()
    data.remove()
  }
})
