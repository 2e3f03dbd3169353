// The CLI contract (ARCHITECTURE §7) through real processes: exit codes, --json, errors export,
// SIGINT, and a crash loop of SIGKILLs compared with an uninterrupted run.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import Database from 'better-sqlite3'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { generateContactsCsv } from '../support/csv-gen.ts'
import { seededRandom, sleep, tempDir, until } from '../support/processes.ts'
import { countStagingTables, dumpDatabase } from '../support/service-host.ts'
import { databasePath } from '../../main/db/open.ts'
import { isProcessRunning } from '../../main/engine/local-process.ts'
import type { DatabaseDump } from '../support/service-host.ts'

const CLI = fileURLToPath(new URL('../../main/cli.ts', import.meta.url))
const ROWS = 40_000
const random = seededRandom('cli.test')
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
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
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

/** Imports a copy of the big file, interrupts it with SIGINT while it is checked; returns the copy. */
async function interruptImportOfCopy(name: string, dataDir: string): Promise<string> {
  const csv = join(files.dir, name)
  writeFileSync(csv, readFileSync(bigCsv))
  const run = startCli(['import', csv, '--data-dir', dataDir], PACED)
  await until(() => committedRows(dataDir) > 0, 'the import to commit progress')
  run.child.kill('SIGINT')
  assert.equal((await run.done).code, 130)
  return csv
}

/** The imports first (a small, readable diff), then everything: a diff of two 40,000-row arrays would take gigabytes. */
function assertSameDump(actual: DatabaseDump, expected: DatabaseDump): void {
  const [got, want] = [withoutIds(actual), withoutIds(expected)]
  assert.deepEqual(got.imports, want.imports)
  assert.equal(got.contacts.length, want.contacts.length, 'contacts')
  assert.equal(got.errors.length, want.errors.length, 'row errors')
  assert.ok(JSON.stringify(got) === JSON.stringify(want), 'contacts and row errors equal those of a straight run')
}

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
      encoding: 'utf-8', mapping: { email: 'email', first_name: 'first_name', last_name: 'last_name' },
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
  writeFileSync(missing, 'email,company,last_name\nx@example.com,X,Y\n')
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
    assert.match(missing.stderr, /could not be found/)
    const folder = await runCli(['import', files.dir, '--data-dir', data.dir])
    assert.equal(folder.code, 2)
    assert.match(folder.stderr, /folder/)
    assert.equal((await runCli(['errors', '99', '--data-dir', data.dir])).code, 2)
    assert.equal((await runCli(['errors', '1', '--format', 'xml', '--data-dir', data.dir])).code, 2)
    assert.equal((await runCli(['list', 'extra', '--data-dir', data.dir])).code, 2)
    assert.equal((await runCli(['resume', 'extra', '--data-dir', data.dir])).code, 2)
    const notAFolder = join(files.dir, 'not-a-folder')
    writeFileSync(notAFolder, '')
    for (const command of [['list'], ['resume'], ['import', bigCsv]]) {
      const result = await runCli([...command, '--data-dir', notAFolder])
      assert.equal(result.code, 2, command[0])
      assert.match(result.stderr, /is a file, not a folder/)
    }
    const help = await runCli(['--help'])
    assert.equal(help.code, 0)
    assert.match(help.stdout, /^Usage:/)
  } finally {
    data.remove()
  }
})

test('resume reports every import it continued, also one that fails at once', { timeout: 60_000 }, async () => {
  const data = tempDir('cli-resume-vanished')
  try {
    const csv = await interruptImportOfCopy('vanishing.csv', data.dir)
    rmSync(csv)
    const resumed = await runCli(['resume', '--json', '--data-dir', data.dir])
    assert.equal(resumed.code, 1, resumed.stderr)
    const summary = JSON.parse(resumed.stdout) as { status: string; failureReason: string }
    assert.deepEqual([summary.status, summary.failureReason], ['failed', 'file_missing'])
  } finally {
    data.remove()
  }
})

