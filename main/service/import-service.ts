// The supervisor of the import worker. No electron import: the same class runs in the Electron
// main process, the CLI and the test hosts, with the worker spawned through `spawnWorker`.
// Reads come from its own read-only connection; every write is a request to the worker.
import type { Database } from 'better-sqlite3'
import { basename, resolve } from 'node:path'
import { openReader } from '../db/open.ts'
import type { ErrorPage, ImportSummary, StartResult, ThroughputPoint } from '../../preload/api.ts'
import type { ProgressEvent, WorkerEvent, WorkerMethod, WorkerParams, WorkerRequest, WorkerResult, WorkerToHost } from '../worker/protocol.ts'
import { checkImportableFile } from './file-check.ts'
import { errorPage, exportErrorsToFile, getImportRow, listImportRows, throughputHistory, toSummary, waitingFor } from './import-queries.ts'
import type { LiveFigures } from './import-queries.ts'
import { RateMeter } from './rate-meter.ts'
import type { ImportServiceApi } from './types.ts'
import type { SpawnWorker, WorkerPort } from './worker-port.ts'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

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
  log?: (level: LogLevel, message: string) => void
  /** Called with each statement run on the service's read connection (a test and benchmark hook). */
  onRead?: (sql: string) => void
}

export interface StartOptions {
  /** Continue every unfinished, not paused import (what a relaunch does). Default true. */
  resumeUnfinished?: boolean
}

interface PendingRequest {
  resolve: (value: unknown) => void
  reject: (error: Error) => void
  timer: NodeJS.Timeout
}

/** A worker that dies this many times in a row without committing any progress is left down. */
const MAX_FRUITLESS_RESTARTS = 10

export class WorkerError extends Error {
  override name = 'WorkerError'
}

export class ImportService implements ImportServiceApi {
  private readonly options: Required<Omit<ImportServiceOptions, 'log' | 'onRead'>> & Pick<ImportServiceOptions, 'log' | 'onRead'>
  private port: WorkerPort | null = null
  private reader: Database | null = null
  private seq = 0
  private readonly pending = new Map<number, PendingRequest>()
  private readonly listeners = new Set<(update: ImportSummary) => void>()
  private readonly rates = new Map<number, RateMeter>()
  private readonly resumedAt = new Map<number, number>()
  private readonly lastEmitAt = new Map<number, number>()
  private readonly lastEmitted = new Map<number, string>()
  private readonly emitTimers = new Map<number, NodeJS.Timeout>()
  private fruitlessRestarts = 0
  private lastRestartError: string | null = null
  private readonly workerLostListeners = new Set<(reason: string) => void>()
  /**
   * Which imports the worker may run: all (the app, `cli resume`), or only those started, resumed
   * or retried through this service (`cli import FILE` leaves other interrupted imports where they
   * stopped). The one owner of that choice; every worker is told it (runImports).
   */
  private runnable: Set<number> | 'all' = 'all'
  /** Starts run one at a time, so imports are created (and later run) in the order they were started. */
  private startsDone: Promise<unknown> = Promise.resolve()
  private stopping = false
  private exited: Promise<void> = Promise.resolve()

  constructor(options: ImportServiceOptions) {
    this.options = {
      shutdownTimeoutMs: 3000,
      updateIntervalMs: 100,
      requestTimeoutMs: 30_000,
      readyTimeoutMs: 20_000,
      ...options,
    }
  }

