// The merge step's chunks: bounded by the import's bound sample (one small query per chunk, not
// one per staging partition), about the size asked for whatever the order of the file, and the
// same contacts when the sample has to be rebuilt from rows staged without it.
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import Database from 'better-sqlite3'
import { databasePath } from '../../main/db/open.ts'
import { boundSampleEvery, isBoundSampleRow, stagingTables } from '../../main/importer/import-store.ts'
import { ProcessImportJob } from '../../main/importer/process-import-job.ts'
import type { WorkerEvent } from '../../main/worker/protocol.ts'
import { generateContactsCsv } from '../support/csv-gen.ts'
import { InProcessWorker } from '../support/in-process-worker.ts'
import { tempDir } from '../support/processes.ts'

const CHUNK_ROWS = 2_000
ProcessImportJob.mergeChunkRows = CHUNK_ROWS

let root: { dir: string; remove: () => void }
let shuffled: string
let sorted: string

before(async () => {
  root = tempDir('merge-chunks')
  shuffled = join(root.dir, 'shuffled.csv')
  await generateContactsCsv(shuffled, { rows: 30_000, seed: 11 })
  // The same rows, sorted by their email column: each staging partition then holds one range of emails.
  const [header, ...rows] = readFileSync(shuffled, 'utf8').trimEnd().split('\n')
  const simple = rows.filter((line) => !line.includes('"'))
  sorted = join(root.dir, 'sorted.csv')
  writeFileSync(sorted, [header, ...simple.sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1))].join('\n'))
})

after(() => root.remove())

interface Finished { contacts: unknown[]; importRow: Record<string, unknown>; mergeChunks: number[] }

/** Imports `csv` with a commit at every checkpoint; `beforeMerge` runs once merge has committed its first chunk. */
async function importFile(csv: string, dataDir: string, beforeMerge?: (db: Database.Database, importId: number) => void): Promise<Finished> {
  const worker = new InProcessWorker({ dataDir, flushEveryCheckpoints: 1 })
  try {
    // The job holds after its first merge chunk until it is paused (read when the job is made).
    if (beforeMerge) process.env.IMPORTER_HOLD_AT = 'merge:1'
    const { importId } = await worker.request('createImport', { filePath: csv })
    if (beforeMerge) {
      await worker.waitForEvent((event) => event.type === 'progress' && event.status === 'processing' && event.processedCount > 0)
      await worker.request('pause', { importId })
      await worker.waitForEvent((event) => event.type === 'stopped' && event.status === 'paused')
      delete process.env.IMPORTER_HOLD_AT
      const db = new Database(databasePath(dataDir))
      beforeMerge(db, importId)
      db.close()
      await worker.request('resume', { importId })
    }
    await worker.waitForEvent((event) => event.type === 'completed')
    const merged = worker.events
      .filter((event): event is WorkerEvent<'progress'> => event.type === 'progress' && event.status === 'processing')
      .map((event) => event.processedCount)
    const mergeChunks = merged.map((count, i) => count - (merged[i - 1] ?? 0)).filter((rows) => rows > 0)
    const db = new Database(databasePath(dataDir), { readonly: true })
    try {
      return {
        contacts: db.prepare('SELECT email, first_name, last_name FROM contacts ORDER BY email').all(),
        importRow: db.prepare('SELECT status, processed_count, created_count, updated_count, error_count FROM imports').get() as Record<string, unknown>,
        mergeChunks,
      }
    } finally {
      db.close()
    }
  } finally {
    await worker.shutdown()
  }
}

test('the bound sample rule is the same in the stage step (JavaScript) and in SQL (rows staged before it)', () => {
  const db = new Database(':memory:')
  try {
    for (const every of [boundSampleEvery(40), boundSampleEvery(20_000), 1_000]) {
      const threshold = Math.floor(2 ** 32 / every)
      const inSql = db
        .prepare(`WITH RECURSIVE n(seq) AS (SELECT 1 UNION ALL SELECT seq + 1 FROM n WHERE seq < 300000)
          SELECT seq FROM n WHERE ((seq * 2654435761) & 4294967295) < ${threshold}`)
        .pluck()
        .all() as number[]
      const inJs = Array.from({ length: 300_000 }, (_, i) => i + 1).filter((row) => isBoundSampleRow(row, every))
      assert.deepEqual(inSql, inJs, `1 in ${every}`)
      // About 1 in `every` rows, evenly over the file.
      assert.ok(Math.abs(inJs.length - 300_000 / every) < (300_000 / every) * 0.1, `1 in ${every}: ${inJs.length} sampled`)
    }
  } finally {
    db.close()
  }
})

for (const [name, file] of [['shuffled', () => shuffled], ['sorted by email', () => sorted]] as const) {
  test(`merge chunks hold about ${CHUNK_ROWS} rows when the file is ${name}`, async () => {
    const { mergeChunks, importRow } = await importFile(file(), join(root.dir, `data-${name}`))
    assert.equal(importRow.status, 'completed')
    const total = mergeChunks.reduce((sum, rows) => sum + rows, 0)
    assert.equal(total, importRow.processed_count)
    assert.ok(mergeChunks.length >= 10, `chunk sizes ${mergeChunks.join(', ')}`)
    // Every chunk but the last, which takes what is left.
    for (const rows of mergeChunks.slice(0, -1)) assert.ok(rows > CHUNK_ROWS * 0.5 && rows < CHUNK_ROWS * 1.6, `chunk sizes ${mergeChunks.join(', ')}`)
  })
}

test('an import staged without a bound sample (by an earlier version) gets one from its staged rows and ends the same', async () => {
  const straight = await importFile(shuffled, join(root.dir, 'data-straight'))
  let rebuilt = false
  const continued = await importFile(shuffled, join(root.dir, 'data-upgraded'), (db, importId) => {
    const sample = stagingTables(db, importId).find((table) => table.endsWith('_bounds'))
    assert.ok(sample, 'the stage step made a bound sample')
    db.exec(`DROP TABLE ${sample}`)
    rebuilt = true
  })
  assert.ok(rebuilt)
  assert.deepEqual(continued.importRow, straight.importRow)
  assert.deepEqual(continued.contacts, straight.contacts)
  // The rebuilt sample bounded the chunks after the pause as the original did.
  assert.ok(Math.abs(continued.mergeChunks.length - straight.mergeChunks.length) <= 1, `${continued.mergeChunks.join(', ')} / ${straight.mergeChunks.join(', ')}`)
  for (const rows of continued.mergeChunks.slice(1, -1)) assert.ok(rows > CHUNK_ROWS * 0.5 && rows < CHUNK_ROWS * 1.6, `chunk sizes ${continued.mergeChunks.join(', ')}`)
})
