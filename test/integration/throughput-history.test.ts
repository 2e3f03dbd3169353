// The throughput history is committed with the import's progress: after a quit and a relaunch it
// holds the rates before, a gap for the time the app was closed (and one for a pause), and after.
import { afterEach, test } from 'node:test'
import assert from 'node:assert/strict'
import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import { generateContactsCsv } from '../support/csv-gen.ts'
import { tempDir } from '../support/processes.ts'
import { isEnded, launchService, shutdownAllServices, startAccepted, waitForImport } from '../support/service-host.ts'

afterEach(() => shutdownAllServices())

test('rates before a quit, a gap while closed and one for a pause, rates after; nothing for a rejected file', { timeout: 120_000 }, async () => {
  const data = tempDir('throughput-history')
  const csv = join(data.dir, 'contacts.csv')
  const rejected = join(data.dir, 'rejected.csv')
  await generateContactsCsv(csv, { rows: 30_000, seed: 5 })
  await generateContactsCsv(rejected, { rows: 30_000, seed: 5 })
  appendFileSync(rejected, '"never closed,A,B\n')
  const paced = { IMPORTER_MAX_ROWS_PER_SECOND: '10000' }
  try {
    let service = await launchService(data.dir, paced)
    const id = await startAccepted(service, csv)
    await waitForImport(service, id, (s) => s.rowsRead > 12_000)
    await service.shutdown()
    const closedAt = Date.now()
    // Closed for a moment only: the restart itself is the gap, not a slow stretch.
    service = await launchService(data.dir, paced)
    await waitForImport(service, id, (s) => s.rowsRead > 20_000)
    await service.pause(id)
    await service.resume(id)
    await waitForImport(service, id, isEnded)

    const history = service.throughput(id)
    const gaps = history.filter((point) => point.rowsPerSecond === null)
    assert.equal(gaps.length, 2, `one gap for the quit, one for the pause: ${JSON.stringify(history)}`)
    assert.ok(gaps[0].at <= closedAt, 'the gap starts before the app was closed')
    const before = history.filter((point) => point.at < gaps[0].at && point.rowsPerSecond !== null)
    const after = history.filter((point) => point.at > gaps[0].at && point.rowsPerSecond !== null)
    assert.ok(before.length >= 1 && after.length >= 2, JSON.stringify(history))
    for (const point of [...before, ...after]) {
      assert.ok(point.rowsPerSecond! > 2000 && point.rowsPerSecond! < 20_000, `a paced rate of about 10,000 rows/s: ${point.rowsPerSecond}`)
    }
    assert.ok(history.every((point, i) => i === 0 || point.at > history[i - 1].at), 'in time order')

    const bad = await service.startImport(rejected)
    assert.ok(bad.ok)
    assert.equal((await waitForImport(service, bad.import.id, isEnded)).failureReason, 'unterminated_quote')
    assert.deepEqual(service.throughput(bad.import.id), [], 'a rejected file keeps no history')
    await service.shutdown()
  } finally {
    await shutdownAllServices()
    data.remove()
  }
})
