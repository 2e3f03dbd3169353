// The headless host: the same ImportService and worker as the app, driven from a terminal.
//   npm run --silent cli -- import FILE [--json] | resume [--json] | list [--json]
//                          | errors ID [--format csv|json]      all with [--data-dir DIR]
// Exit codes: 0 completed, 1 rejected or failed, 2 usage or I/O error, 130 interrupted.
import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import { resolve } from 'node:path'
import { APP_NAME, DataDirUsageError, electronUserDataDir, resolveDataDir } from './data-dir.ts'
import { databasePath, openReader } from './db/open.ts'
import { UNFINISHED_STATUSES } from './domain/import-status.ts'
import { isProcessRunning } from './engine/local-process.ts'
import { unfinishedImports } from './importer/import-store.ts'
import { errorPage, getImportRow, listImportRows, toSummary, writeErrorsCsv } from './service/import-queries.ts'
import { forkWorker } from './service/child-process-port.ts'
import { ImportService } from './service/import-service.ts'
import type { ImportSummary } from '../preload/api.ts'
import type { ImportStatus } from './domain/import-status.ts'

export const EXIT = { completed: 0, failed: 1, usage: 2, interrupted: 130 } as const

const USAGE = `Usage: npm run --silent cli -- <command> [--data-dir DIR]
  import FILE [--json]           import a CSV of contacts and wait for it to finish
  resume [--json]                continue every unfinished, not paused import
  list [--json]                  list all imports, newest first
  errors ID [--format csv|json]  print the rejected rows of an import (CSV by default)`

const ENDED: ReadonlySet<ImportStatus> = new Set<ImportStatus>(['completed', 'failed', 'cancelled', 'paused'])

class UsageError extends Error {}
/** An I/O problem before anything ran (exit 2, without the usage text). */
class IoError extends Error {}
class HelpRequest extends Error {}

interface Parsed {
  command: string
  positional: string[]
  json: boolean
  format: 'csv' | 'json'
  dataDir: string
}

/** Under `npm run cli`, the folder the person typed the command in (npm runs scripts from the package root). */
function callerDirectory(): string {
  const { INIT_CWD, npm_lifecycle_event } = process.env
  return npm_lifecycle_event === 'cli' && INIT_CWD ? INIT_CWD : process.cwd()
}

function parse(argv: string[]): Parsed {
  const cwd = callerDirectory()
  const dataDir = resolveDataDir({
    argv,
    env: process.env,
    cwd,
    fallback: () => electronUserDataDir(APP_NAME, { platform: process.platform, env: process.env, homedir: homedir() }),
  }).dir
  const positional: string[] = []
  let json = false
  let format: 'csv' | 'json' = 'csv'
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--') {
      positional.push(...argv.slice(i + 1))
      break
    }
    if (arg === '--json') json = true
    else if (arg === '--data-dir') i++
    else if (arg.startsWith('--data-dir=')) continue
    else if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg === '--format' ? argv[++i] : arg.slice('--format='.length)
      if (value !== 'csv' && value !== 'json') throw new UsageError(`--format takes csv or json, not ${value ?? 'nothing'}`)
      format = value
    } else if (arg === '--help' || arg === '-h') throw new HelpRequest()
    else if (arg.startsWith('--')) throw new UsageError(`Unknown option ${arg}`)
    else positional.push(arg)
  }
  const [command, ...rest] = positional
  if (!command) throw new UsageError('')
  const file = command === 'import' && rest.length === 1 ? resolve(cwd, rest[0]) : null
  return { command, positional: file ? [file] : rest, json, format, dataDir }
}

/** The arguments a command takes after its name, checked before anything runs. */
function expectArguments(parsed: Parsed, count: number, what: string): void {
  if (parsed.positional.length !== count) throw new UsageError(`${parsed.command} ${what}`)
}

