// Remove and Clear finished with the real worker and SQLite: an import's record, error rows,
// throughput history and job go; contacts stay; an import that runs is refused; one that waits for
// its columns (a wrong file dropped) goes without being mapped.
import { after, afterEach, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { databasePath } from '../../main/db/open.ts'
import { generateContactsCsv } from '../support/csv-gen.ts'
import { tempDir } from '../support/processes.ts'
import { countStagingTables, isEnded, launchService, shutdownAllServices, startAccepted, waitForImport } from '../support/service-host.ts'

const files = tempDir('remove-files')
const csvPath = join(files.dir, 'contacts.csv')
const PACED = { IMPORTER_MAX_ROWS_PER_SECOND: '10000' }

before(() => generateContactsCsv(csvPath, { rows: 20_000, seed: 11 }))
afterEach(() => shutdownAllServices())
after(() => files.remove())

function counts(dataDir: string, importId: number) {
  const db = new Database(databasePath(dataDir), { readonly: true })
  try {
    const one = (sql: string, ...args: unknown[]) => db.prepare(sql).pluck().get(...args) as number
    return {
      imports: one('SELECT count(*) FROM imports WHERE id = ?', importId),
      errors: one('SELECT count(*) FROM import_errors WHERE import_id = ?', importId),
      throughput: one('SELECT count(*) FROM import_throughput WHERE import_id = ?', importId),
      jobs: one(`SELECT count(*) FROM jobs WHERE job_id IN (SELECT job_id FROM imports WHERE id = ?)`, importId),
      allJobs: one('SELECT count(*) FROM jobs'),
      contacts: one('SELECT count(*) FROM contacts'),
    }
  } finally {
    db.close()
  }
}

test('remove: a completed import leaves no record, error rows, history or job; its contacts stay', { timeout: 120_000 }, async () => {
  const data = tempDir('remove-completed')
  try {
    const service = await launchService(data.dir, PACED)
    const id = await startAccepted(service, csvPath)
    const done = await waitForImport(service, id, isEnded)
    assert.equal(done.status, 'completed')
    const before = counts(data.dir, id)
    assert.ok(before.errors > 0 && before.throughput > 0 && before.contacts > 0, JSON.stringify(before))

    await service.remove(id)
    const after = counts(data.dir, id)
    assert.deepEqual(after, { imports: 0, errors: 0, throughput: 0, jobs: 0, allJobs: 0, contacts: before.contacts })
    assert.equal(service.get(id), null)
    assert.deepEqual(service.list(), [])
  } finally {
    await shutdownAllServices()
    data.remove()
  }
})

test('remove refuses an import that runs; a paused one goes with its staging table', { timeout: 120_000 }, async () => {
  const data = tempDir('remove-running')
  try {
    const service = await launchService(data.dir, PACED)
    const id = await startAccepted(service, csvPath)
    await waitForImport(service, id, (s) => s.rowsRead > 2000)
    await assert.rejects(service.remove(id), /still importing; pause or cancel it/)
    assert.equal(counts(data.dir, id).imports, 1)

    await service.pause(id)
    await waitForImport(service, id, (s) => s.status === 'paused')
    assert.ok(countStagingTables(data.dir) > 0)
    await service.remove(id)
    assert.equal(counts(data.dir, id).imports, 0)
    assert.equal(countStagingTables(data.dir), 0)
  } finally {
    await shutdownAllServices()
    data.remove()
  }
})

test('remove: an import waiting for its columns goes without being mapped; Clear finished keeps it', { timeout: 120_000 }, async () => {
  const data = tempDir('remove-needs-mapping')
  const wrongFile = join(data.dir, 'orders.csv')
  writeFileSync(wrongFile, 'order_id,total\n1001,19.90\n')
  try {
    const service = await launchService(data.dir)
    const id = await startAccepted(service, wrongFile, { waitForMapping: true })
    await waitForImport(service, id, (s) => s.status === 'needs_mapping')
    assert.deepEqual(await service.clearFinished(), [], 'an import waiting for its columns has not finished')

    await service.remove(id)
    assert.deepEqual(counts(data.dir, id), { imports: 0, errors: 0, throughput: 0, jobs: 0, allJobs: 0, contacts: 0 })
    assert.equal(service.get(id), null)
    assert.deepEqual(service.list(), [])
  } finally {
    await shutdownAllServices()
    data.remove()
  }
})

test('clear finished: completed, failed and cancelled go; a paused one stays', { timeout: 120_000 }, async () => {
  const data = tempDir('clear-finished')
  try {
    const service = await launchService(data.dir, PACED)
    const completed = await startAccepted(service, csvPath)
    await waitForImport(service, completed, isEnded)
    const cancelled = await startAccepted(service, csvPath)
    await waitForImport(service, cancelled, (s) => s.rowsRead > 1000)
    await service.cancel(cancelled)
    const paused = await startAccepted(service, csvPath)
    await waitForImport(service, paused, (s) => s.rowsRead > 1000)
    await service.pause(paused)
    await waitForImport(service, paused, (s) => s.status === 'paused')

    const removed = await service.clearFinished()
    assert.deepEqual(removed.sort(), [completed, cancelled].sort())
    assert.deepEqual(service.list().map((s) => [s.id, s.status]), [[paused, 'paused']])
    assert.ok(counts(data.dir, completed).contacts > 0, 'contacts stay')
    assert.deepEqual(await service.clearFinished(), [])
  } finally {
    await shutdownAllServices()
    data.remove()
  }
})
