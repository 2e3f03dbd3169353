// The CLI's import and resume: the same ImportService and worker as the app, run to the end.
import { existsSync } from 'node:fs'
import { databasePath, openReader } from '../db/open.ts'
import { UNFINISHED_STATUSES } from '../domain/import-status.ts'
import type { ImportStatus } from '../domain/import-status.ts'
import { isProcessRunning } from '../engine/local-process.ts'
import { holderOf } from '../engine/sqlite-queue.ts'
import { unfinishedImports } from '../importer/import-store.ts'
import { forkWorker } from '../service/child-process-port.ts'
import { ImportService } from '../service/import-service.ts'
import { getImportRow, listImportRows, toSummary } from '../service/import-queries.ts'
import { isStoragePause, storageReady } from '../service/storage-watch.ts'
import type { ImportSummary } from '../../preload/api.ts'
import type { CliArgs } from './args.ts'
import { EXIT } from './exit.ts'
import { ProgressPrinter, describe, jsonSummary, numbers } from './summary-text.ts'

const ENDED: ReadonlySet<ImportStatus> = new Set<ImportStatus>(['completed', 'failed', 'cancelled', 'paused'])

function exitCodeFor(summaries: ImportSummary[]): number {
  if (summaries.some((s) => s.status === 'failed')) return EXIT.failed
  // A full disk or a read-only data folder is an I/O error; `resume` continues once it is fixed.
  if (summaries.some((s) => isStoragePause({ status: s.status, failure_reason: s.failureReason }))) return EXIT.usage
  if (summaries.some((s) => s.status !== 'completed' && s.status !== 'cancelled')) return EXIT.interrupted
  return EXIT.completed
}

const isUnfinished = (summary: ImportSummary): boolean => UNFINISHED_STATUSES.has(summary.status)

/** Runs imports in a worker until each has ended; SIGINT/SIGTERM checkpoint and exit 130. */
export async function runImports(parsed: CliArgs, file: string | null): Promise<number> {
  const service = new ImportService({
    dataDir: parsed.dataDir,
    spawnWorker: (options) => forkWorker(options),
    // `resume` continues storage pauses itself, once, when it starts; nothing is resumed behind its back.
    storageWatchMs: 0,
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
  let workerLost = null as string | null
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
  let stillPaused: ImportSummary[]
  try {
    // What `resume` continues, read before the worker starts: an import may end in a moment.
    const storage = file === null ? storagePauses(parsed.dataDir) : { ready: [], waiting: [] }
    if (file === null) ids.push(...unfinishedImportIds(parsed.dataDir))
    await service.start({ resumeUnfinished: file === null })
    // Imports a full disk or a read-only folder paused go on once there is room; the others say why not.
    for (const id of storage.ready) {
      await service.resume(id)
      ids.push(id)
    }
    for (const { summary, why } of storage.waiting) printer.done(`${summary.fileName}: still paused (${summary.failureReason}): ${why}. Run "resume" again once there is room.`)
    stillPaused = storage.waiting.map(({ summary }) => summary)
    if (file !== null) {
      const started = await service.startImport(file, {
        mapping: parsed.mapping,
        ...(parsed.encoding === null ? {} : { encoding: parsed.encoding }),
      })
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
  return exitCodeFor([...summaries, ...stillPaused])
}

/** Imports paused by their storage: those that have room again, and those still waiting with why. */
function storagePauses(dataDir: string): { ready: number[]; waiting: Array<{ summary: ImportSummary; why: string }> } {
  const found: ReturnType<typeof storagePauses> = { ready: [], waiting: [] }
  if (!existsSync(databasePath(dataDir))) return found
  const db = openReader(dataDir)
  try {
    for (const row of listImportRows(db).reverse()) {
      if (!isStoragePause(row)) continue
      const room = storageReady(row, dataDir)
      if (room.ready) found.ready.push(row.id)
      else found.waiting.push({ summary: toSummary(row, undefined, null), why: room.why })
    }
    return found
  } finally {
    db.close()
  }
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
    const rows = ids.flatMap((id) => getImportRow(db, id) ?? [])
    const runningElsewhere = new Map<number, number>()
    for (const row of rows) {
      // This CLI's worker has exited by now: a live holder is some other process.
      const pid = row.job_id ? holderOf(db, row.job_id) : null
      if (pid !== null && pid !== process.pid && isProcessRunning(pid)) runningElsewhere.set(row.id, pid)
    }
    const summaries = rows.map((row) => toSummary(row, undefined, null))
    return { summaries, runningElsewhere }
  } finally {
    db.close()
  }
}