/** A data folder the worker can create and write; a clear message otherwise (exit 2). */
function checkDataDir(dataDir: string, { create }: { create: boolean }): void {
  try {
    if (existsSync(dataDir) && !statSync(dataDir).isDirectory()) throw new IoError(`The data folder ${dataDir} is a file, not a folder.`)
    if (!create) return
    mkdirSync(dataDir, { recursive: true })
    accessSync(dataDir, constants.W_OK)
  } catch (error) {
    if (error instanceof IoError) throw error
    const code = (error as NodeJS.ErrnoException).code
    throw new IoError(`The data folder ${dataDir} cannot be used (${code ?? (error as Error).message}).`)
  }
}

/** The object `--json` prints for one import (contract). */
export function jsonSummary(summary: ImportSummary): Record<string, unknown> {
  return {
    id: summary.id,
    status: summary.status,
    totalRows: summary.totalRows,
    processedCount: summary.processedCount,
    createdCount: summary.createdCount,
    updatedCount: summary.updatedCount,
    errorCount: summary.errorCount,
    failureReason: summary.failureReason,
    failureMessage: summary.failureMessage,
  }
}

const numbers = new Intl.NumberFormat('en-US')

function describe(summary: ImportSummary): string {
  const name = summary.fileName
  switch (summary.status) {
    case 'completed':
      return `${name}: done, ${numbers.format(summary.processedCount)} imported (${numbers.format(summary.createdCount)} new, ${numbers.format(summary.updatedCount)} updated), ${numbers.format(summary.errorCount)} errors`
    case 'failed':
      return `${name}: failed (${summary.failureReason}): ${summary.failureMessage}`
    case 'cancelled':
      return `${name}: cancelled after ${numbers.format(summary.processedCount)} rows`
    case 'paused':
      return `${name}: paused at row ${numbers.format(summary.rowsRead)}`
    default:
      return `${name}: ${summary.status}`
  }
}

/** Progress on stderr: a redrawn bar on a TTY, a line every few seconds otherwise. */
class ProgressPrinter {
  private lastLineAt = 0
  private drawn = false

