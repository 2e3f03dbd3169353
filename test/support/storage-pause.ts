// What a storage pause must leave in the database: exactly one commit's state, nothing past it.
import assert from 'node:assert/strict'
import Database from 'better-sqlite3'
import { databasePath } from '../../main/db/open.ts'
import type { ImportRow } from '../../main/db/rows.ts'
import { stagingNames, stagingTables } from '../../main/importer/staging.ts'

/** The import is a held pause for `reason`, and its counts match the rows committed with them. */
export function assertCommittedPause(dataDir: string, importId: number, reason: string, label: string): ImportRow {
  const db = new Database(databasePath(dataDir), { readonly: true })
  try {
    const row = db.prepare('SELECT * FROM imports WHERE id = ?').get(importId) as ImportRow
    assert.equal(row.status, 'paused', label)
    assert.equal(row.failure_reason, reason, label)
    assert.match(row.failure_message ?? '', /Everything up to row [\d,]+ is saved/, label)
    assert.equal(db.prepare('SELECT state FROM jobs WHERE job_id = ?').pluck().get(row.job_id), 'held', label)
    const errors = db.prepare('SELECT count(*) FROM import_errors WHERE import_id = ?').pluck().get(importId)
    assert.equal(errors, row.error_count, `${label}: rejected rows committed = error_count`)
    assert.equal(db.prepare('SELECT count(*) FROM contacts').pluck().get(), row.created_count, `${label}: contacts committed = created_count`)
    assert.equal(row.processed_count, row.created_count + row.updated_count, label)
    const { rows } = stagingNames(importId)
    if (row.processed_count === 0 && stagingTables(db, importId).includes(rows)) {
      const staged = db.prepare(`SELECT count(*) FROM ${rows}`).pluck().get()
      assert.equal(staged, row.rows_read - row.error_count, `${label}: rows staged = valid rows of the committed cursor`)
    }
    return row
  } finally {
    db.close()
  }
}
