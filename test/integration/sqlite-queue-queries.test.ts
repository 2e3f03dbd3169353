// The queue's answers about jobs that others (the worker's resume and retry, the CLI) used to get
// by writing and reading `jobs` themselves: release() and holderOf().
import { test } from 'node:test'
import assert from 'node:assert/strict'
import Database from 'better-sqlite3'
import { databasePath, openWriter } from '../../main/db/open.ts'
import { ContinuableJob, registerJobClass } from '../../main/engine/index.ts'
import { SqliteQueue, holderOf } from '../../main/engine/sqlite-queue.ts'
import { tempDir } from '../support/processes.ts'

/** Checkpoints until released, so a test can hold it running. */
class HeldJob extends ContinuableJob<[]> {
  static override resumeOptions = {}
  static release: () => void = () => {}
  static started: Promise<void>
  static #markStarted: () => void = () => {}
  static reset(): void {
    HeldJob.started = new Promise((resolve) => (HeldJob.#markStarted = resolve))
  }
  async perform(): Promise<void> {
    await this.step('hold', async (step) => {
      let released = false
      HeldJob.release = () => (released = true)
      HeldJob.#markStarted()
      while (!released) {
        step.checkpoint()
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
    })
  }
}
registerJobClass(HeldJob)

function jobRow(db: Database.Database, jobId: string): { state: string; scheduled_at: number | null; last_error: string | null } {
  return db.prepare('SELECT state, scheduled_at, last_error FROM jobs WHERE job_id = ?').get(jobId) as never
}

test('holderOf names the pid in a running job\'s lease, through a read-only connection; null otherwise', async () => {
  const data = tempDir('queue-holder')
  const db = openWriter(data.dir)
  const queue = new SqliteQueue({ db, owner: `${process.pid}:test` })
  const reader = new Database(databasePath(data.dir), { readonly: true })
  try {
    HeldJob.reset()
    const { jobId } = await HeldJob.performLater(queue)
    assert.equal(holderOf(reader, jobId), null, 'a scheduled job has no holder')
    assert.equal(holderOf(reader, 'no-such-job'), null)
    const running = queue.runNext()
    await HeldJob.started
    assert.equal(holderOf(reader, jobId), process.pid)
    HeldJob.release()
    await running
    assert.equal(holderOf(reader, jobId), null, 'a finished job has no holder')
  } finally {
    reader.close()
    db.close()
    data.remove()
  }
})

test('release makes a held job due now and forgets its last error; a job a live process runs is refused', async () => {
  const data = tempDir('queue-release')
  const db = openWriter(data.dir)
  const queue = new SqliteQueue({ db })
  try {
    const { jobId } = await HeldJob.performLater(queue)
    await queue.write(() => {
      assert.ok(queue.setIdleJobState(jobId, 'held'))
      db.prepare(`UPDATE jobs SET scheduled_at = ?, last_error = 'disk full' WHERE job_id = ?`).run(Date.now() + 60_000, jobId)
    })
    assert.equal(await queue.write(() => queue.release(jobId)), true)
    assert.deepEqual(jobRow(db, jobId), { state: 'scheduled', scheduled_at: null, last_error: null })

    // Another live process (this one's pid, a fresh heartbeat) runs it.
    db.prepare(`UPDATE jobs SET state = 'running', locked_by = ?, heartbeat_at = ? WHERE job_id = ?`).run(`${process.pid}:other`, Date.now(), jobId)
    assert.equal(await queue.write(() => queue.release(jobId)), false)
    assert.equal(jobRow(db, jobId).state, 'running')
  } finally {
    db.close()
    data.remove()
  }
})

/** Throws a plain object, as a library might, before advancing: the job fails with it. */
class ThrowsObjectJob extends ContinuableJob<[]> {
  perform(): Promise<void> {
    return this.step('fail', () => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- a non-Error thrown value is what this test is about
      throw { code: 'E_STORAGE', detail: 'no space' }
    })
  }
}
registerJobClass(ThrowsObjectJob)

test('a thrown non-Error is recorded in last_error by what it holds, not as [object Object]', async () => {
  const data = tempDir('queue-non-error')
  const db = openWriter(data.dir)
  const queue = new SqliteQueue({ db })
  try {
    const { jobId } = await ThrowsObjectJob.performLater(queue)
    await queue.runNext()
    assert.equal(jobRow(db, jobId).last_error, "{ code: 'E_STORAGE', detail: 'no space' }")
  } finally {
    db.close()
    data.remove()
  }
})
