// The ImportService with the real worker: the queue keeps its order across quits and crashes, and
// pause, cancel and resume are committed before they are acknowledged, whatever follows them.
import { after, afterEach, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { rmSync, writeFileSync } from 'node:fs'
import { generateContactsCsv } from '../support/csv-gen.ts'
import { tempDir } from '../support/processes.ts'
import { dumpDatabase, isEnded, killWorker, launchService, shutdownAllServices, startAccepted, waitForImport } from '../support/service-host.ts'
import type { ImportSummary } from '../../preload/api.ts'

const PACED = { IMPORTER_MAX_ROWS_PER_SECOND: '10000' }
const files = tempDir('service-order-files')
const first = join(files.dir, 'first.csv')
/** 200 rows that rewrite contacts of the first file: the later import must win. */
const second = join(files.dir, 'second.csv')

before(async () => {
  await generateContactsCsv(first, { rows: 30_000, seed: 11, invalidShare: 0, duplicateShare: 0 })
  const rows = Array.from({ length: 200 }, (_, i) => `user${i}@example.com,Second,Writer`)
  writeFileSync(second, `email,first_name,last_name\n${rows.join('\n')}\n`)
})
afterEach(() => shutdownAllServices())
after(() => files.remove())

/** Both files ran, the first before the second: the second's names stand for its 200 emails. */
function assertRanInOrder(dataDir: string): void {
  const contacts = dumpDatabase(dataDir).contacts
  const rewritten = contacts.filter(([email]) => /^user\d+@example\.com$/.test(email) && Number(email.slice(4, -12)) < 200)
  assert.equal(rewritten.length, 200)
  assert.ok(rewritten.every(([, firstName, lastName]) => firstName === 'Second' && lastName === 'Writer'), 'the second import ran last')
}

for (const interruption of ['quit', 'kill'] as const) {
  test(`after a ${interruption} mid-import, the import started first continues first`, { timeout: 120_000 }, async () => {
    const data = tempDir(`service-order-${interruption}`)
    try {
      let service = await launchService(data.dir, PACED)
      const a = await service.startImport(first)
      const b = await service.startImport(second)
      assert.ok(a.ok && b.ok)
      await waitForImport(service, a.import.id, (s) => s.rowsRead > 3000)
      if (interruption === 'quit') {
        await service.shutdown()
        service = await launchService(data.dir, PACED)
      } else {
        await killWorker(service)
      }
      const resumed = await waitForImport(service, a.import.id, (s) => s.rowsRead > 6000 || isEnded(s))
      assert.equal(service.get(b.import.id)?.status, 'pending', `the second waits while the first continues (${resumed.status})`)
      await waitForImport(service, b.import.id, isEnded)
      assert.equal(service.get(a.import.id)?.status, 'completed')
      assertRanInOrder(data.dir)
    } finally {
      data.remove()
    }
  })
}

test('an acknowledged pause survives a crash right after it', { timeout: 180_000 }, async () => {
  const data = tempDir('service-pause-crash')
  try {
    const service = await launchService(data.dir, PACED)
    const id = await startAccepted(service, first)
    await waitForImport(service, id, (s) => s.rowsRead > 2000)
    await service.pause(id)
    await killWorker(service)
    await new Promise((resolve) => setTimeout(resolve, 500))
    assert.equal(service.get(id)?.status, 'paused')
  } finally {
    await shutdownAllServices()
    data.remove()
  }
})

test('pause after cancel keeps it cancelled; resume right after pause runs; resume twice is fine', { timeout: 180_000 }, async () => {
  const data = tempDir('service-transitions')
  try {
    const service = await launchService(data.dir, PACED)
    const a = await service.startImport(first)
    assert.ok(a.ok)
    await waitForImport(service, a.import.id, (s) => s.rowsRead > 1000)
    const [cancelled, paused] = await Promise.allSettled([service.cancel(a.import.id), service.pause(a.import.id)])
    assert.equal(cancelled.status, 'fulfilled')
    assert.equal(paused.status, 'rejected', 'a pause after a cancel cannot take effect')
    assert.equal(service.get(a.import.id)?.status, 'cancelled')

    const b = await service.startImport(first)
    assert.ok(b.ok)
    await waitForImport(service, b.import.id, (s) => s.rowsRead > 1000)
    await service.pause(b.import.id)
    assert.equal(service.get(b.import.id)?.status, 'paused', 'paused once pause() resolves')
    await Promise.all([service.resume(b.import.id), service.resume(b.import.id)])
    const done = await waitForImport(service, b.import.id, isEnded)
    assert.equal(done.status, 'completed')
  } finally {
    await shutdownAllServices()
    data.remove()
  }
})

test('a file gone before its import starts fails as file_missing; one update per status change', { timeout: 180_000 }, async () => {
  const data = tempDir('service-missing-at-start')
  const doomed = join(files.dir, 'doomed.csv')
  writeFileSync(doomed, 'email,first_name,last_name\nx@example.com,X,Y\n')
  try {
    const service = await launchService(data.dir, PACED)
    const updates: ImportSummary[] = []
    service.onUpdate((update) => updates.push(update))
    const a = await service.startImport(first)
    const b = await service.startImport(doomed)
    assert.ok(a.ok && b.ok)
    rmSync(doomed)
    const failed = await waitForImport(service, b.import.id, isEnded)
    assert.equal(failed.failureReason, 'file_missing', failed.failureMessage ?? '')
    assert.match(failed.failureMessage ?? '', /no longer there/)
    await waitForImport(service, a.import.id, isEnded)
    await new Promise((resolve) => setTimeout(resolve, 300))
    const completions = updates.filter((u) => u.id === a.import.id && u.status === 'completed')
    assert.equal(completions.length, 1, 'the completed update is sent once')
  } finally {
    await shutdownAllServices()
    data.remove()
  }
})