  async start(options: StartOptions = {}): Promise<void> {
    // Started again after a failure: a worker that came up meanwhile must not be left unsupervised.
    if (this.port) await this.shutdown()
    this.stopping = false
    this.fruitlessRestarts = 0
    this.runnable = options.resumeUnfinished === false ? new Set() : 'all'
    await this.spawn()
    this.reader ??= openReader(this.options.dataDir, { onStatement: this.options.onRead })
    await this.continueImports()
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

  startImport(filePath: string): Promise<StartResult> {
    const started = this.startsDone.then(() => this.createImport(filePath))
    this.startsDone = started.catch(() => {})
    return started
  }

  private async createImport(filePath: string): Promise<StartResult> {
    const fileName = basename(filePath) || filePath
    const check = await checkImportableFile(filePath)
    if (!check.ok) return { ok: false, fileName, message: check.message }
    try {
      const { importId } = await this.request('createImport', { filePath: resolve(filePath) })
      await this.allowToRun(importId)
      const summary = this.get(importId)
      if (!summary) throw new Error(`Import ${importId} vanished`)
      this.emitNow(importId)
      return { ok: true, import: summary }
    } catch (error) {
      return { ok: false, fileName, message: `${fileName} could not be started: ${(error as Error).message}` }
    }
  }

  list(): ImportSummary[] {
    const rows = listImportRows(this.requireReader())
    return rows.map((row) => toSummary(row, this.live(row.id), waitingFor(row, rows)))
  }

  get(id: number): ImportSummary | null {
    const reader = this.requireReader()
    const row = getImportRow(reader, id)
    if (!row) return null
    return toSummary(row, this.live(id), row.status === 'pending' ? waitingFor(row, listImportRows(reader)) : null)
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
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** The worker kept dying and is left down: nothing runs until start() is called again. */
  onWorkerLost(listener: (reason: string) => void): () => void {
    this.workerLostListeners.add(listener)
    return () => this.workerLostListeners.delete(listener)
  }

  /** Ask the worker to checkpoint and exit; kill it when it has not exited after the timeout. */
  async shutdown(timeoutMs = this.options.shutdownTimeoutMs): Promise<void> {
    this.stopping = true
    const port = this.port
    if (port) {
      port.send({ kind: 'shutdown' })
      const timer = setTimeout(() => {
        this.log('warn', `The import worker did not stop within ${timeoutMs} ms; killing it (the last checkpoint is kept).`)
        port.kill()
      }, timeoutMs)
      await this.exited
      clearTimeout(timer)
    }
    for (const timer of this.emitTimers.values()) clearTimeout(timer)
    this.emitTimers.clear()
    this.reader?.close()
    this.reader = null
  }

  /** The worker's process id, for hosts and tests that supervise it. */
  get workerPid(): number | undefined {
    return this.port?.pid
  }

  // ---- worker lifecycle -------------------------------------------------------------------

  private spawn(): Promise<void> {
    const port = this.options.spawnWorker({ dataDir: this.options.dataDir, stallWarningMs: this.options.shutdownTimeoutMs })
    this.port = port
    let markExited: () => void = () => {}
    this.exited = new Promise((resolveExit) => (markExited = resolveExit))
    return new Promise<void>((resolveReady, rejectReady) => {
      let ready = false
      const notReady = (error: WorkerError) => {
        clearTimeout(readyTimer)
        // Gone from here on, so a restart that failed is tried again (its exit comes later).
        if (this.port === port) this.port = null
        rejectReady(error)
        port.kill()
      }
      const readyTimer = setTimeout(
        () => notReady(new WorkerError(`The import worker did not start within ${this.options.readyTimeoutMs / 1000} s`)),
        this.options.readyTimeoutMs,
      )
      port.onMessage((message) => {
        if (message.kind === 'ready') {
          ready = true
          clearTimeout(readyTimer)
          resolveReady()
        } else if (message.kind === 'failed-to-start') {
          notReady(new WorkerError(`The import worker could not start: ${message.error.message}`))
        } else this.receive(message)
      })
      port.onExit((code) => {
        if (this.port === port) this.port = null
        // Rates of a dead worker would freeze; the next one measures afresh.
        for (const meter of this.rates.values()) meter.reset()
        markExited()
        this.failPending(new WorkerError(`The import worker exited (code ${code ?? 'unknown'})`))
        if (!ready) notReady(new WorkerError(`The import worker exited before it was ready (code ${code ?? 'unknown'})`))
        else if (!this.stopping) void this.restart(code)
      })
    })
  }

  /** A crashed worker is replaced; the new one resumes from the last committed checkpoint. */
  private async restart(code: number | null): Promise<void> {
    if (this.fruitlessRestarts >= MAX_FRUITLESS_RESTARTS) {
      const message = `The import worker keeps stopping (code ${code}) without making progress; it was not restarted again.`
      this.log('error', message)
      for (const listener of this.workerLostListeners) listener(this.lastRestartError ?? message)
      return
    }
    this.fruitlessRestarts++
    this.log('warn', `The import worker exited unexpectedly (code ${code}); restarting it.`)
    try {
      await this.spawn()
      await this.continueImports()
    } catch (error) {
      // Shut down while restarting: the new worker was asked to stop, nothing failed.
      if (this.stopping) return
      this.lastRestartError = (error as Error).message
      this.log('error', `Restarting the import worker failed: ${this.lastRestartError}`)
      // A worker that died before it was ready gets another try; one that is up restarts on exit.
      if (!this.stopping && !this.port) setTimeout(() => void this.restart(code), 500).unref()
    }
  }

  private request<M extends WorkerMethod>(method: M, params: WorkerParams<M>): Promise<WorkerResult<M>> {
    const port = this.port
    if (!port) return Promise.reject(new WorkerError('The import worker is not running'))
    const seq = ++this.seq
    return new Promise<WorkerResult<M>>((resolvePromise, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(seq)
        reject(new WorkerError(`The import worker did not answer '${method}' within ${this.options.requestTimeoutMs} ms`))
      }, this.options.requestTimeoutMs)
      this.pending.set(seq, { resolve: resolvePromise as (value: unknown) => void, reject, timer })
      const request: WorkerRequest<M> = { method, params }
      // WorkerRequest<M> is one member of the union; TypeScript cannot see that for a generic M.
      port.send({ kind: 'request', seq, request: request as WorkerRequest })
    })
  }

