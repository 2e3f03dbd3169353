// Several processes opening a brand-new data dir at once (two CLI commands on first use, the app
// and the CLI) all end up on the latest schema; none applies a migration twice.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { fileURLToPath } from 'node:url'
import { migrations } from '../../main/db/migrate.ts'
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
