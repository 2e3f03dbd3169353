// Every CSV fixture through the whole import job (engine, SQLite queue, staging, merge) on a real
// database that already holds contacts: the database must say exactly what the scanner decided.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openWriter } from '../../main/db/open.ts'
import { registerJobClass } from '../../main/engine/index.ts'
import { SqliteQueue } from '../../main/engine/sqlite-queue.ts'
import { FileRejection, createRecordReader, readLayout } from '../../main/importer/csv/index.ts'
import type { RecordOutcome } from '../../main/importer/csv/index.ts'
import { identifyFile } from '../../main/importer/file-identity.ts'
import { createImport } from '../../main/importer/import-store.ts'
import { ProcessImportJob } from '../../main/importer/process-import-job.ts'
import { tempDir } from '../support/processes.ts'
import { countStagingTables, dumpDatabase } from '../support/service-host.ts'

const FIXTURES = fileURLToPath(new URL('../fixtures/csv/', import.meta.url))
const EXISTING: Array<[string, string, string]> = [
  ['alice@example.com', 'Existing', 'Alice'],
  ['zed@example.com', 'Existing', 'Zed'],
]

type Expected =
  | { rejected: FileRejection }
  | { contacts: Map<string, [string, string]>; errors: Array<Extract<RecordOutcome, { kind: 'error' }>>; rows: number; created: number }

/** What the scanner (tested on its own in test/unit/csv) decides for a file. */
async function expectedFor(path: string): Promise<Expected> {
  try {
    const { layout, start } = await readLayout(path)
    const scanner = createRecordReader(layout, start)
    const outcomes = [...scanner.push(readFileSync(path).subarray(start.offset)), ...scanner.end()]
    const contacts = new Map<string, [string, string]>(EXISTING.map(([email, first, last]) => [email, [first, last]]))
    let created = 0
    const errors: Array<Extract<RecordOutcome, { kind: 'error' }>> = []
    for (const outcome of outcomes) {
      if (outcome.kind === 'error') errors.push({ ...outcome })
      else {
        if (!contacts.has(outcome.email)) created++
        contacts.set(outcome.email, [outcome.firstName, outcome.lastName])
      }
    }
    return { contacts, errors, rows: outcomes.length, created }
  } catch (error) {
    if (error instanceof FileRejection) return { rejected: error }
    throw error
  }
}

async function importFile(dataDir: string, path: string): Promise<number> {
  const db = openWriter(dataDir)
  try {
    const insert = db.prepare('INSERT OR IGNORE INTO contacts (email, first_name, last_name, created_at, updated_at) VALUES (?, ?, ?, 0, 0)')
    for (const contact of EXISTING) insert.run(...contact)
    registerJobClass(ProcessImportJob)
    const queue = new SqliteQueue({ db })
    const id = createImport(db, path, 'fixture.csv', await identifyFile(path), Date.now())
    await ProcessImportJob.performLater(queue, id)
    while (await queue.runNext()) {
      // runs the import to its end
    }
    return id
  } finally {
    db.close()
  }
}

const fixtures = readdirSync(FIXTURES).filter((name) => name.endsWith('.csv'))

test('there are fixtures for every file-level reason and the common row rules', () => {
  assert.ok(fixtures.length >= 30)
})

for (const name of fixtures) {
  test(`fixture ${name}: the import records exactly what the rules decide`, async () => {
    const data = tempDir('rules')
    try {
      const path = join(FIXTURES, name)
      const expected = await expectedFor(path)
      await importFile(data.dir, path)
      const dump = dumpDatabase(data.dir)
      const [summary] = dump.imports
      if ('rejected' in expected) {
        assert.equal(summary.status, 'failed')
        assert.equal(summary.failure_reason, expected.rejected.reason)
        assert.deepEqual(dump.contacts, [...EXISTING].sort(), 'a rejected file changes no contact')
        assert.deepEqual(dump.errors, [])
        assert.equal(summary.processed_count, 0)
      } else {
        assert.equal(summary.status, 'completed')
        assert.equal(summary.total_rows, expected.rows)
        assert.equal(summary.error_count, expected.errors.length)
        assert.equal(summary.processed_count, expected.rows - expected.errors.length)
        assert.equal(Number(summary.created_count) + Number(summary.updated_count), summary.processed_count)
        assert.equal(summary.created_count, expected.created)
        const contacts = [...expected.contacts].map(([email, [first, last]]) => [email, first, last]).sort((a, b) => (a[0] < b[0] ? -1 : 1))
        assert.deepEqual(dump.contacts, contacts)
        assert.deepEqual(
          dump.errors.map(([, row, line, code, email, message]) => ({ row, line, code, email, message })),
          expected.errors.map(({ row, line, code, email, message }) => ({ row, line, code, email, message })),
        )
      }
      assert.equal(countStagingTables(data.dir), 0)
    } finally {
      data.remove()
    }
  })
}

test('last row wins across read chunks, staging runs and merge chunks; counts add up', { timeout: 60_000 }, async () => {
  const data = tempDir('rules-dupes')
  const path = join(data.dir, 'dupes.csv')
  const lines = ['email,first_name,last_name']
  // 250,000 rows (about 20 staging runs, one per 512 KiB read) over 1,000 emails: each appears 250 times; its last row decides.
  for (let i = 0; i < 250_000; i++) lines.push(`Person${i % 1000}@Example.com,First${i},Last${i}`)
  writeFileSync(path, lines.join('\n'))
  try {
    await importFile(data.dir, path)
    const dump = dumpDatabase(data.dir)
    const [summary] = dump.imports
    assert.deepEqual(
      [summary.total_rows, summary.processed_count, summary.created_count, summary.updated_count, summary.error_count],
      [250_000, 250_000, 1000, 249_000, 0],
    )
    const person7 = dump.contacts.find(([email]) => email === 'person7@example.com')
    assert.deepEqual(person7, ['person7@example.com', 'First249007', 'Last249007'])
  } finally {
    data.remove()
  }
})
