// The import service: what the window and the CLI call. No electron import: the same class runs
// in the Electron main process, the CLI and the test hosts, with the worker spawned through
// `spawnWorker`. Reads come from its own read-only connection; every write is a request to the
// worker (WorkerClient); updates are coalesced from the worker's events (UpdateCoalescer).
import type { Database } from 'better-sqlite3'
import { basename, resolve } from 'node:path'
import { openReader } from '../db/open.ts'
import type { ErrorPage, ImportSummary, StartResult, ThroughputPoint } from '../../preload/api.ts'
import { previewFile, type ImportPreview } from '../importer/preview.ts'
import type { ReadingChoice, WorkerEvent, WorkerMethod, WorkerParams, WorkerResult } from '../worker/protocol.ts'
import { checkImportableFile } from './file-check.ts'
import { errorPage, exportErrorsToFile, getImportRow, listImportRows, throughputHistory, toSummary, waitingFor, withLive } from './import-queries.ts'
import type { ImportStatus } from '../domain/import-status.ts'
import type { ImportServiceApi } from './types.ts'
import { STORAGE_WATCH_MS, StorageWatch, resumesByItself } from './storage-watch.ts'
import { UpdateCoalescer } from './update-coalescer.ts'
import { WorkerClient, WorkerError } from './worker-client.ts'
import type { LogLevel } from './worker-client.ts'
import type { SpawnWorker } from './worker-port.ts'

export { WorkerError } from './worker-client.ts'
export type { LogLevel } from './worker-client.ts'

export interface ImportServiceOptions {
  dataDir: string
  spawnWorker: SpawnWorker
  /** How long shutdown() waits for the worker to checkpoint and exit before killing it (ms). */
  shutdownTimeoutMs?: number
  /** At most one update per import per this many ms (default 100: ten a second). */
  updateIntervalMs?: number
  /** How long a request may wait for the worker (ms). */
  requestTimeoutMs?: number
  /** How long a new worker may take to open the database and say it is ready (ms). */
  readyTimeoutMs?: number
  /** How often the worker sends a heartbeat (ms; default 1000). */
  heartbeatMs?: number
  /** A worker silent this long is shown as not responding (ms; default 5000). */
  unresponsiveAfterMs?: number
  /** A worker silent this long is killed and started again (ms; default 20000). */
  killUnresponsiveAfterMs?: number
  log?: (level: LogLevel, message: string) => void
  /** Called with each statement run on the service's read connection (a test and benchmark hook). */
  onRead?: (sql: string) => void
  /**
   * Resume imports paused by a full disk or a read-only data folder once there is room, looking
   * every this many ms while such a pause exists (the app); 0 leaves them to the caller (the CLI).
   */
  storageWatchMs?: number
}

export interface StartOptions {
  /** Continue every unfinished, not paused import (what a relaunch does). Default true. */
  resumeUnfinished?: boolean
}

/** What "Clear finished" removes: imports that ended, whichever way. */
const FINISHED_STATUSES: ReadonlySet<ImportStatus> = new Set<ImportStatus>(['completed', 'failed', 'cancelled'])

export class ImportService implements ImportServiceApi {
  private readonly dataDir: string
  private readonly onRead: ((sql: string) => void) | undefined
  private readonly worker: WorkerClient
  private readonly updates: UpdateCoalescer
  private readonly storageWatch: StorageWatch | null
  private reader: Database | null = null
  private readonly workerLostListeners = new Set<(reason: string) => void>()
  /**
   * Which imports the worker may run: all (the app, `cli resume`), or only those started, resumed
   * or retried through this service (`cli import FILE` leaves other interrupted imports where they
   * stopped). The one owner of that choice; every worker is told it (runImports).
   */
  private runnable: Set<number> | 'all' = 'all'
  /** Starts run one at a time, so imports are created (and later run) in the order they were started. */
  private startsDone: Promise<unknown> = Promise.resolve()

