// The engine's durability promise, with real processes and a real SQLite file: a job killed with
// SIGKILL at random instants resumes from its last committed checkpoint, and ends with exactly
// the rows of an uninterrupted run.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { fileURLToPath } from 'node:url'
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import Database from 'better-sqlite3'
import { openWriter, databasePath } from '../../main/db/open.ts'
import { SqliteQueue } from '../../main/engine/sqlite-queue.ts'
import { CounterJob, createCounterTables } from '../support/counter-job.ts'
import { seededRandom, sleep, startNode, tempDir, until } from '../support/processes.ts'

const RUNNER = fileURLToPath(new URL('../support/counter-runner.ts', import.meta.url))
const TOTAL = 100_000
const random = seededRandom('engine-crash')
/** Commits every few ms, so that kills a few ms apart each find new committed progress. */
const FAST_FLUSH = { FLUSH_INTERVAL_MS: '5' }

async function enqueueCounter(dataDir: string, total: number, pauseEvery: number): Promise<void> {
  const db = openWriter(dataDir)
  createCounterTables(db)
  await CounterJob.performLater(new SqliteQueue({ db }), total, pauseEvery)
  db.close()
}

interface Snapshot {
  items: number
  distinct: number
  min: number | null
  max: number | null
  sum: number | null
  counter: number
  jobState: string
}

function snapshot(dataDir: string): Snapshot {
  const db = new Database(databasePath(dataDir), { readonly: true })
  try {
    const items = db.prepare('SELECT count(*) AS items, count(DISTINCT i) AS distinct_, min(i) AS min, max(i) AS max, sum(i) AS sum FROM items').get() as {
      items: number; distinct_: number; min: number | null; max: number | null; sum: number | null
    }
    const counter = db.prepare('SELECT n FROM counter').pluck().get() as number
    const jobState = db.prepare('SELECT state FROM jobs').pluck().get() as string
    return { items: items.items, distinct: items.distinct_, min: items.min, max: items.max, sum: items.sum, counter, jobState }
  } finally {
    db.close()
  }
}

/** Runs the queue to the end; returns how long the job itself ran (ms). */
async function runToEnd(dataDir: string): Promise<number> {
  const runner = startNode(RUNNER, [dataDir], FAST_FLUSH)
  await runner.waitForLine((line) => line.includes('"started"'))
  const started = performance.now()
  const { code } = await runner.exited
  assert.equal(code, 0, `runner failed: ${runner.lines.join('\n')}`)
  return performance.now() - started
}

test('a job SIGKILLed at 20 random instants ends identical to an uninterrupted run', { timeout: 240_000 }, async () => {
  const straight = tempDir('engine-straight')
  const crashed = tempDir('engine-crash')
  try {
    await enqueueCounter(straight.dir, TOTAL, 500)
    const jobMs = await runToEnd(straight.dir)
    const expected = snapshot(straight.dir)
    assert.deepEqual(
      { ...expected, sum: expected.sum },
      { items: TOTAL, distinct: TOTAL, min: 0, max: TOTAL - 1, sum: (TOTAL * (TOTAL - 1)) / 2, counter: TOTAL, jobState: 'finished' },
    )

    await enqueueCounter(crashed.dir, TOTAL, 500)
    let killsMidJob = 0
    let previous = 0
    for (let kill = 0; kill < 20; kill++) {
      const runner = startNode(RUNNER, [crashed.dir], FAST_FLUSH)
      await runner.waitForLine((line) => line.includes('"started"'))
      // Uniform over a slice of the job's run time, so the 20 kills spread over the whole job.
      await sleep(random() * ((1.5 * jobMs) / 20))
      runner.child.kill('SIGKILL')
      await runner.exited
      const state = snapshot(crashed.dir)
      // At every instant the committed rows, the counter and the cursor agree.
      assert.equal(state.items, state.counter, `after kill ${kill + 1}: rows and counter disagree`)
      assert.equal(state.items, state.distinct)
      assert.ok(state.counter >= previous, 'committed progress never goes back')
      if (state.counter > previous && state.counter < TOTAL) killsMidJob++
      previous = state.counter
    }
    assert.ok(killsMidJob >= 10, `only ${killsMidJob} kills landed mid-job with progress (job runs ${Math.round(jobMs)} ms)`)
    await runToEnd(crashed.dir)
    assert.deepEqual(snapshot(crashed.dir), expected)
  } finally {
    straight.remove()
    crashed.remove()
  }
})

test('a second process on the same database does not run a job another process holds', { timeout: 60_000 }, async () => {
  const data = tempDir('engine-lease')
  try {
    // Yielding every row keeps the first runner busy long enough to be watched.
    await enqueueCounter(data.dir, 20_000, 1)
    const first = startNode(RUNNER, [data.dir])
    await first.waitForLine((line) => line.includes('"started"'))
    await until(() => snapshot(data.dir).jobState === 'running', 'the first runner to hold the job')
    const second = startNode(RUNNER, [data.dir, 'once'])
    const secondDone = JSON.parse(await second.waitForLine((line) => line.includes('"done"'))) as { ran: number }
    assert.equal(secondDone.ran, 0, 'the second process must not take a job whose lease is held')
    assert.equal((await first.exited).code, 0)
    const final = snapshot(data.dir)
    assert.equal(final.counter, 20_000)
    assert.equal(final.jobState, 'finished')
  } finally {
    data.remove()
  }
})

test('a job whose holder was killed but not yet reaped (a zombie) is taken again at once', { timeout: 60_000 }, async () => {
  const data = tempDir('engine-zombie')
  // sh starts the runner, then becomes `sleep`, a parent that never reaps it.
  const parent = spawn('sh', ['-c', `"$0" "$1" "$2" & echo $!; exec sleep 60`, process.execPath, RUNNER, data.dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  try {
    await enqueueCounter(data.dir, 20_000, 1)
    const lines = createInterface({ input: parent.stdout })[Symbol.asyncIterator]()
    const pid = Number((await lines.next()).value)
    await until(() => snapshot(data.dir).jobState === 'running', 'the runner to hold the job')
    process.kill(pid, 'SIGKILL')
    await until(() => /\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'latin1')), 'the killed runner to be a zombie')
    const second = startNode(RUNNER, [data.dir, 'once'])
    const secondDone = JSON.parse(await second.waitForLine((line) => line.includes('"done"'))) as { ran: number }
    assert.equal(secondDone.ran, 1, 'a zombie holds no lease')
    assert.equal(snapshot(data.dir).counter, 20_000)
  } finally {
    parent.kill('SIGKILL')
    data.remove()
  }
})
