// moveImport on a real database: the state machine guards the write, a refused move writes
// nothing, and each status brings the columns that go with it.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Database } from 'better-sqlite3'
import { moveImport } from '../../../main/db/import-status.ts'
import { openWriter } from '../../../main/db/open.ts'
import { getImportRow } from '../../../main/db/rows.ts'
import { ImportStatusError } from '../../../main/domain/import-status.ts'
import { createImport } from '../../../main/importer/import-store.ts'
import { tempDir } from '../../support/processes.ts'

function withImport(fn: (db: Database, id: number) => void): void {
  const data = tempDir('import-status')
  const db = openWriter(data.dir)
  try {
    fn(db, createImport(db, '/tmp/c.csv', 'c.csv', { size: 10, mtimeMs: 1, headHash: 'h', sampleHash: 's' }, 1000))
  } finally {
    db.close()
    data.remove()
  }
}

test('a whole life: started once, failed with why, retried (failure forgotten), completed', () => {
  withImport((db, id) => {
    moveImport(db, id, { to: 'validating', at: 2000 })
    moveImport(db, id, { to: 'validating', at: 2500 })
    assert.equal(getImportRow(db, id)?.started_at, 2000, 'a phase marked again keeps its first start')
    moveImport(db, id, { to: 'failed', at: 3000, reason: 'file_missing', message: 'Move it back.' })
    let row = getImportRow(db, id)
    assert.deepEqual([row?.status, row?.failure_reason, row?.failure_message, row?.finished_at], ['failed', 'file_missing', 'Move it back.', 3000])
    moveImport(db, id, { to: 'pending' })
    row = getImportRow(db, id)
    assert.deepEqual([row?.status, row?.failure_reason, row?.failure_message, row?.finished_at], ['pending', null, null, null])
    moveImport(db, id, { to: 'processing', at: 4000 })
    moveImport(db, id, { to: 'completed', at: 5000 })
    row = getImportRow(db, id)
    assert.deepEqual([row?.status, row?.started_at, row?.finished_at], ['completed', 2000, 5000])
  })
})

test('a storage pause keeps why; a person\'s pause sets the status alone', () => {
  withImport((db, id) => {
    moveImport(db, id, { to: 'processing', at: 2000 })
    moveImport(db, id, { to: 'paused', because: { reason: 'disk_full', message: 'The disk is full.' } })
    const row = getImportRow(db, id)
    assert.deepEqual([row?.status, row?.failure_reason, row?.failure_message], ['paused', 'disk_full', 'The disk is full.'])
    moveImport(db, id, { to: 'pending' })
    moveImport(db, id, { to: 'paused' })
    assert.deepEqual([getImportRow(db, id)?.status, getImportRow(db, id)?.failure_reason], ['paused', null])
  })
})

test('a refused move throws ImportStatusError and writes nothing', () => {
  withImport((db, id) => {
    moveImport(db, id, { to: 'cancelled', at: 2000 })
    const before = getImportRow(db, id)
    assert.throws(() => moveImport(db, id, { to: 'processing', at: 3000 }), ImportStatusError)
    assert.throws(() => moveImport(db, id, { to: 'failed', at: 3000, reason: 'internal', message: 'x' }), /cannot go from cancelled to failed/)
    assert.deepEqual(getImportRow(db, id), before)
  })
})

test('an import that does not exist is an error, not a silent no-op', () => {
  withImport((db) => {
    assert.throws(() => moveImport(db, 999, { to: 'pending' }), /Import 999 does not exist/)
  })
})
