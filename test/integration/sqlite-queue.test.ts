// The SQLite queue with two connections on one real database file, as two processes would have:
// one runner at a time, a waiting queue that does not spin, and writes from outside a running job
// that commit whole or not at all.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Database } from 'better-sqlite3'
import { openWriter } from '../../main/db/open.ts'
import { ContinuableJob, registerJobClass } from '../../main/engine/index.ts'
import { SqliteQueue } from '../../main/engine/sqlite-queue.ts'
import { tempDir } from '../support/processes.ts'

/** A job that checkpoints until told to finish, so a test can hold it running. */
class HeldJob extends ContinuableJob<[]> {
  static override resumeOptions = {}
  static release: () => void = () => {}
  static running = false
  async perform(): Promise<void> {
    await this.step('hold', async (step) => {
      HeldJob.running = true
      let released = false
      HeldJob.release = () => (released = true)
      while (!released) {
        step.checkpoint()
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
      HeldJob.running = false
    })
  }
}
registerJobClass(HeldJob)

function twoQueues(dir: string): { a: SqliteQueue; b: SqliteQueue; dbs: Database[] } {
  const dbs = [openWriter(dir), openWriter(dir)]
  for (const db of dbs) db.exec('CREATE TABLE IF NOT EXISTS notes (text TEXT NOT NULL)')
  return { a: new SqliteQueue({ db: dbs[0] }), b: new SqliteQueue({ db: dbs[1] }), dbs }
}

async function untilRunning(): Promise<void> {
  for (let i = 0; i < 200 && !HeldJob.running; i++) await new Promise((resolve) => setTimeout(resolve, 5))
  assert.ok(HeldJob.running)
}

test('while another runner holds a job, a queue with due work looks again in a second, not at once', async () => {
  const data = tempDir('queue-waiting')
  const { a, b, dbs } = twoQueues(data.dir)
  try {
    await HeldJob.performLater(a)
    await HeldJob.performLater(a)
    const running = a.runNext()
    await untilRunning()
    assert.equal(await b.runNext(), false, 'one runner per database')
    const wait = (b.nextDueAt() ?? 0) - Date.now()
    assert.ok(wait >= 900, `the waiting queue sleeps instead of spinning (next look in ${wait} ms)`)
    HeldJob.release()
    await running
  } finally {
    for (const db of dbs) db.close()
    data.remove()
  }
})

test('a write from outside the running job that throws commits nothing; the next one still commits', async () => {
  const data = tempDir('queue-deferred')
  const { a, dbs } = twoQueues(data.dir)
  try {
    await HeldJob.performLater(a)
    const running = a.runNext()
    await untilRunning()
    const insert = dbs[0].prepare('INSERT INTO notes (text) VALUES (?)')
    const failing = a.write(() => {
      insert.run('half')
      throw new Error('refused')
    })
    const fine = a.write(() => insert.run('whole').changes)
    await assert.rejects(failing, /refused/)
    assert.equal(await fine, 1)
    assert.deepEqual(dbs[1].prepare('SELECT text FROM notes').pluck().all(), ['whole'], 'committed, and only the whole write')
    HeldJob.release()
    await running
  } finally {
    for (const db of dbs) db.close()
    data.remove()
  }
})