  constructor(options: ImportServiceOptions) {
    this.dataDir = options.dataDir
    this.onRead = options.onRead
    const log = (level: LogLevel, message: string) => options.log?.(level, message)
    this.updates = new UpdateCoalescer({
      intervalMs: options.updateIntervalMs ?? 100,
      read: (id) => this.read(id),
      warn: (message) => log('error', message),
    })
    this.worker = new WorkerClient(
      {
        dataDir: options.dataDir,
        spawnWorker: options.spawnWorker,
        shutdownTimeoutMs: options.shutdownTimeoutMs ?? 3000,
        requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
        readyTimeoutMs: options.readyTimeoutMs ?? 20_000,
        heartbeatMs: options.heartbeatMs ?? 1000,
        unresponsiveAfterMs: options.unresponsiveAfterMs ?? 5000,
        killAfterMs: options.killUnresponsiveAfterMs ?? 20_000,
        log,
      },
      {
        onEvent: (event) => this.onEvent(event),
        onSpawned: () => this.continueImports(),
        onExit: () => this.updates.resetRates(),
        onResponsive: (responsive) => this.updates.setWorkerResponsive(responsive),
        onLost: (reason) => {
          for (const listener of this.workerLostListeners) listener(reason)
        },
      },
    )
    const storageWatchMs = options.storageWatchMs ?? STORAGE_WATCH_MS
    this.storageWatch =
      storageWatchMs > 0
        ? new StorageWatch({
            dataDir: options.dataDir,
            intervalMs: storageWatchMs,
            storagePaused: () => (this.reader ? listImportRows(this.reader).filter(resumesByItself) : []),
            resume: (id) => this.resume(id),
            onError: (error) => log('warn', `Could not resume an import paused for its storage: ${(error as Error).message}`),
          })
        : null
  }

  async start(options: StartOptions = {}): Promise<void> {
    this.runnable = options.resumeUnfinished === false ? new Set() : 'all'
    await this.worker.start()
    this.reader ??= openReader(this.dataDir, { onStatement: this.onRead })
    await this.continueImports()
    // Storage pauses left from before (the disk may have room by now).
    this.storageWatch?.poke()
  }

  /** What a new worker is told to run: every unfinished import, or only those asked for here. */
  private async continueImports(): Promise<void> {
    await this.request('runImports', { importIds: this.runnable === 'all' ? 'all' : [...this.runnable] })
    if (this.runnable === 'all') await this.request('resumeUnfinished', {})
  }

  /** Lets the worker run this import too, when it does not run every import anyway. */
  private async allowToRun(importId: number): Promise<void> {
    if (this.runnable === 'all' || this.runnable.has(importId)) return
    this.runnable.add(importId)
    await this.request('runImports', { importIds: [...this.runnable] })
  }

  startImport(filePath: string, reading: ReadingChoice = {}): Promise<StartResult> {
    const started = this.startsDone.then(() => this.createImport(filePath, reading))
    this.startsDone = started.catch(() => {})
    return started
  }

  private async createImport(filePath: string, reading: ReadingChoice): Promise<StartResult> {
    const fileName = basename(filePath) || filePath
    const check = await checkImportableFile(filePath)
    if (!check.ok) return { ok: false, fileName, message: check.message }
    try {
      const { importId } = await this.request('createImport', { filePath: resolve(filePath), reading })
      await this.allowToRun(importId)
      const summary = this.get(importId)
      if (!summary) throw new Error(`Import ${importId} vanished`)
      this.updates.emitNow(importId)
      return { ok: true, import: summary }
    } catch (error) {
      return { ok: false, fileName, message: `${fileName} could not be started: ${(error as Error).message}` }
    }
  }

  list(): ImportSummary[] {
    const rows = listImportRows(this.requireReader())
    return rows.map((row) => toSummary(row, this.updates.live(row.id), waitingFor(row, rows)))
  }

  get(id: number): ImportSummary | null {
    const summary = this.read(id)
    return summary && withLive(summary, this.updates.live(id))
  }

  /** The import as SQLite has it, without the live figures. */
  private read(id: number): ImportSummary | null {
    if (!this.reader) return null
    const row = getImportRow(this.reader, id)
    if (!row) return null
    return toSummary(row, undefined, row.status === 'pending' ? waitingFor(row, listImportRows(this.reader)) : null)
  }

