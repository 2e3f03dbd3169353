// A worker that stops answering (SIGSTOP of the real worker process) while an import runs: the
// import's updates say "unresponsive", then the worker is killed and started again, and the import
// continues from its last commit to the same end as a straight run. Limits are small via options;
// the test waits on updates and process exits, never on time.
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { afterEach, test } from 'node:test'
import { forkWorker } from '../../main/service/child-process-port.ts'
import { ImportService } from '../../main/service/import-service.ts'
import type { ImportSummary } from '../../preload/api.ts'
import { generateContactsCsv } from '../support/csv-gen.ts'
import { tempDir } from '../support/processes.ts'
import type { WorkerPort } from '../../main/service/worker-port.ts'
import { dumpDatabase, isEnded, launchService, shutdownAllServices, startAccepted, waitForImport } from '../support/service-host.ts'

afterEach(() => shutdownAllServices())

/** Every update of the service, and a way to wait for the first one (from the start) that matches. */
function recordUpdates(service: ImportService) {
  const updates: ImportSummary[] = []
  const waiters: Array<() => void> = []
  service.onUpdate((update) => {
    updates.push(update)
    for (const wake of waiters.splice(0)) wake()
  })
  return {
    updates,
    next: async (matches: (update: ImportSummary) => boolean, from = 0): Promise<ImportSummary> => {
      for (;;) {
        const found = updates.slice(from).find(matches)
        if (found) return found
        await new Promise<void>((resolve) => waiters.push(resolve))
      }
    },
  }
}

test('a stopped worker is reported not responding, then killed and restarted; the import ends as a straight run', { timeout: 120_000 }, async () => {
  const seed = 9
  console.log(`csv seed ${seed}`)
  const files = tempDir('unresponsive-files')
  const stopped = tempDir('unresponsive-data')
  const straight = tempDir('unresponsive-straight')
  try {
    const csv = join(files.dir, 'contacts.csv')
    await generateContactsCsv(csv, { rows: 30_000, seed })

    const ports: WorkerPort[] = []
    const service = new ImportService({
      dataDir: stopped.dir,
      spawnWorker: (spawn) => {
        const port = forkWorker({ ...spawn, env: { ...process.env, IMPORTER_MAX_ROWS_PER_SECOND: '10000' } })
        ports.push(port)
        return port
      },
      heartbeatMs: 50,
      unresponsiveAfterMs: 1000,
      killUnresponsiveAfterMs: 3000,
      log: () => {},
    })
    const { updates, next } = recordUpdates(service)
    await service.start()
    try {
      const id = await startAccepted(service, csv)
      await next((u) => u.id === id && u.rowsRead > 0 && !isEnded(u))
      const pid = service.workerPid
      assert.ok(pid !== undefined)
      const worker = ports.at(-1)!
      assert.equal(worker.pid, pid)
      const exited = new Promise<number | null>((resolve) => worker.onExit(resolve))
      process.kill(pid, 'SIGSTOP')
      const silent = await next((u) => u.id === id && u.unresponsive)
      assert.ok(silent.status === 'validating' || silent.status === 'processing', silent.status)
      const silentAt = updates.indexOf(silent)
      // Killed (SIGKILL ends a stopped process), restarted, and the flag cleared.
      assert.equal(await exited, 128, 'ended by a signal (SIGKILL)')
      await next((u) => u.id === id && !u.unresponsive, silentAt)
      const done = await next((u) => u.id === id && isEnded(u), silentAt)
      assert.equal(done.status, 'completed')
      assert.notEqual(service.workerPid, pid)
      assert.ok((done.resumedAtRow ?? 0) > 0, 'the new worker continued from a saved row')
    } finally {
      await service.shutdown()
    }

    const reference = await launchService(straight.dir)
    const referenceId = await startAccepted(reference, csv)
    await waitForImport(reference, referenceId, isEnded)
    await reference.shutdown()
    assert.deepEqual(dumpDatabase(stopped.dir), dumpDatabase(straight.dir))
  } finally {
    await shutdownAllServices()
    files.remove()
    stopped.remove()
    straight.remove()
  }
})
