// The CLI's read commands where things are not as the app leaves them: a database on read-only
// media, a zero-length database file, a reader that closes the pipe early, and an error set too
// large to hold in memory. Real processes, a real read-only mount (root only), real pipes.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync, spawn } from 'node:child_process'
import { once } from 'node:events'
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Database } from 'better-sqlite3'
import { databasePath, openWriter } from '../../main/db/open.ts'
import { createImport } from '../../main/importer/import-store.ts'
import { tempDir } from '../support/processes.ts'

const CLI = fileURLToPath(new URL('../../main/cli.ts', import.meta.url))
const MAX_RSS = fileURLToPath(new URL('../support/report-max-rss.ts', import.meta.url))

interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

async function runCli(args: string[], nodeOptions: string[] = []): Promise<CliResult> {
  const child = spawn(process.execPath, [...nodeOptions, CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  const stdout: Buffer[] = []
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const [code] = (await once(child, 'close')) as [number | null]
  return { code, stdout: Buffer.concat(stdout).toString('utf8'), stderr }
}

/** The file identity recorded with a seeded import (its file is never read). */
const IDENTITY = { size: 1, mtimeMs: 1, headHash: 'h', sampleHash: 's' }

/** A database with imports 1 (`errorCount` rejected rows) and 2 (3 rejected rows), as a finished import leaves it. */
function seedDatabase(dir: string, errorCount: number): void {
  const db = openWriter(dir)
  try {
    addErrors(db, createImport(db, '/data/big.csv', 'big.csv', IDENTITY, 1), errorCount)
    addErrors(db, createImport(db, '/data/small.csv', 'small.csv', IDENTITY, 2), 3)
  } finally {
    db.close()
  }
}

function addErrors(db: Database, importId: number, count: number): void {
  const insert = db.prepare(`INSERT INTO import_errors (import_id, row_number, line_number, code, email, message) VALUES (?, ?, ?, 'invalid_email', ?, ?)`)
  db.transaction(() => {
    for (let row = 1; row <= count; row++) {
      const email = `person-${row}@`
      insert.run(importId, row, row + 1, email, `Row ${row} (line ${row + 1}): "${email}" is not a valid email address. Fix it in your spreadsheet and import the file again.`)
    }
    db.prepare(`UPDATE imports SET status = 'completed', error_count = ? WHERE id = ?`).run(count, importId)
  })()
}

/**
 * A copy of the database in `dir` taken while a writer that has just written is still open, as a
 * crash or a copy of a live folder leaves it: the last import exists only in the -wal.
 */
function copyWithWal(dir: string, suffixes: string[]): { dir: string; remove: () => void } {
  const writer = openWriter(dir)
  const copy = tempDir('cli-ro-wal')
  try {
    writer.pragma('wal_autocheckpoint = 0')
    addErrors(writer, createImport(writer, '/data/late.csv', 'late.csv', IDENTITY, 3), 4)
    for (const suffix of suffixes) copyFileSync(databasePath(dir) + suffix, databasePath(copy.dir) + suffix)
  } finally {
    writer.close()
  }
  return copy
}

function assertNoStackTrace(result: CliResult): void {
  assert.doesNotMatch(result.stderr, /^\s+at /m, `no stack trace:\n${result.stderr}`)
}

/** A read-only tmpfs holding a copy of `files` (names in `from`); null when this process may not mount. */
function readOnlyCopy(from: string, files: string[]): { dir: string; unmount: () => void } | null {
  if (process.getuid?.() !== 0) return null
  const holder = tempDir('cli-ro-mount')
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', holder.dir])
  } catch {
    holder.remove()
    return null
  }
  const unmount = () => {
    execFileSync('umount', [holder.dir])
    holder.remove()
  }
  for (const file of files) copyFileSync(join(from, file), join(holder.dir, file))
  execFileSync('mount', ['-o', 'remount,ro', holder.dir])
  return { dir: holder.dir, unmount }
}

test('list and errors read a database on read-only media: closed cleanly, or with its -wal and -shm', async (t) => {
  const data = tempDir('cli-ro-source')
  try {
    seedDatabase(data.dir, 20)
    const withWal = copyWithWal(data.dir, ['', '-wal', '-shm'])
    assert.ok(!existsSync(`${databasePath(data.dir)}-wal`), 'the last writer to close checkpoints and removes the -wal')
    const cases = [
      { name: 'closed cleanly', from: data.dir, files: ['importer.sqlite'], imports: 3 },
      { name: 'with -wal and -shm', from: withWal.dir, files: ['importer.sqlite', 'importer.sqlite-wal', 'importer.sqlite-shm'], imports: 3 },
    ]
    for (const { name, from, files, imports } of cases) {
      const expectedList = await runCli(['list', '--json', '--data-dir', from])
      const expectedErrors = await runCli(['errors', '1', '--data-dir', from])
      assert.equal(expectedList.code, 0, expectedList.stderr)
      assert.equal(expectedList.stdout.trim().split('\n').length, imports, name)
      const media = readOnlyCopy(from, files)
      if (!media) {
        withWal.remove()
        t.skip('SKIPPED: mounting a read-only tmpfs needs root; this run is not root, so read-only media is not tested')
        return
      }
      try {
        assert.throws(() => writeFileSync(join(media.dir, 'probe'), ''), { code: 'EROFS' }, 'the media is read-only, even for root')
        const listed = await runCli(['list', '--json', '--data-dir', media.dir])
        assert.equal(listed.code, 0, `${name}: ${listed.stderr}`)
        assert.equal(listed.stdout, expectedList.stdout, name)
        const exported = await runCli(['errors', '1', '--data-dir', media.dir])
        assert.equal(exported.code, 0, `${name}: ${exported.stderr}`)
        assert.equal(exported.stdout, expectedErrors.stdout, name)
      } finally {
        media.unmount()
      }
    }
    withWal.remove()
  } finally {
    data.remove()
  }
})

test('a -wal without its -shm on read-only media is a clear message, not a stack trace', async (t) => {
  const data = tempDir('cli-ro-noshm')
  try {
    seedDatabase(data.dir, 5)
    const copy = copyWithWal(data.dir, ['', '-wal'])
    const media = readOnlyCopy(copy.dir, ['importer.sqlite', 'importer.sqlite-wal'])
    copy.remove()
    if (!media) return t.skip('SKIPPED: mounting a read-only tmpfs needs root; this run is not root')
    try {
      const listed = await runCli(['list', '--data-dir', media.dir])
      assert.equal(listed.code, 2, listed.stderr)
      assert.match(listed.stderr, /cannot be written.*-wal.*Copy the folder somewhere writable/)
      assertNoStackTrace(listed)
    } finally {
      media.unmount()
    }
  } finally {
    data.remove()
  }
})

test('a zero-length importer.sqlite holds no imports: list prints none, errors says there is no such import', async () => {
  const data = tempDir('cli-empty-db')
  try {
    mkdirSync(data.dir, { recursive: true })
    writeFileSync(databasePath(data.dir), '')
    const listed = await runCli(['list', '--data-dir', data.dir])
    assert.deepEqual(listed, { code: 0, stdout: '', stderr: '' })
    const listedJson = await runCli(['list', '--json', '--data-dir', data.dir])
    assert.deepEqual(listedJson, { code: 0, stdout: '', stderr: '' })
    const exported = await runCli(['errors', '1', '--data-dir', data.dir])
    assert.equal(exported.code, 2)
    assert.match(exported.stderr, /^There is no import 1\n/)
    assertNoStackTrace(exported)
  } finally {
    data.remove()
  }
})

test('errors ID | head: a reader that closes the pipe early ends the CLI quietly (exit 0), csv and json', async () => {
  const data = tempDir('cli-epipe')
  try {
    seedDatabase(data.dir, 50_000)
    for (const format of ['csv', 'json']) {
      const child = spawn(process.execPath, [CLI, 'errors', '1', '--format', format, '--data-dir', data.dir], { stdio: ['ignore', 'pipe', 'pipe'] })
      let stderr = ''
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
      const exited = once(child, 'close')
      // Read the first chunk, then close our end, as `head -2` does.
      const [first] = (await once(child.stdout, 'data')) as [Buffer]
      child.stdout.destroy()
      assert.ok(first.length > 0)
      const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null]
      assert.deepEqual({ code, signal, stderr }, { code: 0, signal: null, stderr: '' }, format)
    }
  } finally {
    data.remove()
  }
})

