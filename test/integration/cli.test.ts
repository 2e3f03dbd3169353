// The CLI contract (ARCHITECTURE §7) through real processes: exit codes, --json, errors export,
// SIGINT, and a crash loop of SIGKILLs compared with an uninterrupted run.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { generateContactsCsv } from '../support/csv-gen.ts'
import { sleep, tempDir } from '../support/processes.ts'
import { countStagingTables, dumpDatabase } from '../support/service-host.ts'
import type { DatabaseDump } from '../support/service-host.ts'

const CLI = fileURLToPath(new URL('../../main/cli.ts', import.meta.url))
const ROWS = 40_000
const PACED = { IMPORTER_MAX_ROWS_PER_SECOND: '20000' }

interface CliResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

function startCli(args: string[], env: NodeJS.ProcessEnv = {}, options: { viaShell?: boolean } = {}) {
  // Its own process group, so a test can kill the CLI together with its worker. viaShell puts a
  // shell in front, as `npm run cli` does: killing the shell alone orphans a still-running CLI.
  const command = options.viaShell ? ['sh', ['-c', `"$0" "$@"; true`, process.execPath, CLI, ...args]] as const : [process.execPath, [CLI, ...args]] as const
  const child = spawn(command[0], command[1], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk))
  const done = once(child, 'exit').then(([code, signal]): CliResult => ({ code: code as number | null, signal: signal as NodeJS.Signals | null, stdout, stderr }))
  return { child, done, output: () => ({ stdout, stderr }) }
}

function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return startCli(args, env).done
}

const files = tempDir('cli-files')
const bigCsv = join(files.dir, 'contacts.csv')
let reference: DatabaseDump

before(async () => {
  await generateContactsCsv(bigCsv, { rows: ROWS, seed: 3 })
  const data = tempDir('cli-reference')
  const result = await runCli(['import', bigCsv, '--json', '--data-dir', data.dir])
  assert.equal(result.code, 0, result.stderr)
  reference = dumpDatabase(data.dir)
  data.remove()
})

after(() => files.remove())

const withoutIds = (dump: DatabaseDump) => ({
  imports: dump.imports.map(({ id: _id, ...rest }) => rest),
  contacts: dump.contacts,
  errors: dump.errors.map(([, ...rest]) => rest),
})

test('import prints one --json object with the contract fields and exits 0', async () => {
  const data = tempDir('cli-json')
  const csv = join(files.dir, 'small.csv')
  writeFileSync(csv, 'email,first_name,last_name\nann@example.com,Ann,Lee\nbad-email,Bob,Ray\nANN@example.com,Annie,Lee\n')
  try {
    const result = await runCli(['import', csv, '--json', '--data-dir', data.dir])
    assert.equal(result.code, 0, result.stderr)
    const printed = JSON.parse(result.stdout.trim()) as Record<string, unknown>
    assert.deepEqual(printed, {
      id: 1, status: 'completed', totalRows: 3, processedCount: 2, createdCount: 1, updatedCount: 1,
      errorCount: 1, failureReason: null, failureMessage: null,
    })
    const listed = await runCli(['list', '--json', '--data-dir', data.dir])
    assert.equal(listed.code, 0)
    assert.deepEqual(JSON.parse(listed.stdout.trim()), printed)
    assert.deepEqual(dumpDatabase(data.dir).contacts, [['ann@example.com', 'Annie', 'Lee']])
  } finally {
    data.remove()
  }
})

