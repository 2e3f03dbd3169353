// A child process for the crash tests: runs due jobs of the SQLite queue at DATA_DIR until none is
// left, then prints what it did as one JSON line. Killed with SIGKILL at random instants.
import { openWriter } from '../../main/db/open.ts'
import { registerJobClass } from '../../main/engine/index.ts'
import { SqliteQueue } from '../../main/engine/sqlite-queue.ts'
import { CounterJob, createCounterTables } from './counter-job.ts'

const [dataDir, mode = 'all'] = process.argv.slice(2)
const db = openWriter(dataDir)
createCounterTables(db)
registerJobClass(CounterJob)
const flushIntervalMs = Number(process.env.FLUSH_INTERVAL_MS ?? 100)
const flushEveryCheckpoints = Number(process.env.FLUSH_EVERY ?? Number.POSITIVE_INFINITY)
const queue = new SqliteQueue({ db, flushIntervalMs, flushEveryCheckpoints })
process.stdout.write(`${JSON.stringify({ event: 'started', pid: process.pid })}\n`)
let ran = 0
while (await queue.runNext()) {
  ran++
  if (mode === 'once') break
}
db.close()
process.stdout.write(`${JSON.stringify({ event: 'done', ran })}\n`)
