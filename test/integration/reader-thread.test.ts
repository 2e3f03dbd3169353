// The stage step's reader thread never outlives the step: it has ended by the time the import
// reports paused, failed or the worker shut down, and a resume starts a new one at the saved cursor.
// The real worker and job in this process (Node publishes every new thread on a diagnostics
// channel, which is how the test sees them).
import { after, afterEach, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { subscribe } from 'node:diagnostics_channel'
import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Worker } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { databasePath } from '../../main/db/open.ts'
import { ProcessImportJob } from '../../main/importer/process-import-job.ts'
import { generateContactsCsv } from '../support/csv-gen.ts'
import { InProcessWorker } from '../support/in-process-worker.ts'
import { tempDir } from '../support/processes.ts'

const ROWS = 20_000
const HOLD_AT = 3_000

const threads: Worker[] = []
subscribe('worker_threads', (message) => threads.push((message as { worker: Worker }).worker))

let root: { dir: string; remove: () => void }
let csv: string
let run = 0
const savedChunk = ProcessImportJob.readChunkBytes

before(async () => {
  root = tempDir('reader-thread-')
  csv = join(root.dir, 'contacts.csv')
  await generateContactsCsv(csv, { rows: ROWS, invalidShare: 0.05, seed: 11 })
  // Small reads: the thread is many batches from the end of the file when the job stops.
  ProcessImportJob.readChunkBytes = 4096
})

after(() => {
  ProcessImportJob.readChunkBytes = savedChunk
  root.remove()
})

afterEach(() => {
  delete process.env.IMPORTER_HOLD_AT
  threads.length = 0
})

function newWorker(): InProcessWorker {
  return new InProcessWorker({ dataDir: join(root.dir, `data-${++run}`), flushEveryCheckpoints: 1 })
}

/** Stage progress past HOLD_AT rows: the job holds there (IMPORTER_HOLD_AT), its thread alive. */
async function heldInStage(worker: InProcessWorker, importId: number): Promise<void> {
  await worker.waitForEvent((event) => event.importId === importId && event.type === 'progress' && event.status === 'validating' && event.rowsRead >= HOLD_AT)
  assert.equal(threads.length, 1, 'one reader thread')
  assert.notEqual(threads[0].threadId, -1, 'the thread runs while the job holds in stage')
}

test('a pause ends the thread before "paused"; resume reads on from the saved cursor in a new thread, to the same end', async () => {
  process.env.IMPORTER_HOLD_AT = `stage:${HOLD_AT}`
  const worker = newWorker()
  try {
    const { importId } = await worker.request('createImport', { filePath: csv })
    await heldInStage(worker, importId)
    await worker.request('pause', { importId })
    await worker.waitForEvent((event) => event.importId === importId && event.type === 'stopped' && event.status === 'paused')
    assert.equal(threads[0].threadId, -1, 'the reader thread has ended')

    delete process.env.IMPORTER_HOLD_AT
    worker.events.length = 0
    await worker.request('resume', { importId })
    await worker.waitForEvent((event) => event.importId === importId && event.type === 'completed')
    assert.equal(threads.length, 2, 'the resumed stage started a thread of its own')
    assert.equal(threads[1].threadId, -1)
    const db = new Database(databasePath(join(root.dir, `data-${run}`)), { readonly: true })
    try {
      const counts = db.prepare('SELECT rows_read, processed_count, error_count, total_rows FROM imports WHERE id = ?').get(importId) as Record<string, number>
      assert.equal(counts.rows_read, ROWS)
      assert.equal(counts.total_rows, ROWS)
      assert.equal(counts.processed_count + counts.error_count, ROWS, 'every row once: none skipped or staged twice at the resume')
      const rowNumbers = db.prepare('SELECT count(DISTINCT row_number) AS n, count(*) AS total FROM import_errors WHERE import_id = ?').get(importId) as { n: number; total: number }
      assert.equal(rowNumbers.n, rowNumbers.total, 'no row error recorded twice')
    } finally {
      db.close()
    }
  } finally {
    await worker.shutdown()
  }
})

test('a shutdown mid-stage ends the thread with the worker', async () => {
  process.env.IMPORTER_HOLD_AT = `stage:${HOLD_AT}`
  const worker = newWorker()
  const { importId } = await worker.request('createImport', { filePath: csv })
  await heldInStage(worker, importId)
  await worker.shutdown()
  assert.equal(threads[0].threadId, -1)
})

test('a file rejection thrown in the thread fails the import as before, and the thread has ended', async () => {
  const broken = join(root.dir, 'unterminated.csv')
  await generateContactsCsv(broken, { rows: 2_000, seed: 12 })
  appendFileSync(broken, 'ana@example.com,"Ana,Lima,Acme\n')
  const worker = newWorker()
  try {
    const { importId } = await worker.request('createImport', { filePath: broken })
    const failed = await worker.waitForEvent((event) => event.importId === importId && (event.type === 'failed' || event.type === 'completed'))
    assert.equal(failed.type, 'failed')
    assert.equal(failed.type === 'failed' && failed.reason, 'unterminated_quote')
    assert.match(failed.type === 'failed' ? failed.message : '', /^A quoted field opened on line [\d,]+ is never closed\./)
    assert.equal(threads.length, 1)
    assert.equal(threads[0].threadId, -1, 'the reader thread has ended')
  } finally {
    await worker.shutdown()
  }
})
