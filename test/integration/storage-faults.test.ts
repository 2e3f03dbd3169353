// A failing disk at every possible moment of an import: the K-th COMMIT, and separately the K-th
// write statement, fails with SQLITE_FULL or SQLITE_IOERR (with SQLite rolling the transaction back
// or not), for every K across creating, staging, merging and finalizing an import of a file with
// duplicates and row errors. Each time the import must stop as a held pause at exactly its last
// commit (nothing staged or merged past the saved cursor), and after Resume end identical to a
// straight run. The worker is the real one, in this process, so SQLite can be wrapped here.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { databasePath } from '../../main/db/open.ts'
import { ProcessImportJob } from '../../main/importer/process-import-job.ts'
import { stagingTables } from '../../main/importer/staging.ts'
import { generateContactsCsv } from '../support/csv-gen.ts'
import { InProcessWorker } from '../support/in-process-worker.ts'
import { armFault, disarmFault, installFaults } from '../support/sqlite-faults.ts'
import { assertCommittedPause } from '../support/storage-pause.ts'
import type { FaultPlan } from '../support/sqlite-faults.ts'
import { tempDir } from '../support/processes.ts'

installFaults()
// Small chunks, a commit at every checkpoint: many commits and statements in a small file.
ProcessImportJob.readChunkBytes = 2048
ProcessImportJob.mergeChunkRows = 40

interface EndState {
  import: Record<string, unknown>
  errors: unknown[]
  contacts: unknown[]
  staging: string[]
  job: string
}

function readState(dataDir: string, importId: number): EndState {
  const db = new Database(databasePath(dataDir), { readonly: true })
  try {
    return {
      import: db
        .prepare(`SELECT status, total_rows, processed_count, created_count, updated_count, error_count, rows_read,
          failure_reason FROM imports WHERE id = ?`)
        .get(importId) as Record<string, unknown>,
      errors: db.prepare('SELECT row_number, line_number, code, email, message FROM import_errors ORDER BY row_number').all(),
      contacts: db.prepare('SELECT id, email, first_name, last_name FROM contacts ORDER BY email').all(),
      staging: stagingTables(db, importId),
      job: (db.prepare('SELECT j.state FROM jobs j JOIN imports i ON i.job_id = j.job_id WHERE i.id = ?').pluck().get(importId) as string),
    }
  } finally {
    db.close()
  }
}

const REASONS: Record<FaultPlan['code'], string> = { SQLITE_FULL: 'disk_full', SQLITE_IOERR_WRITE: 'io_error', SQLITE_READONLY: 'read_only' }

let root: { dir: string; remove: () => void }
let csv: string
let straight: EndState
let counted: { commits: number; writes: number }
let run = 0

/** One import with `plan` armed; resumes it after a storage pause. Returns its end state. */
async function importWith(plan: FaultPlan): Promise<{ state: EndState; paused: boolean; fired: boolean }> {
  const dataDir = join(root.dir, `data-${++run}`)
  const worker = new InProcessWorker({ dataDir, flushEveryCheckpoints: 1 })
  armFault(plan)
  let importId: number
  try {
    ;({ importId } = await worker.request('createImport', { filePath: csv }))
  } catch (error) {
    // The fault hit the import's creation: the request says so and leaves no import behind.
    assert.match(String(error), /disk|I\/O/)
    const db = new Database(databasePath(dataDir), { readonly: true })
    assert.equal(db.prepare('SELECT count(*) FROM imports').pluck().get(), 0)
    db.close()
    ;({ importId } = await worker.request('createImport', { filePath: csv }))
  }
  const end = await worker.waitForEvent(
    (event) => event.importId === importId && (event.type === 'completed' || event.type === 'failed' || (event.type === 'stopped' && event.status === 'paused')),
  )
  const { fired } = disarmFault()
  assert.notEqual(end.type, 'failed', `${plan.target} #${plan.at}: ${JSON.stringify(end)}`)
  const paused = end.type === 'stopped'
  if (paused) {
    assertCommittedPause(dataDir, importId, REASONS[plan.code], `${plan.target} #${plan.at} ${plan.code}`)
    worker.events.length = 0
    await worker.request('resume', { importId })
    await worker.waitForEvent((event) => event.importId === importId && event.type === 'completed')
  }
  await worker.shutdown()
  return { state: readState(dataDir, importId), paused, fired }
}

before(async () => {
  root = tempDir('storage-faults-')
  csv = join(root.dir, 'contacts.csv')
  await generateContactsCsv(csv, { rows: 240, invalidShare: 0.1, duplicateShare: 0.25, seed: 7 })
  const never: FaultPlan = { target: 'commit', at: Number.MAX_SAFE_INTEGER, code: 'SQLITE_FULL', rollsBack: true }
  const dataDir = join(root.dir, 'straight')
  const worker = new InProcessWorker({ dataDir, flushEveryCheckpoints: 1 })
  armFault(never)
  const { importId } = await worker.request('createImport', { filePath: csv })
  await worker.waitForEvent((event) => event.type === 'completed')
  counted = disarmFault()
  await worker.shutdown()
  straight = readState(dataDir, importId)
  assert.equal(straight.import.status, 'completed')
  assert.ok((straight.import.error_count as number) > 10 && (straight.import.updated_count as number) > 10, 'the file has row errors and duplicates')
})

after(() => root.remove())

const VARIANTS: Array<Omit<FaultPlan, 'at'>> = [
  { target: 'commit', code: 'SQLITE_FULL', rollsBack: true },
  { target: 'commit', code: 'SQLITE_IOERR_WRITE', rollsBack: false },
  { target: 'write', code: 'SQLITE_FULL', rollsBack: false },
  { target: 'write', code: 'SQLITE_IOERR_WRITE', rollsBack: true },
]

describe('a storage fault at every COMMIT and every write of an import', () => {
  for (const variant of VARIANTS) {
    test(`the K-th ${variant.target} fails with ${variant.code}${variant.rollsBack ? ' (transaction rolled back)' : ''}`, async () => {
      const total = variant.target === 'commit' ? counted.commits : counted.writes
      assert.ok(total > 20, `a straight run has ${total} ${variant.target}s`)
      let pauses = 0
      for (let at = 1; at <= total; at++) {
        const { state, paused, fired } = await importWith({ ...variant, at })
        assert.ok(fired, `${variant.target} #${at} was reached`)
        if (paused) pauses++
        assert.deepEqual(state, straight, `${variant.target} #${at}: end state equals a straight run`)
      }
      // Faults in the few transactions around the job (its claim) are retried without a pause.
      assert.ok(pauses > total * 0.8, `${pauses} of ${total} faults paused the import`)
    })
  }
})

test('a data folder that turns read-only pauses the import the same way (read_only), and Resume continues it', async () => {
  // Every tenth commit is enough here: the sweep above covers every position for the other codes.
  let runs = 0
  let pauses = 0
  for (let at = 3; at <= counted.commits; at += 5) {
    const { state, paused } = await importWith({ target: 'commit', at, code: 'SQLITE_READONLY', rollsBack: true })
    assert.deepEqual(state, straight, `commit #${at}`)
    runs++
    if (paused) pauses++
  }
  assert.ok(pauses >= runs - 1, `${pauses} of ${runs} faults paused the import as read-only`)
})
