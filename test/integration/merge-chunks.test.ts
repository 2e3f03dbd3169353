// The merge step's chunks: bounded by the import's bound sample (one small query per chunk), about
// the size asked for whatever the order of the file, and the same contacts when the sample has to
// be rebuilt from rows staged without it, or the rows come from an earlier version's partitions.
import assert from 'node:assert/strict'
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import Database from 'better-sqlite3'
import { databasePath } from '../../main/db/open.ts'
import { boundSampleEvery, boundSampleSql, isBoundSampleRow, stagingNames, stagingTables } from '../../main/importer/staging.ts'
import { MERGE_ROWS_PER_RUN, ProcessImportJob } from '../../main/importer/process-import-job.ts'
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
  // The same rows, sorted by their email column: each staging run then holds one range of emails.
  const [header, ...rows] = readFileSync(shuffled, 'utf8').trimEnd().split('\n')
  const simple = rows.filter((line) => !line.includes('"'))
  sorted = join(root.dir, 'sorted.csv')
  writeFileSync(sorted, [header, ...simple.sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1))].join('\n'))
})

after(() => root.remove())

interface Finished { contacts: unknown[]; importRow: Record<string, unknown>; mergeChunks: number[] }

/** Where an import is paused, changed by `change` as an earlier version would have left it, and resumed. */
interface Interruption {
  /** IMPORTER_HOLD_AT: the step and rows after which the job holds until paused. */
  holdAt: 'stage:5000' | 'merge:1'
  change: (db: Database.Database, importId: number) => void
}