  update(summary: ImportSummary): void {
    const checking = summary.status !== 'processing'
    const validRows = (summary.totalRows ?? 0) - summary.errorCount
    const fraction = checking
      ? summary.fileSize > 0 ? summary.bytesRead / summary.fileSize : 0
      : validRows > 0 ? summary.processedCount / validRows : 1
    const phase = summary.status === 'pending' ? 'waiting its turn' : checking ? 'checking' : 'importing'
    const rows = checking ? summary.rowsRead : summary.processedCount
    const rate = summary.rowsPerSecond ? ` · ${numbers.format(Math.round(summary.rowsPerSecond))} rows/s` : ''
    const left = summary.secondsLeft !== null ? ` · ${Math.ceil(summary.secondsLeft)} s left` : ''
    const text = `${summary.fileName} ${phase} ${(fraction * 100).toFixed(1)}% · ${numbers.format(rows)} rows${rate}${left}`
    if (process.stderr.isTTY) {
      const width = 24
      const filled = Math.round(Math.min(1, fraction) * width)
      process.stderr.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${text}\x1b[K`)
      this.drawn = true
    } else if (Date.now() - this.lastLineAt >= 2000) {
      this.lastLineAt = Date.now()
      process.stderr.write(`${text}\n`)
    }
  }

  done(line: string): void {
    if (this.drawn) process.stderr.write('\r\x1b[K')
    this.drawn = false
    process.stderr.write(`${line}\n`)
  }
}

function exitCodeFor(summaries: ImportSummary[]): number {
  if (summaries.some((s) => s.status === 'failed')) return EXIT.failed
  if (summaries.some((s) => s.status !== 'completed' && s.status !== 'cancelled')) return EXIT.interrupted
  return EXIT.completed
}

const isUnfinished = (summary: ImportSummary): boolean => UNFINISHED_STATUSES.has(summary.status)

/** Runs imports in a worker until each has ended; SIGINT/SIGTERM checkpoint and exit 130. */
async function runImports(parsed: Parsed, file: string | null): Promise<number> {
  const service = new ImportService({
    dataDir: parsed.dataDir,
    spawnWorker: (options) => forkWorker(options),
    log: (level, message) => {
      if (level === 'warn' || level === 'error') process.stderr.write(`${level}: ${message}\n`)
    },
  })
  const printer = new ProgressPrinter()
  const waiting = new Map<number, () => void>()
  let interrupted = false
  // A signal that arrives while the import is being created stops it right after: it then exists,
  // pending, and `resume` continues it.
  let stoppable = false
  const stop = () => {
    void service.shutdown().then(() => {
      for (const resolveEnd of waiting.values()) resolveEnd()
    })
  }
  const interrupt = () => {
    if (interrupted) return
    interrupted = true
    if (stoppable) stop()
  }
  process.on('SIGINT', interrupt)
  process.on('SIGTERM', interrupt)
  // The worker kept dying: say why and stop waiting (exit 2); `resume` continues once it is fixed.
  let workerLost: string | null = null
  service.onWorkerLost((reason) => {
    workerLost = reason
    for (const resolveEnd of waiting.values()) resolveEnd()
  })
  const heardAt = new Map<number, number>()
  service.onUpdate((summary) => {
    const resolveEnd = waiting.get(summary.id)
    if (!resolveEnd) return
    heardAt.set(summary.id, Date.now())
    if (ENDED.has(summary.status)) resolveEnd()
    else printer.update(summary)
  })
  const ids: number[] = []
  try {
    // What `resume` continues, read before the worker starts: an import may end in a moment.
    if (file === null) ids.push(...unfinishedImportIds(parsed.dataDir))
    await service.start({ resumeUnfinished: file === null })
    if (file !== null) {
      const started = await service.startImport(file)
      if (!started.ok) {
        process.stderr.write(`${started.message}\n`)
        await service.shutdown()
        return EXIT.usage
      }
      ids.push(started.import.id)
    }
    stoppable = true
    if (interrupted) stop()
    const ends = ids.map(
      (id) =>
        new Promise<void>((resolveEnd) => {
          const current = service.get(id)
          if (current && ENDED.has(current.status)) return resolveEnd()
          waiting.set(id, resolveEnd)
        }),
    )
    // Another process (the app, an orphaned CLI) may be the one running an import: watch the
    // database too, and show its committed progress when our own worker reports none.
    const watch = setInterval(() => {
      if (interrupted) return
      for (const [id, resolveEnd] of waiting) {
        const current = service.get(id)
        if (current && ENDED.has(current.status)) resolveEnd()
        else if (current && Date.now() - (heardAt.get(id) ?? 0) > 1000) printer.update(current)
      }
    }, 500)
    await Promise.all(ends)
    clearInterval(watch)
    if (!interrupted) await service.shutdown()
  } catch (error) {
    await service.shutdown().catch(() => {})
    if (interrupted) return EXIT.interrupted
    process.stderr.write(`error: ${(error as Error).message}\n`)
    return EXIT.usage
  } finally {
    process.off('SIGINT', interrupt)
    process.off('SIGTERM', interrupt)
  }
  const { summaries, runningElsewhere } = readSummaries(parsed.dataDir, ids)
  for (const summary of summaries) {
    const elsewhere = runningElsewhere.get(summary.id)
    printer.done(
      !isUnfinished(summary) ? describe(summary)
      : elsewhere ? `${summary.fileName}: still running in another importer process (pid ${elsewhere})`
      : `${summary.fileName}: interrupted at row ${numbers.format(summary.rowsRead)}; run "resume" to continue`,
    )
    if (parsed.json) process.stdout.write(`${JSON.stringify(jsonSummary(summary))}\n`)
  }
  if (workerLost !== null) {
    process.stderr.write(`error: ${workerLost}\n`)
    return EXIT.usage
  }
  // An import that ended before the signal took effect reports how it ended.
  return exitCodeFor(summaries)
}

function unfinishedImportIds(dataDir: string): number[] {
  if (!existsSync(databasePath(dataDir))) return []
  const db = openReader(dataDir)
  try {
    return unfinishedImports(db).map((row) => row.id)
  } finally {
    db.close()
  }
}

/** The imports as committed, and the pid of another live process that still runs any of them. */
function readSummaries(dataDir: string, ids: number[]): { summaries: ImportSummary[]; runningElsewhere: Map<number, number> } {
  const db = openReader(dataDir)
  try {
    const summaries = ids.flatMap((id) => {
      const row = getImportRow(db, id)
      return row ? [toSummary(row, undefined, null)] : []
    })
    const holder = db.prepare(`SELECT jobs.locked_by FROM jobs JOIN imports ON imports.job_id = jobs.job_id
      WHERE imports.id = ? AND jobs.state = 'running'`).pluck()
    const runningElsewhere = new Map<number, number>()
    for (const summary of summaries) {
      // This CLI's worker has exited by now: a live holder is some other process.
      const pid = Number(String(holder.get(summary.id) ?? '').split(':')[0])
      if (pid > 0 && pid !== process.pid && isProcessRunning(pid)) runningElsewhere.set(summary.id, pid)
    }
    return { summaries, runningElsewhere }
  } finally {
    db.close()
  }
}

function list(parsed: Parsed): number {
  if (!existsSync(databasePath(parsed.dataDir))) return EXIT.completed
  const db = openReader(parsed.dataDir)
  try {
    for (const row of listImportRows(db)) {
      const summary = toSummary(row, undefined, null)
      process.stdout.write(parsed.json ? `${JSON.stringify(jsonSummary(summary))}\n` : `${String(summary.id).padStart(4)}  ${describe(summary)}\n`)
    }
    return EXIT.completed
  } finally {
    db.close()
  }
}

async function errors(parsed: Parsed): Promise<number> {
  const id = Number(parsed.positional[0])
  if (!Number.isSafeInteger(id) || id <= 0) throw new UsageError('errors needs an import ID (see "list")')
  if (!existsSync(databasePath(parsed.dataDir))) throw new UsageError(`There is no import ${id}`)
  const db = openReader(parsed.dataDir)
  try {
    if (!getImportRow(db, id)) throw new UsageError(`There is no import ${id}`)
    if (parsed.format === 'json') {
      const { rows } = errorPage(db, id, 0, Number.MAX_SAFE_INTEGER)
      process.stdout.write(`${JSON.stringify(rows)}\n`)
    } else {
      await writeErrorsCsv(db, id, (chunk) => new Promise((resolveWrite) => {
        if (process.stdout.write(chunk)) resolveWrite()
        else process.stdout.once('drain', () => resolveWrite())
      }))
    }
    return EXIT.completed
  } finally {
    db.close()
  }
}

export async function main(argv: string[]): Promise<number> {
  try {
    const parsed = parse(argv)
    switch (parsed.command) {
      case 'import':
        expectArguments(parsed, 1, 'needs exactly one FILE')
        checkDataDir(parsed.dataDir, { create: true })
        return await runImports(parsed, parsed.positional[0])
      case 'resume':
        expectArguments(parsed, 0, 'takes no arguments')
        checkDataDir(parsed.dataDir, { create: true })
        return await runImports(parsed, null)
      case 'list':
        expectArguments(parsed, 0, 'takes no arguments')
        checkDataDir(parsed.dataDir, { create: false })
        return list(parsed)
      case 'errors':
        expectArguments(parsed, 1, 'needs one import ID (see "list")')
        checkDataDir(parsed.dataDir, { create: false })
        return await errors(parsed)
      default:
        throw new UsageError(`Unknown command ${parsed.command}`)
    }
  } catch (error) {
    if (error instanceof HelpRequest) {
      process.stdout.write(`${USAGE}\n`)
      return EXIT.completed
    }
    if (error instanceof IoError) {
      process.stderr.write(`${error.message}\n`)
      return EXIT.usage
    }
    if (error instanceof UsageError || error instanceof DataDirUsageError) {
      if (error.message) process.stderr.write(`${error.message}\n`)
      process.stderr.write(`${USAGE}\n`)
      return EXIT.usage
    }
    process.stderr.write(`error: ${(error as Error).message}\n`)
    return EXIT.usage
  }
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2))
}
