// How many SQLite statements the service runs on its read connection while one import runs, with a
// window listening to its updates (as in the app). `node test/bench/service-reads.bench.ts [--rows N]`
import { join } from 'node:path'
import { forkWorker } from '../../main/service/child-process-port.ts'
import { ImportService } from '../../main/service/import-service.ts'
import { generateContactsCsv } from '../support/csv-gen.ts'
import { makeTemp, numberOption, removeTemp } from './support/common.ts'

const rows = numberOption(process.argv, 'rows', null, 1_000_000)
const dir = makeTemp('importer-bench-reads-')
try {
  const csv = join(dir, 'contacts.csv')
  await generateContactsCsv(csv, { rows, seed: 7 })
  const statements = new Map<string, number>()
  let progressEvents = 0
  const service = new ImportService({
    dataDir: join(dir, 'data'),
    spawnWorker: (options) => {
      const port = forkWorker(options)
      port.onMessage((message) => {
        if (message.kind === 'event' && message.event.type === 'progress') progressEvents++
      })
      return port
    },
    onRead: (sql) => statements.set(sql, (statements.get(sql) ?? 0) + 1),
  })
  await service.start()
  let updates = 0
  let id = 0
  const ended = new Promise<void>((resolve) =>
    service.onUpdate((update) => {
      updates++
      if (update.id === id && ['completed', 'failed', 'cancelled'].includes(update.status)) resolve()
    }),
  )
  statements.clear()
  const startedAt = performance.now()
  const started = await service.startImport(csv)
  if (!started.ok) throw new Error(started.message)
  id = started.import.id
  await ended
  const seconds = (performance.now() - startedAt) / 1000
  await service.shutdown()
  const total = [...statements.values()].reduce((a, b) => a + b, 0)
  console.log(`${rows} rows in ${seconds.toFixed(1)} s: ${progressEvents} progress events, ${updates} updates sent`)
  console.log(`read statements: ${total} (${(total / seconds).toFixed(1)} per second)`)
  for (const [sql, count] of [...statements].sort((a, b) => b[1] - a[1])) console.log(`  ${String(count).padStart(7)}  ${sql.replace(/\s+/g, ' ').slice(0, 110)}`)
} finally {
  removeTemp(dir)
}