  private failPending(error: Error): void {
    for (const [seq, pending] of this.pending) {
      clearTimeout(pending.timer)
      pending.reject(error)
      this.pending.delete(seq)
    }
  }

  private receive(message: WorkerToHost): void {
    switch (message.kind) {
      case 'response': {
        const pending = this.pending.get(message.seq)
        if (!pending) return
        this.pending.delete(message.seq)
        clearTimeout(pending.timer)
        if (message.ok) pending.resolve(message.result)
        else {
          const error = new Error(message.error.message)
          error.name = message.error.name
          pending.reject(error)
        }
        return
      }
      case 'event':
        this.onEvent(message.event)
        return
      case 'log':
        this.log(message.level, message.message)
        return
      case 'ready':
      case 'failed-to-start':
        return
    }
  }

  // ---- updates ----------------------------------------------------------------------------

  private onEvent(event: WorkerEvent): void {
    if (event.type === 'progress') {
      this.fruitlessRestarts = 0
      this.record(event)
      this.scheduleEmit(event.importId)
      return
    }
    // A status change (paused, completed, failed…) is shown at once; such changes are rare.
    this.rates.get(event.importId)?.reset()
    this.emitNow(event.importId)
  }

  private record(event: ProgressEvent): void {
    if (event.resumedAtRow !== null && event.resumedAtRow > 0) this.resumedAt.set(event.importId, event.resumedAtRow)
    let meter = this.rates.get(event.importId)
    if (!meter) {
      meter = new RateMeter()
      this.rates.set(event.importId, meter)
    }
    meter.add(event)
  }

  private live(id: number): LiveFigures {
    const meter = this.rates.get(id)
    return {
      resumedAtRow: this.resumedAt.get(id) ?? null,
      rowsPerSecond: meter?.rowsPerSecond() ?? null,
      secondsLeft: meter?.secondsLeft() ?? null,
    }
  }

  private scheduleEmit(id: number): void {
    if (this.emitTimers.has(id)) return
    const since = Date.now() - (this.lastEmitAt.get(id) ?? 0)
    const wait = Math.max(0, this.options.updateIntervalMs - since)
    this.emitTimers.set(
      id,
      setTimeout(() => {
        this.emitTimers.delete(id)
        this.emitNow(id)
      }, wait),
    )
  }

  private emitNow(id: number): void {
    // This update carries everything a scheduled one would: do not send it twice.
    const scheduled = this.emitTimers.get(id)
    if (scheduled) {
      clearTimeout(scheduled)
      this.emitTimers.delete(id)
    }
    if (!this.reader || this.listeners.size === 0) return
    const summary = this.get(id)
    if (!summary) return
    // A scheduled update can read a commit (say, the completion) before its own event arrives.
    const content = JSON.stringify(summary)
    if (this.lastEmitted.get(id) === content) return
    this.lastEmitted.set(id, content)
    this.lastEmitAt.set(id, Date.now())
    for (const listener of this.listeners) {
      try {
        listener(summary)
      } catch (error) {
        this.log('error', `An update listener threw: ${(error as Error).message}`)
      }
    }
  }

  private requireReader(): Database {
    if (!this.reader) throw new WorkerError('The import service is not started')
    return this.reader
  }

  private log(level: LogLevel, message: string): void {
    this.options.log?.(level, message)
  }
}
