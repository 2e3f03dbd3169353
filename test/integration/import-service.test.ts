// The ImportService with the real worker in a child process and a real SQLite file: pause, quit,
// relaunch, crash and resume, each compared with an uninterrupted run of the same file.
import { after, afterEach, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { writeFileSync } from 'node:fs'
import { generateContactsCsv } from '../support/csv-gen.ts'
import { tempDir } from '../support/processes.ts'
import { countStagingTables, dumpDatabase, isEnded, killWorker, launchService, shutdownAllServices, startAccepted, waitForImport } from '../support/service-host.ts'
import type { DatabaseDump } from '../support/service-host.ts'
import Database from 'better-sqlite3'
import { databasePath } from '../../main/db/open.ts'
import { migrations } from '../../main/db/migrate.ts'
import { ImportService } from '../../main/service/import-service.ts'
import { forkWorker } from '../../main/service/child-process-port.ts'

const ROWS = 30_000
/** Slow enough to interrupt at will: about 3 s of checking and 3 s of importing. */
const PACED = { IMPORTER_MAX_ROWS_PER_SECOND: '10000' }

const files = tempDir('service-files')
const csvPath = join(files.dir, 'contacts.csv')
let reference: DatabaseDump

before(async () => {
  await generateContactsCsv(csvPath, { rows: ROWS, seed: 7 })
  const data = tempDir('service-reference')
  const service = await launchService(data.dir)
  const started = await service.startImport(csvPath)
  assert.ok(started.ok)
  const done = await waitForImport(service, started.import.id, isEnded)
  assert.equal(done.status, 'completed')
  await service.shutdown()
  reference = dumpDatabase(data.dir)
  data.remove()
})

afterEach(() => shutdownAllServices())
after(() => files.remove())

function assertSameAsReference(dump: DatabaseDump): void {
  assert.deepEqual(dump.imports.map(({ id: _id, ...rest }) => rest), reference.imports.map(({ id: _id, ...rest }) => rest))
  assert.equal(dump.contacts.length, reference.contacts.length)
  assert.deepEqual(dump.contacts, reference.contacts)
  assert.deepEqual(dump.errors, reference.errors)
}

test('the reference run has exact, consistent counts', () => {
  const [summary] = reference.imports
  assert.equal(summary.status, 'completed')
  assert.equal(summary.total_rows, ROWS)
  assert.equal(Number(summary.processed_count) + Number(summary.error_count), ROWS)
  assert.equal(Number(summary.created_count) + Number(summary.updated_count), summary.processed_count)
  assert.equal(reference.contacts.length, summary.created_count)
  assert.equal(reference.errors.length, summary.error_count)
  assert.ok(Number(summary.error_count) > 0 && Number(summary.updated_count) > 0)
})

test('start → pause → quit → relaunch lists it paused with the same counts → resume → exact', { timeout: 120_000 }, async () => {
  const data = tempDir('service-pause')
  try {
    let service = await launchService(data.dir, PACED)
    const id = await startAccepted(service, csvPath)
    await waitForImport(service, id, (s) => s.rowsRead > 3000)
    await service.pause(id)
    const paused = await waitForImport(service, id, (s) => s.status === 'paused')
    await new Promise((resolve) => setTimeout(resolve, 300))
    assert.deepEqual(service.get(id)?.rowsRead, paused.rowsRead, 'numbers stop moving while paused')
    await service.shutdown()

    service = await launchService(data.dir, PACED)
    const relaunched = service.get(id)
    assert.equal(relaunched?.status, 'paused', 'paused imports stay paused across relaunches')
    assert.equal(relaunched?.rowsRead, paused.rowsRead)
    assert.equal(relaunched?.errorCount, paused.errorCount)
    await new Promise((resolve) => setTimeout(resolve, 300))
    assert.equal(service.get(id)?.status, 'paused')
    await service.resume(id)
    const done = await waitForImport(service, id, isEnded)
    assert.equal(done.status, 'completed')
    await service.shutdown()
    assertSameAsReference(dumpDatabase(data.dir))
    assert.equal(countStagingTables(data.dir), 0)
  } finally {
    await shutdownAllServices()
    data.remove()
  }
})

test('quit mid-import without pausing → relaunch resumes by itself from the saved row', { timeout: 120_000 }, async () => {
  const data = tempDir('service-quit')
  try {
    let service = await launchService(data.dir, PACED)
    const id = await startAccepted(service, csvPath)
    await waitForImport(service, id, (s) => s.rowsRead > 5000)
    await service.shutdown()
    const saved = dumpDatabase(data.dir).imports[0]
    assert.ok(Number(saved.rows_read) > 5000, 'progress was committed at shutdown')

    service = await launchService(data.dir, PACED)
    const resumed = await waitForImport(service, id, (s) => s.resumedAtRow !== null)
    assert.equal(resumed.resumedAtRow, saved.rows_read, 'resumes from the saved row, not from zero')
    const done = await waitForImport(service, id, isEnded)
    assert.equal(done.status, 'completed')
    await service.shutdown()
    assertSameAsReference(dumpDatabase(data.dir))
  } finally {
    await shutdownAllServices()
    data.remove()
  }
})

test('SIGKILL of the worker mid-import → the service restarts it and the import completes exactly', { timeout: 120_000 }, async () => {
  const data = tempDir('service-kill')
  try {
    const service = await launchService(data.dir, PACED)
    const id = await startAccepted(service, csvPath)
    for (const threshold of [4000, 20_000]) {
      await waitForImport(service, id, (s) => s.rowsRead > threshold || s.processedCount > 0)
      await killWorker(service)
    }
    const done = await waitForImport(service, id, isEnded)
    assert.equal(done.status, 'completed')
    await service.shutdown()
    assertSameAsReference(dumpDatabase(data.dir))
  } finally {
    await shutdownAllServices()
    data.remove()
  }
})

test('two imports started together both complete exactly', { timeout: 120_000 }, async () => {
  const data = tempDir('service-two')
  const second = join(files.dir, 'second.csv')
  writeFileSync(second, 'Email,First Name,Last Name\nuser1@example.com,Second,Writer\nnew@example.com,New,Person\nbad,No,Email\n')
  try {
    const service = await launchService(data.dir)
    const [a, b] = await Promise.all([service.startImport(csvPath), service.startImport(second)])
    assert.ok(a.ok && b.ok)
    // The large file takes longer to identify; it was started first, so it is created and run first.
    assert.ok(a.import.id < b.import.id, `created in the order started (${a.import.id}, ${b.import.id})`)
    const [doneA, doneB] = await Promise.all([
      waitForImport(service, a.import.id, isEnded),
      waitForImport(service, b.import.id, isEnded),
    ])
    assert.equal(doneA.status, 'completed')
    assert.equal(doneB.status, 'completed')
    assert.deepEqual([doneB.totalRows, doneB.processedCount, doneB.errorCount], [3, 2, 1])
    const dump = dumpDatabase(data.dir)
    // The second file ran after the first: its row for user1 wins, and it adds one contact.
    assert.equal(dump.contacts.length, reference.contacts.length + 1)
    assert.deepEqual(dump.contacts.find(([email]) => email === 'user1@example.com'), ['user1@example.com', 'Second', 'Writer'])
    assert.equal(doneB.createdCount, 1)
    assert.equal(doneB.updatedCount, 1)
    await service.shutdown()
  } finally {
    await shutdownAllServices()
    data.remove()
  }
})

test('50 random interruptions (pause, quit, SIGKILL) end identical to an uninterrupted run', { timeout: 300_000 }, async () => {
  const data = tempDir('service-chaos')
  const kinds = { pause: 0, quit: 0, kill: 0, pauseQuit: 0 }
  let random = 12345
  const next = () => (random = (random * 1103515245 + 12345) % 2147483648) / 2147483648
  try {
    let service = await launchService(data.dir, PACED)
    const id = await startAccepted(service, csvPath)
    let interruptions = 0
    while (interruptions < 50) {
      await new Promise((resolve) => setTimeout(resolve, 20 + next() * 120))
      const current = service.get(id)
      if (!current || isEnded(current)) break
      const roll = next()
      interruptions++
      if (roll < 0.3) {
        kinds.pause++
        await service.pause(id)
        await waitForImport(service, id, (s) => s.status === 'paused')
        await service.resume(id)
      } else if (roll < 0.55) {
        kinds.quit++
        await service.shutdown()
        service = await launchService(data.dir, PACED)
      } else if (roll < 0.85) {
        kinds.kill++
        await killWorker(service)
      } else {
        kinds.pauseQuit++
        await service.pause(id)
        await waitForImport(service, id, (s) => s.status === 'paused')
        await service.shutdown()
        service = await launchService(data.dir, PACED)
        assert.equal(service.get(id)?.status, 'paused')
        await service.resume(id)
      }
    }
    assert.equal(interruptions, 50, `the import ended after ${interruptions} interruptions (${JSON.stringify(kinds)}); slow it down`)
    const done = await waitForImport(service, id, isEnded, 120_000)
    assert.equal(done.status, 'completed')
    await service.shutdown()
    assertSameAsReference(dumpDatabase(data.dir))
  } finally {
    await shutdownAllServices()
    data.remove()
  }
})

test('the worker warns, naming the step, when a step runs longer than the shutdown timeout without a checkpoint', { timeout: 60_000 }, async () => {
  const data = tempDir('service-stall')
  const warnings: string[] = []
  const service = new ImportService({
    dataDir: data.dir,
    shutdownTimeoutMs: 100,
    // About 330 rows per 16 KiB read at 1,000 rows/s: a third of a second between checkpoints.
    spawnWorker: (spawn) => forkWorker({ ...spawn, env: { ...process.env, IMPORTER_MAX_ROWS_PER_SECOND: '1000' } }),
    log: (level, message) => {
      if (level === 'warn') warnings.push(message)
    },
  })
  try {
    await service.start()
    const started = await service.startImport(csvPath)
    assert.ok(started.ok)
    for (let i = 0; i < 100 && warnings.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 100))
    assert.match(warnings[0] ?? '', /Step 'stage' of job .* without a checkpoint \(longer than the shutdown timeout of 100 ms\)/)
  } finally {
    await service.shutdown()
    data.remove()
  }
})