/** Imports `csv` with a commit at every checkpoint, paused and changed once when `interruption` is given. */
async function importFile(csv: string, dataDir: string, interruption?: Interruption): Promise<Finished> {
  const worker = new InProcessWorker({ dataDir, flushEveryCheckpoints: 1 })
  try {
    // The job holds once past the rows given until it is paused (read when the job is made).
    if (interruption) process.env.IMPORTER_HOLD_AT = interruption.holdAt
    const { importId } = await worker.request('createImport', { filePath: csv })
    if (interruption) {
      const [step, rows] = interruption.holdAt.split(':')
      await worker.waitForEvent((event) => event.type === 'progress' &&
        (step === 'merge' ? event.status === 'processing' && event.processedCount >= Number(rows) : event.status === 'validating' && event.rowsRead >= Number(rows)))
      await worker.request('pause', { importId })
      await worker.waitForEvent((event) => event.type === 'stopped' && event.status === 'paused')
      delete process.env.IMPORTER_HOLD_AT
      const db = new Database(databasePath(dataDir))
      interruption.change(db, importId)
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
      const inSql = db
        .prepare(`WITH RECURSIVE n(seq) AS (SELECT 1 UNION ALL SELECT seq + 1 FROM n WHERE seq < 300000)
          SELECT seq FROM n WHERE ${boundSampleSql(every)}`)
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

test(`a file staged in many runs (few rows per read, as wide rows give) gets chunks of about ${MERGE_ROWS_PER_RUN} rows per run, and the same contacts`, async () => {
  const straight = await importFile(shuffled, join(root.dir, 'data-straight-runs'))
  const saved = ProcessImportJob.readChunkBytes
  // About 40 rows per read, so one staging run per 40 rows.
  ProcessImportJob.readChunkBytes = 2048
  let manyRuns: Finished
  try {
    manyRuns = await importFile(shuffled, join(root.dir, 'data-many-runs'))
  } finally {
    ProcessImportJob.readChunkBytes = saved
  }
  assert.deepEqual(manyRuns.importRow, straight.importRow)
  assert.deepEqual(manyRuns.contacts, straight.contacts)
  const runs = Math.ceil(statSync(shuffled).size / 2048)
  const chunkRows = runs * MERGE_ROWS_PER_RUN
  // Chunks of CHUNK_ROWS (0.5-1.6 times that, as above) would all be below these.
  assert.ok(chunkRows * 0.5 > CHUNK_ROWS * 1.6, `${runs} runs`)
  for (const rows of manyRuns.mergeChunks.slice(0, -1)) assert.ok(rows > chunkRows * 0.5 && rows < chunkRows * 1.6, `chunk sizes ${manyRuns.mergeChunks.join(', ')} for ${runs} runs`)
})

test('an import staged without a bound sample (by an earlier version) gets one from its staged rows and ends the same', async () => {
  const straight = await importFile(shuffled, join(root.dir, 'data-straight'))
  let rebuilt = false
  const continued = await importFile(shuffled, join(root.dir, 'data-upgraded'), {
    holdAt: 'merge:1',
    change: (db, importId) => {
      const sample = stagingTables(db, importId).find((table) => table.endsWith('_bounds'))
      assert.ok(sample, 'the stage step made a bound sample')
      db.exec(`DROP TABLE ${sample}`)
      rebuilt = true
    },
  })
  assert.ok(rebuilt)
  assert.deepEqual(continued.importRow, straight.importRow)
  assert.deepEqual(continued.contacts, straight.contacts)
  // The rebuilt sample bounded the chunks after the pause as the original did.
  assert.ok(Math.abs(continued.mergeChunks.length - straight.mergeChunks.length) <= 1, `${continued.mergeChunks.join(', ')} / ${straight.mergeChunks.join(', ')}`)
  for (const rows of continued.mergeChunks.slice(1, -1)) assert.ok(rows > CHUNK_ROWS * 0.5 && rows < CHUNK_ROWS * 1.6, `chunk sizes ${continued.mergeChunks.join(', ')}`)
})

/** Rows per partition of the layout before staging runs (staging_<import>_<k>, rowid tables). */
const LEGACY_PARTITION_ROWS = 4_000

/**
 * Puts an import's staged rows back in the layout an earlier version left them in: rowid partitions
 * of LEGACY_PARTITION_ROWS rows by row number, sorted into their covering index except the last
 * (the one being filled), and no runs. The bound sample stays: that version made one too.
 */
function toLegacyPartitions(db: Database.Database, importId: number): number {
  const { rows, runs } = stagingNames(importId)
  const partitions = db.prepare(`SELECT DISTINCT (seq - 1) / ${LEGACY_PARTITION_ROWS} FROM ${rows} ORDER BY 1`).pluck().all() as number[]
  for (const k of partitions) {
    const table = `staging_${importId}_${k}`
    db.exec(`CREATE TABLE ${table} (seq INTEGER PRIMARY KEY, email TEXT NOT NULL, first_name TEXT NOT NULL, last_name TEXT NOT NULL)`)
    db.exec(`INSERT INTO ${table} SELECT seq, email, first_name, last_name FROM ${rows} WHERE (seq - 1) / ${LEGACY_PARTITION_ROWS} = ${k} ORDER BY seq`)
    if (k !== partitions.at(-1)) db.exec(`CREATE INDEX ${table}_email ON ${table} (email, seq, first_name, last_name)`)
  }
  db.exec(`DROP TABLE ${rows}; DROP TABLE ${runs}`)
  return partitions.length
}

for (const holdAt of ['stage:5000', 'merge:1'] as const) {
  test(`an import an earlier version staged in partitions (paused at ${holdAt}) continues from them and ends the same`, async () => {
    const straight = await importFile(shuffled, join(root.dir, 'data-straight-legacy'))
    let partitions = 0
    const continued = await importFile(shuffled, join(root.dir, `data-legacy-${holdAt.replace(':', '-')}`), {
      holdAt,
      change: (db, importId) => {
        partitions = toLegacyPartitions(db, importId)
      },
    })
    assert.ok(partitions >= 2, `${partitions} partitions`)
    assert.deepEqual(continued.importRow, straight.importRow)
    assert.deepEqual(continued.contacts, straight.contacts)
  })
}