test('import FILE runs that file only; an import interrupted earlier waits for resume', { timeout: 60_000 }, async () => {
  const data = tempDir('cli-import-only')
  const small = join(files.dir, 'only-this.csv')
  writeFileSync(small, 'email,first_name,last_name\nonly@example.com,Only,This\n')
  try {
    await interruptImportOfCopy('interrupted-earlier.csv', data.dir)
    const before = dumpDatabase(data.dir).imports[0]
    const result = await runCli(['import', small, '--json', '--data-dir', data.dir])
    assert.equal(result.code, 0, result.stderr)
    assert.equal((JSON.parse(result.stdout) as { status: string }).status, 'completed')
    assert.deepEqual(dumpDatabase(data.dir).imports[0], before, 'the earlier import did not move')
    const resumed = await runCli(['resume', '--json', '--data-dir', data.dir])
    assert.equal(resumed.code, 0, resumed.stderr)
    assert.equal(dumpDatabase(data.dir).imports[0].status, 'completed')
  } finally {
    data.remove()
  }
})

test('a signal that arrives after the import completed does not turn success into 130', { timeout: 60_000 }, async () => {
  for (let round = 0; round < 3; round++) {
    const data = tempDir('cli-late-signal')
    try {
      const run = startCli(['import', bigCsv, '--json', '--data-dir', data.dir])
      let signalled = false
      for (let i = 0; i < 3000 && run.child.exitCode === null && !signalled; i++) {
        if (importStatus(data.dir) === 'completed') {
          run.child.kill('SIGINT')
          signalled = true
        } else await sleep(2)
      }
      const result = await run.done
      assert.equal(result.code, 0, result.stderr)
      assert.equal((JSON.parse(result.stdout) as { status: string }).status, 'completed')
    } finally {
      data.remove()
    }
  }
})

test('the CLI killed alone: its orphaned worker checkpoints, releases the job and exits', { timeout: 180_000 }, async () => {
  // Unpaced and large: a busy worker may still send progress to its dead host before it hears
  // of the disconnect, and must survive that write.
  const largeCsv = join(files.dir, 'orphan.csv')
  await generateContactsCsv(largeCsv, { rows: 1_000_000, seed: 5 })
  for (let round = 0; round < 8; round++) {
    const data = tempDir('cli-orphan')
    try {
      const run = startCli(['import', largeCsv, '--data-dir', data.dir])
      await until(() => readJobState(data.dir) === 'running', 'the job to run')
      await sleep(random() * 1000)
      const holder = readJob(data.dir)
      assert.equal(holder?.state, 'running', `round ${round}: the job runs`)
      const workerPid = Number(holder.locked_by.split(':')[0])
      run.child.kill('SIGKILL')
      await run.done
      await until(() => !isProcessRunning(workerPid), 'the orphaned worker to exit')
      assert.doesNotMatch(run.output().stderr, /EPIPE|Unhandled/)
      assert.deepEqual(readJob(data.dir), { state: 'scheduled', locked_by: null }, `round ${round}: stopped at a checkpoint`)
    } finally {
      data.remove()
    }
  }
})

/** The first import's status, or null while the database is not there or not yet migrated. */
function importStatus(dataDir: string): string | null {
  try {
    const db = new Database(databasePath(dataDir), { readonly: true, fileMustExist: true })
    try {
      return (db.prepare('SELECT status FROM imports ORDER BY id LIMIT 1').pluck().get() as string | undefined) ?? null
    } finally {
      db.close()
    }
  } catch {
    return null
  }
}

test('npm run cli: SIGINT sent to npm alone reaches the CLI, which checkpoints and exits 130', { timeout: 60_000 }, async () => {
  const data = tempDir('cli-npm-signal')
  try {
    const npm = spawn('npm', ['run', '--silent', 'cli', '--', 'import', bigCsv, '--data-dir', data.dir], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: { ...process.env, ...PACED },
      stdio: 'ignore',
    })
    const exited = once(npm, 'exit')
    await until(() => readJobState(data.dir) === 'running', 'the import to run')
    npm.kill('SIGINT')
    const [code] = (await exited) as [number | null]
    assert.equal(code, 130)
    assert.equal(readJobState(data.dir), 'scheduled', 'the CLI stopped at a checkpoint before npm exited')
  } finally {
    data.remove()
  }
})

