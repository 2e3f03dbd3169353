// The phase clock `npm run bench` reads its breakdown from: a real import job on a real database
// reports every phase it went through, and nothing is gathered while the clock is off.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { openWriter } from '../../main/db/open.ts'
import { registerJobClass } from '../../main/engine/index.ts'
import { phaseEnd, phaseStart, startPhaseClock, stopPhaseClock } from '../../main/engine/phase-clock.ts'
import { SqliteQueue } from '../../main/engine/sqlite-queue.ts'
import { identifyFile } from '../../main/importer/file-identity.ts'
import { createImport } from '../../main/importer/import-store.ts'
import { ProcessImportJob } from '../../main/importer/process-import-job.ts'
import { generateContactsCsv } from '../support/csv-gen.ts'
import { tempDir } from '../support/processes.ts'

async function importOnce(dataDir: string, path: string): Promise<number> {
  const db = openWriter(dataDir)
  let commits = 0
  try {
    registerJobClass(ProcessImportJob)
    const queue = new SqliteQueue({ db, onCommit: () => commits++ })
    await ProcessImportJob.performLater(queue, createImport(db, path, 'contacts.csv', await identifyFile(path), Date.now()))
    while (await queue.runNext()) {
      // runs the import to its end
    }
    return commits
  } finally {
    db.close()
  }
}

test('an import with the phase clock on reports each of its phases; off, nothing is gathered', { timeout: 60_000 }, async () => {
  const data = tempDir('phase-clock')
  const saved = ProcessImportJob.readChunkBytes
  try {
    const path = join(data.dir, 'contacts.csv')
    // Read in several chunks.
    await generateContactsCsv(path, { rows: 105_000, seed: 3 })
    ProcessImportJob.readChunkBytes = 1 << 20

    await importOnce(join(data.dir, 'off'), path)
    assert.deepEqual(stopPhaseClock(), {}, 'the clock gathers nothing unless started')

    startPhaseClock()
    const commits = await importOnce(join(data.dir, 'on'), path)
    const phases = stopPhaseClock()
    assert.deepEqual(Object.keys(phases).sort(), [
      'commits', 'drop staging', 'merge: chunk bounds', 'merge: upserts', 'parse + validate', 'read file', 'staging inserts',
      'waiting for parsed rows',
    ])
    // One read per chunk plus the read that finds the end; each is parsed and staged once.
    const reads = phases['read file'].count
    assert.ok(reads >= 6, `${reads} reads`)
    // Reads and parsing are timed in the reader thread and added batch by batch as the job takes them;
    // the job parses the first chunk itself while the thread starts, so it waits for all but that one.
    for (const name of ['parse + validate', 'staging inserts']) assert.equal(phases[name].count, reads, name)
    assert.equal(phases['waiting for parsed rows'].count, reads - 1)
    assert.equal(phases['merge: chunk bounds'].count, phases['merge: upserts'].count + 1, 'the last bound finds nothing left')
    assert.equal(phases['drop staging'].count, 1)
    assert.equal(phases.commits.count, commits, 'every durable commit of the job')
    for (const [name, { ms }] of Object.entries(phases)) assert.ok(ms >= 0 && Number.isFinite(ms), name)
  } finally {
    ProcessImportJob.readChunkBytes = saved
    stopPhaseClock()
    data.remove()
  }
})

test('an interval that began before the clock started is not counted', () => {
  const started = phaseStart()
  assert.equal(started, 0n, 'off: no clock is read')
  startPhaseClock()
  phaseEnd('late', started)
  phaseEnd('timed', phaseStart())
  assert.deepEqual(Object.keys(stopPhaseClock()), ['timed'])
})
