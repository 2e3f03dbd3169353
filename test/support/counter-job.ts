// A job that writes `total` numbered rows and bumps a counter once per row, checkpointing after
// each: any row skipped or applied twice after a crash shows in the table or the counter.
import type { Database } from 'better-sqlite3'
import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import { ContinuableJob } from '../../main/engine/index.ts'
import type { SqliteQueue } from '../../main/engine/sqlite-queue.ts'

export function createCounterTables(db: Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS items (i INTEGER PRIMARY KEY, written_at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS counter (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
    INSERT OR IGNORE INTO counter (id, n) VALUES (1, 0);`)
}

export class CounterJob extends ContinuableJob<[number, number]> {
  static override resumeOptions = { wait: 0 }

  /** total rows; pauseEvery: yield to the event loop every this many rows (0 = never). */
  async perform(total: number, pauseEvery: number): Promise<void> {
    const queue = this.queueAdapter as SqliteQueue
    const insert = queue.prepare('INSERT INTO items (i, written_at) VALUES (?, ?)')
    const bump = queue.prepare('UPDATE counter SET n = n + 1 WHERE id = 1')
    await this.step('write', async (step) => {
      let next = (step.cursor as number | null) ?? 0
      while (next < total) {
        insert.run(next, Date.now())
        bump.run()
        next++
        step.set(next)
        if (pauseEvery > 0 && next % pauseEvery === 0) await yieldToEventLoop()
      }
    })
    await this.step('verify', () => {
      const count = queue.db.prepare('SELECT count(*) FROM items').pluck().get() as number
      if (count !== total) throw new Error(`expected ${total} items, found ${count}`)
    })
  }
}