test('two processes on one data folder take turns: a second import is created at once, waits, and both complete', { timeout: 120_000 }, async () => {
  const data = tempDir('cli-two-processes')
  const small = join(files.dir, 'second-process.csv')
  writeFileSync(small, 'email,first_name,last_name\nuser1@example.com,From,Second\nsecond-only@example.com,Only,Second\n')
  try {
    // Slow enough that the second import is created long before the first could end, however busy the machine.
    const first = startCli(['import', bigCsv, '--json', '--data-dir', data.dir], { IMPORTER_MAX_ROWS_PER_SECOND: '4000' })
    await until(() => readJobState(data.dir) === 'running', 'the first import to run')
    const second = startCli(['import', small, '--json', '--data-dir', data.dir])
    await until(() => importCount(data.dir) === 2, 'the second import to be created')
    assert.equal(readJobState(data.dir), 'running', 'the second import was created while the first still ran')
    const [a, b] = await Promise.all([first.done, second.done])
    assert.equal(a.code, 0, a.stderr)
    assert.equal(b.code, 0, b.stderr)
    assert.doesNotMatch(a.stderr + b.stderr, /locked|without a checkpoint/)
    const { processedCount, createdCount } = JSON.parse(b.stdout) as { processedCount: number; createdCount: number }
    assert.deepEqual([processedCount, createdCount], [2, 1])
    const contacts = dumpDatabase(data.dir).contacts
    assert.equal(contacts.length, reference.contacts.length + 1)
    assert.deepEqual(contacts.find(([email]) => email === 'user1@example.com'), ['user1@example.com', 'From', 'Second'])
  } finally {
    data.remove()
  }
})

/** Rows the first import has committed as read (0 before its database or its first commit exists). */
function committedRows(dataDir: string): number {
  try {
    return Number(dumpDatabase(dataDir).imports[0]?.rows_read ?? 0)
  } catch {
    return 0
  }
}

function importCount(dataDir: string): number {
  try {
    return dumpDatabase(dataDir).imports.length
  } catch {
    return 0
  }
}

function readJobState(dataDir: string): string | null {
  try {
    return readJob(dataDir)?.state ?? null
  } catch {
    return null
  }
}

function readJob(dataDir: string): { state: string; locked_by: string } {
  const db = new Database(databasePath(dataDir), { readonly: true })
  try {
    return db.prepare('SELECT state, locked_by FROM jobs').get() as { state: string; locked_by: string }
  } finally {
    db.close()
  }
}

test('SIGINT checkpoints and exits 130; resume finishes with the counts of a straight run', { timeout: 120_000 }, async () => {
  const data = tempDir('cli-sigint')
  try {
    const run = startCli(['import', bigCsv, '--json', '--data-dir', data.dir], PACED)
    await until(() => committedRows(data.dir) > 0, 'the import to commit progress')
    run.child.kill('SIGINT')
    const interrupted = await run.done
    assert.equal(interrupted.code, 130, interrupted.stderr)
    const saved = dumpDatabase(data.dir).imports[0]
    assert.ok(Number(saved.rows_read) > 0, 'progress before the signal is kept')
    assert.ok(saved.status === 'validating' || saved.status === 'processing')
    const resumed = await runCli(['resume', '--json', '--data-dir', data.dir])
    assert.equal(resumed.code, 0, resumed.stderr)
    assert.equal((JSON.parse(resumed.stdout) as { status: string }).status, 'completed')
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
      // The first round must live until its import exists, or every later `resume` finds nothing to do.
      if (round === 0) await until(() => importCount(data.dir) === 1, 'the import to be created')
      await sleep(300 + random() * 700)
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
    assertSameDump(dumpDatabase(data.dir), reference)
    assert.equal(countStagingTables(data.dir), 0)
  } finally {
    data.remove()
  }
})