test('errors exports RFC 4180 CSV with formula cells neutralized, or JSON', async () => {
  const data = tempDir('cli-errors')
  const csv = join(files.dir, 'formulas.csv')
  writeFileSync(csv, 'email,first_name,last_name\n=HYPERLINK("http://x"),Eve,Evil\n+1@x,Plus,One\n-2,Minus,Two\n@at,At,Sign\nok@example.com,Ok,"=1+1"\n')
  try {
    const imported = await runCli(['import', csv, '--data-dir', data.dir])
    assert.equal(imported.code, 0, imported.stderr)
    const exported = await runCli(['errors', '1', '--data-dir', data.dir])
    assert.equal(exported.code, 0)
    const lines = exported.stdout.trimEnd().split('\r\n')
    assert.equal(lines[0], '"row","line","code","email","message"')
    assert.equal(lines.length, 5)
    assert.match(lines[1], /^"1","2","invalid_email","'=HYPERLINK\(""http:\/\/x""\)",/)
    assert.match(lines[2], /^"2","3","invalid_email","'\+1@x",/)
    assert.match(lines[3], /^"3","4","invalid_email","'-2",/)
    assert.match(lines[4], /^"4","5","invalid_email","'@at",/)
    // Stored contacts are never altered by the neutralizing.
    assert.deepEqual(dumpDatabase(data.dir).contacts, [['ok@example.com', 'Ok', '=1+1']])
    const json = await runCli(['errors', '1', '--format', 'json', '--data-dir', data.dir])
    const rows = JSON.parse(json.stdout) as Array<{ rowNumber: number; email: string }>
    assert.deepEqual(rows.map((row) => [row.rowNumber, row.email]), [[1, '=HYPERLINK("http://x")'], [2, '+1@x'], [3, '-2'], [4, '@at']])
  } finally {
    data.remove()
  }
})

test('a rejected file exits 1, says why, and leaves contacts exactly as they were', async () => {
  const data = tempDir('cli-reject')
  const good = join(files.dir, 'good.csv')
  const missing = join(files.dir, 'missing.csv')
  const lateBadByte = join(files.dir, 'late-bad-byte.csv')
  writeFileSync(good, 'email,first_name,last_name\nkeep@example.com,Keep,Me\n')
  writeFileSync(missing, 'email,name,last_name\nx@example.com,X,Y\n')
  // 20,000 valid rows, then one byte that is not UTF-8 in the very last record.
  writeFileSync(lateBadByte, readFileSync(bigCsv).subarray(0, readFileSync(bigCsv).indexOf('\n', 1_000_000) + 1))
  appendFileSync(lateBadByte, Buffer.from([0x6c, 0x61, 0x74, 0x65, 0x40, 0x78, 0x2e, 0x69, 0x6f, 0x2c, 0xff, 0x2c, 0x5a, 0x0a]))
  try {
    assert.equal((await runCli(['import', good, '--data-dir', data.dir])).code, 0)
    const before = dumpDatabase(data.dir)
    const headers = await runCli(['import', missing, '--json', '--data-dir', data.dir])
    assert.equal(headers.code, 1)
    const failed = JSON.parse(headers.stdout) as { status: string; failureReason: string; failureMessage: string }
    assert.equal(failed.status, 'failed')
    assert.equal(failed.failureReason, 'missing_headers')
    assert.match(failed.failureMessage, /first_name/)
    const encoding = await runCli(['import', lateBadByte, '--json', '--data-dir', data.dir])
    assert.equal(encoding.code, 1)
    const rejected = JSON.parse(encoding.stdout) as { failureReason: string; failureMessage: string; errorCount: number; processedCount: number }
    assert.equal(rejected.failureReason, 'encoding')
    assert.match(rejected.failureMessage, /UTF-8/)
    assert.equal(rejected.processedCount, 0)
    const after = dumpDatabase(data.dir)
    assert.deepEqual(after.contacts, before.contacts)
    assert.deepEqual(after.errors, before.errors, 'a rejected file keeps no row errors')
    assert.equal(countStagingTables(data.dir), 0)
  } finally {
    data.remove()
  }
})

test('usage and I/O problems exit 2', async () => {
  const data = tempDir('cli-usage')
  try {
    assert.equal((await runCli(['--data-dir', data.dir])).code, 2)
    assert.equal((await runCli(['frobnicate', '--data-dir', data.dir])).code, 2)
    assert.equal((await runCli(['import', '--data-dir', data.dir])).code, 2)
    const missing = await runCli(['import', join(files.dir, 'nope.csv'), '--data-dir', data.dir])
    assert.equal(missing.code, 2)
    assert.match(missing.stderr, /does not exist/)
    const folder = await runCli(['import', files.dir, '--data-dir', data.dir])
    assert.equal(folder.code, 2)
    assert.match(folder.stderr, /folder/)
    assert.equal((await runCli(['errors', '99', '--data-dir', data.dir])).code, 2)
    assert.equal((await runCli(['errors', '1', '--format', 'xml', '--data-dir', data.dir])).code, 2)
  } finally {
    data.remove()
  }
})

