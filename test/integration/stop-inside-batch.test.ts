// A pause that arrives while the stage step is writing a batch stops the job inside that batch: the
// batch's rows roll back to the last checkpoint (the batch's start), the committed counts and staged
// rows agree, and the resumed import ends exactly as a straight one.
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import Database from 'better-sqlite3'
import { databasePath } from '../../main/db/open.ts'
import { ImportWriter } from '../../main/importer/import-store.ts'
import { ProcessImportJob } from '../../main/importer/process-import-job.ts'
import { stagingNames } from '../../main/importer/staging.ts'
import { generateContactsCsv } from '../support/csv-gen.ts'
import { InProcessWorker } from '../support/in-process-worker.ts'
import { tempDir } from '../support/processes.ts'

// About 20,000 rows per batch, so a batch is staged in several stretches between looks for a stop.
ProcessImportJob.readChunkBytes = 1024 * 1024
/** The pause is asked for when this many rows have been staged: inside the second batch. */
const PAUSE_AFTER_STAGED = 25_000

let root: { dir: string; remove: () => void }
let csv: string

before(async () => {
  root = tempDir('stop-inside-batch')
  csv = join(root.dir, 'contacts.csv')
  await generateContactsCsv(csv, { rows: 60_000, seed: 5 })
})

after(() => root.remove())

function readResult(dataDir: string): { contacts: unknown[]; importRow: Record<string, unknown> } {
  const db = new Database(databasePath(dataDir), { readonly: true })
  try {
    return {
      contacts: db.prepare('SELECT email, first_name, last_name FROM contacts ORDER BY email').all(),
      importRow: db.prepare('SELECT status, total_rows, processed_count, created_count, updated_count, error_count FROM imports').get() as Record<string, unknown>,
    }
  } finally {
    db.close()
  }
}

async function importStraight(dataDir: string): Promise<void> {
  const worker = new InProcessWorker({ dataDir, flushEveryCheckpoints: 1 })
  try {
    await worker.request('createImport', { filePath: csv })
    await worker.waitForEvent((event) => event.type === 'completed')
  } finally {
    await worker.shutdown()
  }
}

test('a pause during a batch stops inside it, keeps only whole batches, and the resume ends exactly as a straight run', async () => {
  const straightDir = join(root.dir, 'straight')
  await importStraight(straightDir)

  const dataDir = join(root.dir, 'paused')
  const worker = new InProcessWorker({ dataDir, flushEveryCheckpoints: 1 })
  const stage = Reflect.get<ImportWriter, 'stage'>(ImportWriter.prototype, 'stage')
  let staged = 0
  let importId: number | null = null
  // The pause comes in as a host's message does: on the event loop, while the batch is being written.
  ImportWriter.prototype.stage = function (this: ImportWriter, ...args: Parameters<ImportWriter['stage']>) {
    if (++staged === PAUSE_AFTER_STAGED && importId !== null) {
      const id = importId
      setImmediate(() => void worker.request('pause', { importId: id }))
    }
    stage.apply(this, args)
  }
  try {
    importId = (await worker.request('createImport', { filePath: csv })).importId
    await worker.waitForEvent((event) => event.type === 'stopped' && event.status === 'paused')
    ImportWriter.prototype.stage = stage

    const db = new Database(databasePath(dataDir), { readonly: true })
    try {
      const committed = db.prepare('SELECT rows_read, error_count FROM imports WHERE id = ?').get(importId) as { rows_read: number; error_count: number }
      const stagedRows = db.prepare(`SELECT count(*) FROM ${stagingNames(importId).rows}`).pluck().get() as number
      const errorRows = db.prepare('SELECT count(*) FROM import_errors WHERE import_id = ?').pluck().get(importId) as number
      // Stopped before the end of the batch in hand, not after it.
      assert.ok(committed.rows_read > 0 && committed.rows_read - committed.error_count < PAUSE_AFTER_STAGED,
        `committed ${committed.rows_read} rows read (${committed.error_count} errors); the pause came after ${PAUSE_AFTER_STAGED} staged`)
      // None of the stopped batch's rows or errors stayed behind.
      assert.equal(stagedRows, committed.rows_read - committed.error_count)
      assert.equal(errorRows, committed.error_count)
    } finally {
      db.close()
    }

    await worker.request('resume', { importId })
    await worker.waitForEvent((event) => event.type === 'completed')
  } finally {
    ImportWriter.prototype.stage = stage
    await worker.shutdown()
  }
  assert.deepEqual(readResult(dataDir), readResult(straightDir))
})