test('resuming on a file that changed fails with a message that says so', { timeout: 60_000 }, async () => {
  const data = tempDir('cli-changed')
  try {
    const csv = await interruptImportOfCopy('changing.csv', data.dir)
    appendFileSync(csv, 'late@example.com,Late,Comer\n')
    const resumed = await runCli(['resume', '--json', '--data-dir', data.dir])
    assert.equal(resumed.code, 1)
    const summary = JSON.parse(resumed.stdout) as { failureReason: string; failureMessage: string }
    assert.equal(summary.failureReason, 'file_changed')
    assert.match(summary.failureMessage, /changed since the import started/)
    assert.equal(countStagingTables(data.dir), 0, 'a failure that cannot be retried keeps no staged rows')
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

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url))

test('vendor exports and encodings import from the command line; --json names the encoding and the mapping', { timeout: 120_000 }, async () => {
  const data = tempDir('cli-vendors')
  try {
    const cases: [file: string, args: string[], encoding: string, mapping: Record<string, string>, processed: number][] = [
      ['vendors/google-contacts-legacy.csv', [], 'utf-8', { email: 'E-mail 1 - Value', first_name: 'Given Name', last_name: 'Family Name' }, 2],
      ['vendors/linkedin.csv', [], 'utf-8', { email: 'Email Address', first_name: 'First Name', last_name: 'Last Name' }, 1],
      ['vendors/thunderbird.csv', [], 'utf-8', { email: 'Primary Email', first_name: 'First Name', last_name: 'Last Name' }, 2],
      ['encodings/windows-1252-comma.csv', [], 'windows-1252', { email: 'E-mail Address', first_name: 'First Name', last_name: 'Last Name' }, 3],
      ['encodings/utf-16le-bom.txt', [], 'utf-16le', { email: 'email', first_name: 'first_name', last_name: 'last_name' }, 3],
      ['encodings/shift_jis.csv', ['--map', 'first_name=名', '--map', 'last_name=姓'], 'shift_jis', { email: 'email', first_name: '名', last_name: '姓' }, 12],
      ['encodings/shift_jis.csv', ['--encoding', 'sjis', '--map', 'first_name=名', '--map', 'last_name=姓'], 'shift_jis', { email: 'email', first_name: '名', last_name: '姓' }, 12],
    ]
    for (const [file, args, encoding, mapping, processed] of cases) {
      const result = await runCli(['import', join(FIXTURES, file), ...args, '--json', '--data-dir', data.dir])
      assert.equal(result.code, 0, `${file}: ${result.stderr}`)
      const printed = JSON.parse(result.stdout.trim()) as Record<string, unknown>
      assert.deepEqual([printed.encoding, printed.mapping, printed.processedCount], [encoding, mapping, processed], file)
      assert.match(result.stderr, new RegExp(`import ${String(printed.id)} done`))
    }
    const contacts = new Map(dumpDatabase(data.dir).contacts.map(([email, first, last]) => [email, `${first} ${last}`]))
    assert.equal(contacts.get('jose@example.com'), 'José García')
    assert.equal(contacts.get('yuki@example.jp'), '雪 山田')
    assert.equal(contacts.get('user2@example.jp'), '表 ソ')
    assert.equal(contacts.get('ann@example.com'), 'Åsa Østergård')
  } finally {
    data.remove()
  }
})

test('missing columns exit 1 with the columns and an example --map; a bad --map or --encoding exits 2 before any import', async () => {
  const data = tempDir('cli-mapping')
  try {
    const semicolon = join(FIXTURES, 'encodings/windows-1252-semicolon.csv')
    const missing = await runCli(['import', semicolon, '--json', '--data-dir', data.dir])
    assert.equal(missing.code, 1)
    const printed = JSON.parse(missing.stdout.trim()) as Record<string, unknown>
    assert.deepEqual([printed.failureReason, printed.encoding], ['missing_headers', 'windows-1252'])
    assert.match(missing.stderr, /Your file has: E-Mail, Vorname, Nachname/)
    assert.match(missing.stderr, /--map first_name=Vorname --map last_name=Nachname/)
    assert.doesNotMatch(missing.stderr, /drop/i)

    for (const args of [['--map', 'first_name=Nope'], ['--encoding', 'klingon'], ['--map', 'nickname=Vorname'], ['--map', 'first_name=Vorname', '--map', 'last_name=vorname']]) {
      const result = await runCli(['import', semicolon, ...args, '--data-dir', data.dir])
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`)
    }
    const listed = await runCli(['list', '--json', '--data-dir', data.dir])
    assert.equal(listed.stdout.trim().split('\n').length, 1, 'usage errors create no import')

    // A file with no header row: no column names to suggest, so no --map example made of its data.
    const headless = join(data.dir, 'no-header.csv')
    writeFileSync(headless, 'ann@example.com,Ann,Lee\nbob@example.com,Bob,Stone\n')
    const dataFirst = await runCli(['import', headless, '--data-dir', data.dir])
    assert.equal(dataFirst.code, 1)
    assert.match(dataFirst.stderr, /The first line looks like data, not a header \(ann@example\.com, Ann, Lee\): add a header row/)
    assert.doesNotMatch(dataFirst.stderr, /--map|Your file has/)

    const help = await runCli(['--help'])
    assert.match(help.stdout, /email, a first_name and a last_name/)
    assert.match(help.stdout, /--map FIELD=COLUMN/)
  } finally {
    data.remove()
  }
})

test('a spreadsheet that is not CSV is refused as not_csv, naming the format', async () => {
  const data = tempDir('cli-not-csv')
  const xlsx = join(files.dir, 'workbook.csv')
  writeFileSync(xlsx, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]), Buffer.from('[Content_Types].xml xl/workbook.xml')]))
  try {
    const result = await runCli(['import', xlsx, '--json', '--data-dir', data.dir])
    assert.equal(result.code, 1)
    const printed = JSON.parse(result.stdout.trim()) as Record<string, unknown>
    assert.equal(printed.failureReason, 'not_csv')
    assert.match(String(printed.failureMessage), /Excel workbook \(\.xlsx\).*CSV UTF-8/)
  } finally {
    data.remove()
  }
})

test('a crash loop on a mapped Windows-1252 file ends identical to a straight run', { timeout: 300_000 }, async () => {
  // The generated contacts, saved as European Excel does: Windows-1252, semicolons, German headers.
  const utf8 = readFileSync(bigCsv, 'utf8').split(/\r?\n/)
  const [, ...rows] = utf8
  const legacy = join(files.dir, 'excel-de.csv')
  const body = rows.map((row) => row.replace(/[\u0100-\u{10ffff}]/gu, '?')).join('\r\n')
  writeFileSync(legacy, Buffer.from(`E-Mail-Adresse,Vorname,Nachname,Firma\r\n${body}`, 'latin1'))
  const args = ['--map', 'email=E-Mail-Adresse', '--map', 'first_name=Vorname', '--map', 'last_name=Nachname']
  const straight = tempDir('cli-1252-straight')
  const data = tempDir('cli-1252-crash')
  try {
    const reference = await runCli(['import', legacy, ...args, '--json', '--data-dir', straight.dir])
    assert.equal(reference.code, 0, reference.stderr)
    assert.equal((JSON.parse(reference.stdout.trim()) as { encoding: string }).encoding, 'windows-1252')
    let started = false
    for (let round = 0; round < 9; round++) {
      const run = startCli(started ? ['resume', '--data-dir', data.dir] : ['import', legacy, ...args, '--data-dir', data.dir], PACED)
      if (!started) await until(() => importCount(data.dir) === 1, 'the import to be created')
      started = true
      await sleep(300 + random() * 700)
      try {
        process.kill(-run.child.pid!, 'SIGKILL')
      } catch {
        // It had already finished: nothing left to kill this round.
      }
      await run.done
    }
    const final = await runCli(['resume', '--json', '--data-dir', data.dir])
    assert.equal(final.code, 0, final.stderr)
    assertSameDump(dumpDatabase(data.dir), dumpDatabase(straight.dir))
    assert.ok(dumpDatabase(data.dir).contacts.some(([, first]) => first === 'José'), 'Windows-1252 names decoded')
  } finally {
    straight.remove()
    data.remove()
  }
})

test("the CLI and the worker it forks compile their modules through Node's code cache in the temp dir", async () => {
  const temp = tempDir('cli-compile-cache')
  const data = tempDir('cli-compile-cache-data')
  try {
    const csv = join(temp.dir, 'one.csv')
    writeFileSync(csv, 'email,first_name,last_name\na@b.co,A,B\n')
    // Node's own debug output says, per process, which module it read from or saved to the cache.
    const result = await runCli(['import', csv, '--data-dir', data.dir], { TMPDIR: temp.dir, NODE_COMPILE_CACHE: undefined, NODE_DEBUG_NATIVE: 'COMPILE_CACHE' })
    assert.equal(result.code, 0, result.stderr)
    const cacheLines = result.stderr.split('\n').filter((line) => line.startsWith('[compile cache]') && line.includes(join(temp.dir, 'node-compile-cache')))
    for (const module of ['main/cli/main.ts', 'main/worker/index.ts']) {
      assert.ok(cacheLines.some((line) => line.includes(module)), `${module} went through the cache under the temp dir`)
    }
  } finally {
    temp.remove()
    data.remove()
  }
})
