// Several processes opening a brand-new data dir at once (two CLI commands on first use, the app
// and the CLI) all end up on the latest schema; none applies a migration twice.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { PAGE_SIZE, databasePath, openWriter } from '../../main/db/open.ts'
import { migrate, migrations } from '../../main/db/migrate.ts'
import { startNode, tempDir } from '../support/processes.ts'

const CHILD = fileURLToPath(new URL('../support/open-writer-child.ts', import.meta.url))

test('four processes migrating the same new database at once all succeed', { timeout: 120_000 }, async () => {
  for (let round = 0; round < 8; round++) {
    const data = tempDir('db-open-race')
    try {
      const children = Array.from({ length: 4 }, () => startNode(CHILD, [data.dir]))
      const exits = await Promise.all(children.map((child) => child.exited))
      assert.deepEqual(exits.map((exit) => exit.code), [0, 0, 0, 0], `round ${round}`)
      for (const child of children) assert.deepEqual(child.lines, [`version ${migrations.length}`])
    } finally {
      data.remove()
    }
  }
})

test('a new database gets 16 KiB pages; an existing one keeps its own and opens as before', () => {
  const fresh = tempDir('db-page-size')
  const old = tempDir('db-page-size-old')
  try {
    const created = openWriter(fresh.dir)
    assert.equal(created.pragma('page_size', { simple: true }), PAGE_SIZE)
    created.close()
    // A database made before the page size was chosen: 4 KiB pages, WAL, contacts in it.
    const before = new Database(databasePath(old.dir))
    before.pragma('page_size = 4096')
    before.pragma('journal_mode = WAL')
    migrate(before)
    before.prepare("INSERT INTO contacts (email, first_name, last_name, created_at, updated_at) VALUES ('a@b.co', 'A', 'B', 0, 0)").run()
    before.close()
    const reopened = openWriter(old.dir)
    assert.equal(reopened.pragma('page_size', { simple: true }), 4096)
    assert.equal(reopened.prepare('SELECT count(*) FROM contacts').pluck().get(), 1)
    reopened.close()
  } finally {
    fresh.remove()
    old.remove()
  }
})
