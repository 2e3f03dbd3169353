// One test per migration: each applies on top of the previous schema, keeps the data already
// there, and leaves PRAGMA user_version at its number.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import Database from 'better-sqlite3'
import type { Database as Connection } from 'better-sqlite3'
import { migrate, migrations, schemaVersion } from '../../../main/db/migrate.ts'
import { openWriter } from '../../../main/db/open.ts'
import { tempDir } from '../../support/processes.ts'

function columns(db: Connection, table: string): string[] {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((column) => column.name)
}

test('001 creates imports, import_errors and contacts with the contract columns', () => {
  const db = new Database(':memory:')
  assert.equal(migrate(db, 1), 1)
  assert.deepEqual(columns(db, 'imports'), [
    'id', 'file_path', 'file_name', 'file_size', 'status', 'total_rows', 'processed_count', 'created_count',
    'updated_count', 'error_count', 'failure_reason', 'failure_message', 'created_at', 'started_at', 'finished_at',
  ])
  assert.deepEqual(columns(db, 'import_errors'), ['import_id', 'row_number', 'line_number', 'code', 'email', 'message'])
  assert.deepEqual(columns(db, 'contacts'), ['id', 'email', 'first_name', 'last_name', 'created_at', 'updated_at'])
  db.prepare(`INSERT INTO contacts (email, first_name, last_name, created_at, updated_at) VALUES ('a@b.co', 'A', 'B', 1, 1)`).run()
  assert.throws(() => db.prepare(`INSERT INTO contacts (email, first_name, last_name, created_at, updated_at) VALUES ('a@b.co', 'C', 'D', 1, 1)`).run(), /UNIQUE/)
  assert.throws(() => db.prepare(`INSERT INTO imports (file_path, file_name, file_size, status, created_at) VALUES ('p', 'n', 1, 'exploded', 1)`).run(), /CHECK/)
  db.prepare(`INSERT INTO imports (file_path, file_name, file_size, created_at) VALUES ('p', 'n', 1, 1)`).run()
  db.prepare(`INSERT INTO import_errors VALUES (1, 5, 6, 'invalid_email', 'x', 'm')`).run()
  assert.throws(() => db.prepare(`INSERT INTO import_errors VALUES (1, 5, 6, 'invalid_email', 'x', 'm')`).run(), /UNIQUE|PRIMARY/, 'a row recorded twice is refused')
})

test('002 adds the jobs table of the SQLite queue', () => {
  const db = new Database(':memory:')
  migrate(db, 1)
  db.prepare(`INSERT INTO contacts (email, first_name, last_name, created_at, updated_at) VALUES ('kept@b.co', 'K', 'P', 1, 1)`).run()
  assert.equal(migrate(db, 2), 2)
  assert.deepEqual(columns(db, 'jobs').slice(0, 14), [
    'job_id', 'job_class', 'arguments', 'continuation', 'resumptions', 'executions', 'exception_executions',
    'queue_name', 'priority', 'scheduled_at', 'state', 'locked_by', 'heartbeat_at', 'last_error',
  ])
  assert.equal(db.prepare('SELECT count(*) FROM contacts').pluck().get(), 1)
  assert.throws(() => db.prepare(`INSERT INTO jobs (job_id, job_class, arguments, continuation, state, enqueued_at) VALUES ('j', 'J', '[]', '{}', 'lost', 1)`).run(), /CHECK/)
})

test('003 adds resume and progress columns to imports, keeping existing imports', () => {
  const db = new Database(':memory:')
  migrate(db, 2)
  db.prepare(`INSERT INTO imports (file_path, file_name, file_size, status, created_at) VALUES ('/a.csv', 'a.csv', 10, 'completed', 1)`).run()
  assert.equal(migrate(db, 3), 3)
  for (const column of ['file_mtime_ms', 'file_head_hash', 'rows_read', 'bytes_read', 'file_headers', 'job_id']) {
    assert.ok(columns(db, 'imports').includes(column), column)
  }
  assert.deepEqual(db.prepare('SELECT file_name, status, rows_read, bytes_read FROM imports').get(), { file_name: 'a.csv', status: 'completed', rows_read: 0, bytes_read: 0 })
})

