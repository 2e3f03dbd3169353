// Resuming on a file that is no longer the one the import began on, through the real CLI and
// worker: a FIFO put in its place fails the import at once with a clear message (it used to hang
// the worker in open()), and a same-size edit past the first 64 KiB with its mtime put back is
// refused as file_changed.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { closeSync, copyFileSync, openSync, renameSync, statSync, utimesSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { sampleOffsets } from '../../main/importer/file-identity.ts'
import { generateContactsCsv } from '../support/csv-gen.ts'
import { runCli, startCli } from '../support/cli-process.ts'
import { tempDir } from '../support/processes.ts'

const PACED = { IMPORTER_MAX_ROWS_PER_SECOND: '20000' }
const files = tempDir('changed-file')
const original = join(files.dir, 'original.csv')

before(async () => {
  await generateContactsCsv(original, { rows: 60_000, seed: 5 })
})
after(() => files.remove())

/** An import of a copy of the file, interrupted (SIGINT) once it has committed progress. */
async function interruptedImport(name: string): Promise<{ csv: string; dataDir: string }> {
  const csv = join(files.dir, name)
  copyFileSync(original, csv)
  const dataDir = join(files.dir, `data-${name}`)
  const cli = startCli(['import', csv, '--data-dir', dataDir], PACED)
  await cli.stderrMatches(/checking [\d.]+% · [1-9][\d,]* rows/)
  cli.child.kill('SIGINT')
  assert.equal((await cli.done).code, 130)
  return { csv, dataDir }
}

test('a FIFO in the file\'s place fails the resumed import at once, saying so', { skip: process.platform === 'win32' ? 'skipped: no FIFOs on Windows' : false }, async () => {
  const { csv, dataDir } = await interruptedImport('fifo.csv')
  renameSync(csv, `${csv}.moved`)
  execFileSync('mkfifo', [csv])
  const resumed = await runCli(['resume', '--json', '--data-dir', dataDir])
  assert.equal(resumed.code, 1, resumed.stderr)
  const summary = JSON.parse(resumed.stdout.trim()) as { status: string; failureReason: string; failureMessage: string }
  assert.equal(summary.status, 'failed')
  assert.equal(summary.failureReason, 'file_missing')
  assert.match(summary.failureMessage, /no longer a regular file/)
})

test('a same-size edit past the head with the mtime put back is refused on resume', async () => {
  const { csv, dataDir } = await interruptedImport('edited.csv')
  const { atime, mtime, size } = statSync(csv)
  const fd = openSync(csv, 'r+')
  writeSync(fd, Buffer.from('x'), 0, 1, sampleOffsets(size)[2] + 10)
  closeSync(fd)
  utimesSync(csv, atime, mtime)
  const resumed = await runCli(['resume', '--json', '--data-dir', dataDir])
  assert.equal(resumed.code, 1, resumed.stderr)
  const summary = JSON.parse(resumed.stdout.trim()) as { status: string; failureReason: string; failureMessage: string }
  assert.equal(summary.failureReason, 'file_changed')
  assert.match(summary.failureMessage, /changed since the import started \(its contents changed\)/)
})