test('errors --format json streams: 65 MiB of JSON with a 48 MiB heap; the output is JSON.stringify(rows)', async () => {
  const data = tempDir('cli-json-stream')
  try {
    const ROWS = 300_000
    seedDatabase(data.dir, ROWS)
    // Holding the rows and their JSON at once needs several times the output: that runs out of heap.
    const options = ['--max-old-space-size=48', '--import', MAX_RSS]
    const large = await runCli(['errors', '1', '--format', 'json', '--data-dir', data.dir], options)
    assert.equal(large.code, 0, large.stderr.slice(-2000))
    const small = await runCli(['errors', '2', '--format', 'json', '--data-dir', data.dir], options)
    assert.equal(small.code, 0, small.stderr)
    const peakMib = (result: CliResult) => (Number(/max-rss-kib (\d+)/.exec(result.stderr)?.[1]) / 1024).toFixed(0)
    console.log(`errors --format json: ${ROWS} rows, ${(Buffer.byteLength(large.stdout) / 2 ** 20).toFixed(1)} MiB of output; peak RSS ${peakMib(large)} MiB with a 48 MiB heap`)
    const rows = JSON.parse(large.stdout) as Array<{ rowNumber: number; email: string }>
    assert.equal(rows.length, ROWS)
    assert.deepEqual([rows[0].rowNumber, rows[ROWS - 1].rowNumber, rows[ROWS - 1].email], [1, ROWS, `person-${ROWS}@`])
    assert.equal(small.stdout, `${JSON.stringify(JSON.parse(small.stdout))}\n`, 'byte for byte what JSON.stringify writes')
  } finally {
    data.remove()
  }
})