test('004 adds the throughput history, one sample per import and instant, keeping existing imports', () => {
  const db = new Database(':memory:')
  db.pragma('foreign_keys = ON')
  migrate(db, 3)
  db.prepare(`INSERT INTO imports (file_path, file_name, file_size, status, created_at) VALUES ('/a.csv', 'a.csv', 10, 'processing', 1)`).run()
  assert.equal(migrate(db, 4), 4)
  assert.deepEqual(columns(db, 'import_throughput'), ['import_id', 'at', 'phase', 'rows', 'run_start'])
  db.prepare(`INSERT INTO import_throughput VALUES (1, 1000, 'validating', 500, 1)`).run()
  assert.throws(() => db.prepare(`INSERT INTO import_throughput VALUES (1, 1000, 'processing', 9, 0)`).run(), /UNIQUE|PRIMARY/)
  assert.throws(() => db.prepare(`INSERT INTO import_throughput VALUES (1, 2000, 'merging', 9, 0)`).run(), /CHECK/)
  assert.throws(() => db.prepare(`INSERT INTO import_throughput VALUES (2, 2000, 'processing', 9, 0)`).run(), /FOREIGN KEY/)
  assert.equal(db.prepare('SELECT count(*) FROM imports').pluck().get(), 1)
})


test('005 adds how each import reads its file and the needs_mapping status, keeping imports, their errors and throughput', () => {
  const db = new Database(':memory:')
  db.pragma('foreign_keys = ON')
  migrate(db, 4)
  db.prepare(`INSERT INTO imports (file_path, file_name, file_size, status, created_at, rows_read) VALUES ('/a.csv', 'a.csv', 10, 'completed', 1, 7)`).run()
  db.prepare(`INSERT INTO import_errors VALUES (1, 5, 6, 'invalid_email', 'x', 'm')`).run()
  db.prepare(`INSERT INTO import_throughput (import_id, at, phase, rows) VALUES (1, 100, 'validating', 7)`).run()
  assert.throws(() => db.prepare(`UPDATE imports SET status = 'needs_mapping'`).run(), /CHECK/)
  assert.equal(migrate(db, 5), 5)
  for (const column of ['encoding', 'delimiter', 'header_line', 'skipped_records', 'mapping', 'layout', 'requested_mapping', 'requested_encoding', 'waits_for_mapping']) {
    assert.ok(columns(db, 'imports').includes(column), column)
  }
  db.prepare(`UPDATE imports SET status = 'needs_mapping'`).run()
  assert.deepEqual(db.prepare('SELECT file_name, status, rows_read FROM imports').get(), { file_name: 'a.csv', status: 'needs_mapping', rows_read: 7 })
  assert.equal(db.prepare('SELECT count(*) FROM import_errors').pluck().get(), 1)
  assert.equal(db.prepare('SELECT count(*) FROM import_throughput').pluck().get(), 1)
  assert.deepEqual(db.pragma('foreign_key_check'), [])
  // The children point at the rebuilt table: deleting an import still cascades to its errors.
  db.prepare('DELETE FROM import_throughput').run()
  db.prepare('DELETE FROM imports').run()
  assert.equal(db.prepare('SELECT count(*) FROM import_errors').pluck().get(), 0)
  assert.throws(() => db.prepare(`INSERT INTO import_errors VALUES (9, 1, 1, 'x', 'x', 'x')`).run(), /FOREIGN KEY/)
})
test('007 adds the format a not_csv file was recognized as, keeping existing imports', () => {
  const db = new Database(':memory:')
  migrate(db, 6)
  db.prepare(`INSERT INTO imports (file_path, file_name, file_size, status, created_at, failure_reason) VALUES ('/a.csv', 'a.csv', 10, 'failed', 1, 'not_csv')`).run()
  assert.equal(migrate(db, 7), 7)
  assert.deepEqual(db.prepare('SELECT file_name, failure_reason, detected_format FROM imports').get(), { file_name: 'a.csv', failure_reason: 'not_csv', detected_format: null })
  db.prepare(`UPDATE imports SET detected_format = 'xlsx'`).run()
  assert.equal(db.prepare('SELECT detected_format FROM imports').pluck().get(), 'xlsx')
})

test('openWriter migrates to the latest version in WAL mode, once', () => {
  const data = tempDir('migrations')
  try {
    const db = openWriter(data.dir)
    assert.equal(schemaVersion(db), migrations.length)
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal')
    assert.ok((db.pragma('busy_timeout', { simple: true }) as number) > 0)
    db.close()
    const again = openWriter(data.dir)
    assert.equal(schemaVersion(again), migrations.length)
    again.close()
  } finally {
    data.remove()
  }
})

test('a database from a newer app is refused, not damaged', () => {
  const db = new Database(':memory:')
  db.pragma(`user_version = ${migrations.length + 1}`)
  assert.throws(() => migrate(db), /newer version of the app/)
})