test('SIGINT checkpoints and exits 130; resume finishes with the counts of a straight run', { timeout: 120_000 }, async () => {
  const data = tempDir('cli-sigint')
  try {
    const run = startCli(['import', bigCsv, '--json', '--data-dir', data.dir], PACED)
    await sleep(1200)
    run.child.kill('SIGINT')
    const interrupted = await run.done
    assert.equal(interrupted.code, 130, interrupted.stderr)
    const saved = dumpDatabase(data.dir).imports[0]
    assert.ok(Number(saved.rows_read) > 0, 'progress before the signal is kept')
    assert.ok(saved.status === 'validating' || saved.status === 'processing')
    const resumed = await runCli(['resume', '--json', '--data-dir', data.dir])
    assert.equal(resumed.code, 0, resumed.stderr)
    assert.equal(JSON.parse(resumed.stdout).status, 'completed')
    assert.deepEqual(withoutIds(dumpDatabase(data.dir)), withoutIds(reference))
  } finally {
    data.remove()
  }
})

test('a crash loop of SIGKILLs (CLI with its worker, CLI alone, or the shell before it) ends identical to a straight run', { timeout: 240_000 }, async () => {
  const data = tempDir('cli-crash')
  try {
    let started = false
    for (let round = 0; round < 12; round++) {
      const args = started ? ['resume', '--data-dir', data.dir] : ['import', bigCsv, '--data-dir', data.dir]
      started = true
      const kind = round % 3
      const run = startCli(args, PACED, { viaShell: kind === 2 })
      await sleep(300 + Math.random() * 700)
      try {
        if (kind === 0) process.kill(-run.child.pid!, 'SIGKILL')
        else run.child.kill('SIGKILL')
      } catch {
        // It had already finished: nothing left to kill this round.
      }
      await run.done
    }
    const final = await runCli(['resume', '--json', '--data-dir', data.dir])
    assert.equal(final.code, 0, final.stderr)
    assert.deepEqual(withoutIds(dumpDatabase(data.dir)), withoutIds(reference))
    assert.equal(countStagingTables(data.dir), 0)
  } finally {
    data.remove()
  }
})

test('resuming on a file that changed fails with a message that says so', { timeout: 60_000 }, async () => {
  const data = tempDir('cli-changed')
  const csv = join(files.dir, 'changing.csv')
  writeFileSync(csv, readFileSync(bigCsv))
  try {
    const run = startCli(['import', csv, '--data-dir', data.dir], PACED)
    for (let i = 0; i < 200 && !run.output().stderr.includes('checking'); i++) await sleep(20)
    await sleep(300)
    run.child.kill('SIGINT')
    assert.equal((await run.done).code, 130)
    appendFileSync(csv, 'late@example.com,Late,Comer\n')
    const resumed = await runCli(['resume', '--json', '--data-dir', data.dir])
    assert.equal(resumed.code, 1)
    const summary = JSON.parse(resumed.stdout) as { failureReason: string; failureMessage: string }
    assert.equal(summary.failureReason, 'file_changed')
    assert.match(summary.failureMessage, /changed since the import started/)
  } finally {
    data.remove()
  }
})

test('a formula cell with a line break in it is neutralized too', async () => {
  const data = tempDir('cli-formula-newline')
  const csv = join(files.dir, 'formula-newline.csv')
  writeFileSync(csv, 'email,first_name,last_name\n"=2+3\nsecond line",A,B\n')
  try {
    assert.equal((await runCli(['import', csv, '--data-dir', data.dir])).code, 0)
    const exported = await runCli(['errors', '1', '--data-dir', data.dir])
    assert.match(exported.stdout, /"1","2","invalid_email","'=2\+3\nsecond line"/)
  } finally {
    data.remove()
  }
})
