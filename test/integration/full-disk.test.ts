// A real disk that fills up: the data folder on a small tmpfs, filled at several points of staging
// and merging by the CLI's import. Each time the import stops as a held pause (disk_full) that
// says how much room it needs, with exactly its last commit in the database; `resume` refuses
// while the disk is still full, and once the tmpfs is grown it ends identical to a straight run.
// Mounting needs root: elsewhere the test is skipped and says so.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { generateContactsCsv } from '../support/csv-gen.ts'
import { runCli } from '../support/cli-process.ts'
import { tempDir } from '../support/processes.ts'
import { dumpDatabase, isEnded, launchService, shutdownAllServices, startAccepted, waitForImport } from '../support/service-host.ts'
import type { DatabaseDump } from '../support/service-host.ts'
import { assertCommittedPause } from '../support/storage-pause.ts'

const ROWS = 200_000

/** Why a tmpfs cannot be mounted here, or null when it can. */
function cannotMount(): string | null {
  if (process.platform !== 'linux') return `skipped: mounting a tmpfs needs Linux (this is ${process.platform})`
  if (process.getuid?.() !== 0) return `skipped: mounting a tmpfs needs root (running as uid ${process.getuid?.()})`
  const probe = tempDir('tmpfs-probe')
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1M', 'tmpfs', probe.dir], { stdio: 'pipe' })
    execFileSync('umount', [probe.dir])
    return null
  } catch (error) {
    return `skipped: this root cannot mount a tmpfs (${(error as Error).message.split('\n')[0]})`
  } finally {
    probe.remove()
  }
}

const skip = cannotMount()
if (skip) console.log(`# full-disk test ${skip}`)

describe('a data folder on a disk that fills up', { skip: skip ?? false }, () => {
  const files = tempDir('full-disk')
  const csv = join(files.dir, 'contacts.csv')
  const mounted: string[] = []
  let reference: DatabaseDump

  before(async () => {
    await generateContactsCsv(csv, { rows: ROWS, seed: 11 })
    const straight = join(files.dir, 'straight')
    const result = await runCli(['import', csv, '--json', '--data-dir', straight])
    assert.equal(result.code, 0, result.stderr)
    reference = dumpDatabase(straight)
  })

  after(async () => {
    await shutdownAllServices()
    for (const dir of mounted) execFileSync('umount', ['-l', dir])
    files.remove()
  })

  function mountedDataDir(name: string, size: string): string {
    const dataDir = join(files.dir, name)
    mkdirSync(dataDir)
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dataDir])
    mounted.push(dataDir)
    return dataDir
  }

  test('the app resumes a disk-full pause by itself once the disk has room', async () => {
    const dataDir = mountedDataDir('data-app', '9M')
    const service = await launchService(dataDir)
    const id = await startAccepted(service, csv)
    const paused = await waitForImport(service, id, (summary) => summary.status === 'paused' || isEnded(summary), 180_000)
    assert.equal(paused.status, 'paused')
    assert.equal(paused.failureReason, 'disk_full')
    execFileSync('mount', ['-o', 'remount,size=256M', dataDir])
    // The service looks every few seconds while a storage pause exists; nobody presses Resume.
    const done = await waitForImport(service, id, isEnded, 180_000)
    assert.equal(done.status, 'completed', JSON.stringify(done))
    await service.shutdown()
    assert.deepEqual(dumpDatabase(dataDir), reference)
  })

  // Sizes chosen so the import fills the disk early and late in staging, and while merging (in
  // 32-44M it stops with 141,000-183,000 of its 196,007 valid rows merged: WAL checkpoints move
  // where the disk fills).
  for (const [size, phase] of [['3M', 'staging'], ['20M', 'staging'], ['36M', 'merging']] as const) {
    test(`filled at ${size} while ${phase}: pauses at its last commit, waits for room, resumes to the straight run's end`, async () => {
      const dataDir = mountedDataDir(`data-${size}`, size)

      const filled = await runCli(['import', csv, '--json', '--data-dir', dataDir])
      assert.equal(filled.code, 2, `a full disk is an I/O error (exit 2)\n${filled.stderr}`)
      const summary = JSON.parse(filled.stdout.trim().split('\n').at(-1)!) as { id: number; status: string; failureReason: string; failureMessage: string; processedCount: number }
      assert.equal(summary.status, 'paused')
      assert.equal(summary.failureReason, 'disk_full')
      assert.match(summary.failureMessage, /needs about [\d.]+ (MB|GB) free/)
      assert.match(filled.stderr, /paused \(disk_full\)/)
      const row = assertCommittedPause(dataDir, summary.id, 'disk_full', `tmpfs ${size}`)
      assert.equal(row.processed_count > 0, phase === 'merging', `the disk filled while ${phase} (${row.processed_count} rows merged)`)

      const stillFull = await runCli(['resume', '--json', '--data-dir', dataDir])
      assert.equal(stillFull.code, 2, stillFull.stderr)
      assert.match(stillFull.stderr, /still paused \(disk_full\): it needs about .* free/)

      execFileSync('mount', ['-o', 'remount,size=256M', dataDir])
      const resumed = await runCli(['resume', '--json', '--data-dir', dataDir])
      assert.equal(resumed.code, 0, resumed.stderr)
      assert.deepEqual(dumpDatabase(dataDir), reference)
    })
  }
})