test('a worker that cannot open its database says why, and start() rejects with that reason', { timeout: 30_000 }, async () => {
  const data = tempDir('service-newer-schema')
  try {
    const db = new Database(databasePath(data.dir))
    db.pragma('user_version = 99')
    db.close()
    const service = new ImportService({ dataDir: data.dir, spawnWorker: (spawn) => forkWorker(spawn) })
    await assert.rejects(service.start(), /could not start: The database is from a newer version of the app \(schema 99/)
    for (let i = 0; i < 100 && service.workerPid !== undefined; i++) await new Promise((resolve) => setTimeout(resolve, 20))
    assert.equal(service.workerPid, undefined, 'the worker is gone')
  } finally {
    await shutdownAllServices()
    data.remove()
  }
})

test('a restarted worker that cannot start is tried again, then reported lost; start() brings it back', { timeout: 60_000 }, async () => {
  const data = tempDir('service-worker-lost')
  try {
    const service = await launchService(data.dir, PACED)
    const lost = new Promise<string>((resolveLost) => service.onWorkerLost(resolveLost))
    const started = await service.startImport(csvPath)
    assert.ok(started.ok)
    await waitForImport(service, started.import.id, (s) => s.rowsRead > 1000)
    // Kill the worker and, before its successor opens the database, make the schema unreadable.
    process.kill(service.workerPid!, 'SIGKILL')
    setSchemaVersion(data.dir, 99)
    assert.match(await lost, /could not start: The database is from a newer version of the app/)
    assert.equal(service.workerPid, undefined)

    setSchemaVersion(data.dir, migrations.length)
    await service.start()
    const done = await waitForImport(service, started.import.id, isEnded)
    assert.equal(done.status, 'completed')
    await service.shutdown()
  } finally {
    await shutdownAllServices()
    data.remove()
  }
})

function setSchemaVersion(dataDir: string, version: number): void {
  const db = new Database(databasePath(dataDir))
  db.pragma('busy_timeout = 10000')
  db.pragma(`user_version = ${version}`)
  db.close()
}
