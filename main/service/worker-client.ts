// The host's side of the worker protocol: spawns the import worker, sends it typed requests, hands
// its events on, notices when it stops answering, and restarts it when it dies. No electron import.
import type { WorkerEvent, WorkerMethod, WorkerParams, WorkerRequest, WorkerResult, WorkerToHost } from '../worker/protocol.ts'
import type { SpawnWorker, WorkerPort } from './worker-port.ts'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

export interface WorkerClientOptions {
  dataDir: string
  spawnWorker: SpawnWorker
  /** How long shutdown() waits for the worker to checkpoint and exit before killing it (ms). */
  shutdownTimeoutMs: number
  /** How long a request may wait for the worker (ms). */
  requestTimeoutMs: number
  /** How long a new worker may take to open the database and say it is ready (ms). */
  readyTimeoutMs: number
  /** How often the worker sends a heartbeat, and the host looks for one (ms). */
  heartbeatMs: number
  /** Silent this long, the worker is reported not responding (ms). */
  unresponsiveAfterMs: number
  /** Silent this long, the worker is killed and started again; it resumes from its last commit (ms). */
  killAfterMs: number
  log: (level: LogLevel, message: string) => void
}

export interface WorkerClientHooks {
  onEvent(event: WorkerEvent): void
  /** A new worker is ready (also after a restart): tell it what to run. */
  onSpawned(): Promise<void>
  /** The worker is gone; a new one may follow. */
  onExit(): void
  /** The worker stopped answering (true) or answers again (false). */
  onResponsive(responsive: boolean): void
  /** The worker kept dying without progress and is left down. */
  onLost(reason: string): void
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

export class WorkerClient {
  private readonly options: WorkerClientOptions
  private readonly hooks: WorkerClientHooks
  private port: WorkerPort | null = null
  private seq = 0
  private readonly pending = new Map<number, PendingRequest>()
  private fruitlessRestarts = 0
  private lastRestartError: string | null = null
  private stopping = false
  private exited: Promise<void> = Promise.resolve()
  private heardAt = 0
  private responsive = true
  private monitor: NodeJS.Timeout | null = null

  constructor(options: WorkerClientOptions, hooks: WorkerClientHooks) {
    this.options = options
    this.hooks = hooks
  }

  /** The worker's process id, for hosts and tests that supervise it. */
  get pid(): number | undefined {
    return this.port?.pid
  }

  get running(): boolean {
    return this.port !== null
  }

  async start(): Promise<void> {
    // Started again after a failure: a worker that came up meanwhile must not be left unsupervised.
    if (this.port) await this.shutdown()
    this.stopping = false
    this.fruitlessRestarts = 0
    await this.spawn()
  }

  /** The worker committed progress: it is not failing over and over. */
  madeProgress(): void {
    this.fruitlessRestarts = 0
  }

  request<M extends WorkerMethod>(method: M, params: WorkerParams<M>): Promise<WorkerResult<M>> {
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

  /** Ask the worker to checkpoint and exit; kill it when it has not exited after the timeout. */
  async shutdown(timeoutMs = this.options.shutdownTimeoutMs): Promise<void> {
    this.stopping = true
    this.stopMonitor()
    const port = this.port
    if (!port) return
    port.send({ kind: 'shutdown' })
    const timer = setTimeout(() => {
      this.options.log('warn', `The import worker did not stop within ${timeoutMs} ms; killing it (the last checkpoint is kept).`)
      port.kill()
    }, timeoutMs)
    await this.exited
    clearTimeout(timer)
  }

  private spawn(): Promise<void> {
    const { dataDir, shutdownTimeoutMs, heartbeatMs, readyTimeoutMs } = this.options
    const port = this.options.spawnWorker({ dataDir, stallWarningMs: shutdownTimeoutMs, heartbeatMs })
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
        () => notReady(new WorkerError(`The import worker did not start within ${readyTimeoutMs / 1000} s`)),
        readyTimeoutMs,
      )
      port.onMessage((message) => {
        if (this.port === port) this.heard()
        if (message.kind === 'ready') {
          ready = true
          clearTimeout(readyTimer)
          this.startMonitor(port)
          resolveReady()
        } else if (message.kind === 'failed-to-start') {
          notReady(new WorkerError(`The import worker could not start: ${message.error.message}`))
        } else this.receive(message)
      })
      port.onExit((code) => {
        if (this.port === port) {
          this.port = null
          this.stopMonitor()
        }
        markExited()
        this.hooks.onExit()
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
      this.options.log('error', message)
      this.hooks.onLost(this.lastRestartError ?? message)
      return
    }
    this.fruitlessRestarts++
    this.options.log('warn', `The import worker exited unexpectedly (code ${code}); restarting it.`)
    try {
      await this.spawn()
      await this.hooks.onSpawned()
    } catch (error) {
      // Shut down while restarting: the new worker was asked to stop, nothing failed.
      if (this.stopping) return
      this.lastRestartError = (error as Error).message
      this.options.log('error', `Restarting the import worker failed: ${this.lastRestartError}`)
      // A worker that died before it was ready gets another try; one that is up restarts on exit.
      if (!this.stopping && !this.port) setTimeout(() => void this.restart(code), 500).unref()
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
        else pending.reject(Object.assign(new Error(message.error.message), { name: message.error.name }))
        return
      }
      case 'event':
        this.hooks.onEvent(message.event)
        return
      case 'log':
        this.options.log(message.level, message.message)
        return
      case 'heartbeat':
      case 'ready':
      case 'failed-to-start':
        return
    }
  }

  private failPending(error: Error): void {
    for (const [seq, pending] of this.pending) {
      clearTimeout(pending.timer)
      pending.reject(error)
      this.pending.delete(seq)
    }
  }

  // ---- heartbeat ------------------------------------------------------------------------------

  /** Any message is a sign of life: heartbeats, progress, responses. */
  private heard(): void {
    this.heardAt = Date.now()
    if (this.responsive) return
    this.responsive = true
    this.options.log('info', 'The import worker answers again.')
    this.hooks.onResponsive(true)
  }

  /**
   * Looks for the worker's heartbeat. Silent for unresponsiveAfterMs it is reported; for
   * killAfterMs it is killed (SIGKILL ends a stopped process too) and onExit restarts it.
   */
  private startMonitor(port: WorkerPort): void {
    this.stopMonitor()
    const { heartbeatMs, unresponsiveAfterMs, killAfterMs } = this.options
    this.heardAt = Date.now()
    let lookedAt = Date.now()
    this.monitor = setInterval(() => {
      const now = Date.now()
      // This process did not run meanwhile (a suspended laptop, a stopped host): the worker's
      // silence means nothing, so its clock starts again.
      if (now - lookedAt > 3 * heartbeatMs) this.heardAt = now
      lookedAt = now
      const silent = now - this.heardAt
      if (silent >= killAfterMs) {
        this.options.log('error', `The import worker has not answered for ${Math.round(silent / 1000)} s; killing it and starting it again.`)
        this.stopMonitor()
        port.kill()
      } else if (silent >= unresponsiveAfterMs && this.responsive) {
        this.responsive = false
        this.options.log('warn', `The import worker has not answered for ${Math.round(silent / 1000)} s.`)
        this.hooks.onResponsive(false)
      }
    }, heartbeatMs)
    this.monitor.unref()
  }

  private stopMonitor(): void {
    if (this.monitor) clearInterval(this.monitor)
    this.monitor = null
    if (!this.responsive) {
      this.responsive = true
      this.hooks.onResponsive(true)
    }
  }
}