  pause(id: number): Promise<void> {
    return this.request('pause', { importId: id })
  }

  async resume(id: number): Promise<void> {
    await this.allowToRun(id)
    return this.request('resume', { importId: id })
  }

  cancel(id: number): Promise<void> {
    return this.request('cancel', { importId: id })
  }

  async retry(id: number): Promise<void> {
    await this.allowToRun(id)
    return this.request('retry', { importId: id })
  }

  /** Run a needs_mapping import with the columns (and encoding) the person chose. */
  async confirmMapping(id: number, mapping: NonNullable<ReadingChoice['mapping']>, encoding: string | null): Promise<void> {
    await this.allowToRun(id)
    return this.request('confirmMapping', { importId: id, mapping, encoding })
  }

  /** "Import again with other columns or encoding": a new import of the same file with these choices. */
  importAgain(id: number, reading: ReadingChoice): Promise<StartResult> {
    const row = getImportRow(this.requireReader(), id)
    if (!row) return Promise.resolve({ ok: false, fileName: '', message: `There is no import ${id}.` })
    return this.startImport(row.file_path, { waitForMapping: true, ...reading })
  }

  /**
   * The head of an import's file as it would be read with these choices: its columns with a few
   * sample values and the first rows as they would be imported. Nothing more of the file leaves here.
   */
  preview(id: number, reading: ReadingChoice): Promise<ImportPreview> {
    const row = getImportRow(this.requireReader(), id)
    if (!row) return Promise.reject(new Error(`There is no import ${id}.`))
    return previewFile(row.file_path, { choice: reading.mapping, encoding: reading.encoding })

  }

  async remove(id: number): Promise<void> {
    await this.request('removeImports', { importIds: [id] })
    this.forget(id)
  }

  async clearFinished(): Promise<number[]> {
    const ids = listImportRows(this.requireReader())
      .filter((row) => FINISHED_STATUSES.has(row.status))
      .map((row) => row.id)
    if (ids.length === 0) return []
    await this.request('removeImports', { importIds: ids })
    for (const id of ids) this.forget(id)
    return ids
  }

  /** Drops what the service remembers of a removed import. */
  private forget(id: number): void {
    if (this.runnable !== 'all') this.runnable.delete(id)
    this.updates.forget(id)
  }

  errors(id: number, offset: number, limit: number): ErrorPage {
    return errorPage(this.requireReader(), id, offset, limit)
  }

  throughput(id: number): ThroughputPoint[] {
    return throughputHistory(this.requireReader(), id)
  }

  exportErrors(id: number, destination: string): Promise<number> {
    return exportErrorsToFile(this.requireReader(), id, destination)
  }

  onUpdate(listener: (update: ImportSummary) => void): () => void {
    return this.updates.onUpdate(listener)
  }

  /** The worker kept dying and is left down: nothing runs until start() is called again. */
  onWorkerLost(listener: (reason: string) => void): () => void {
    this.workerLostListeners.add(listener)
    return () => this.workerLostListeners.delete(listener)
  }

  /** Ask the worker to checkpoint and exit; kill it when it has not exited after the timeout. */
  async shutdown(timeoutMs?: number): Promise<void> {
    this.storageWatch?.stop()
    await this.worker.shutdown(timeoutMs)
    this.updates.dispose()
    this.reader?.close()
    this.reader = null
  }

  /** The worker's process id, for hosts and tests that supervise it. */
  get workerPid(): number | undefined {
    return this.worker.pid
  }

  private request<M extends WorkerMethod>(method: M, params: WorkerParams<M>): Promise<WorkerResult<M>> {
    return this.worker.request(method, params)
  }

  private onEvent(event: WorkerEvent): void {
    if (event.type === 'progress') {
      this.worker.madeProgress()
      this.updates.progress(event)
    } else {
      this.updates.changed(event.importId)
      if (event.type === 'stopped') this.storageWatch?.poke()
    }
  }

  private requireReader(): Database {
    if (!this.reader) throw new WorkerError('The import service is not started')
    return this.reader
  }
}
