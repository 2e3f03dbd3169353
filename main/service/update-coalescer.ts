// Turns the worker's events into the updates the window and the CLI get: at most one per import
// per interval, each with rates and time left from committed progress. Progress events carry the
// committed counts, so an update reads SQLite only when an import's status changed.
import type { ImportSummary } from '../../preload/api.ts'
import type { ProgressEvent } from '../worker/protocol.ts'
import { withLive } from './import-queries.ts'
import type { LiveFigures } from './import-queries.ts'
import { RateMeter } from './rate-meter.ts'

export interface UpdateCoalescerOptions {
  /** At most one update per import per this many ms. */
  intervalMs: number
  /** The import as SQLite has it (without live figures); null when it does not exist. */
  read(id: number): ImportSummary | null
  /** Where a listener's exception is reported. */
  warn(message: string): void
}

export class UpdateCoalescer {
  private readonly options: UpdateCoalescerOptions
  private readonly listeners = new Set<(update: ImportSummary) => void>()
  private readonly rates = new Map<number, RateMeter>()
  private readonly resumedAt = new Map<number, number>()
  /** Each import as last read, with the counts of later progress events of the same status. */
  private readonly known = new Map<number, ImportSummary>()
  private readonly lastEmitAt = new Map<number, number>()
  private readonly lastEmitted = new Map<number, string>()
  private readonly timers = new Map<number, NodeJS.Timeout>()
  private workerResponsive = true

  constructor(options: UpdateCoalescerOptions) {
    this.options = options
  }

  onUpdate(listener: (update: ImportSummary) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** What the service adds to a row read from SQLite. */
  live(id: number): LiveFigures {
    const meter = this.rates.get(id)
    return {
      resumedAtRow: this.resumedAt.get(id) ?? null,
      rowsPerSecond: meter?.rowsPerSecond() ?? null,
      secondsLeft: meter?.secondsLeft() ?? null,
      // Only imports this service's worker was running: another process's import is not its silence.
      unresponsive: !this.workerResponsive && meter !== undefined,
    }
  }

  /** Committed progress: shown within the interval, from the event's own counts. */
  progress(event: ProgressEvent): void {
    const id = event.importId
    if (event.resumedAtRow !== null && event.resumedAtRow > 0) this.resumedAt.set(id, event.resumedAtRow)
    let meter = this.rates.get(id)
    if (!meter) {
      meter = new RateMeter()
      this.rates.set(id, meter)
    }
    meter.add(event)
    const known = this.known.get(id)
    if (known && known.status === event.status) {
      const { rowsRead, processedCount, createdCount, updatedCount, errorCount, bytesRead, fileSize, totalRows } = event
      this.known.set(id, { ...known, rowsRead, processedCount, createdCount, updatedCount, errorCount, bytesRead, fileSize, totalRows })
    } else {
      // A new status (the import started, or moved on to importing) brings more than counts.
      this.known.delete(id)
    }
    this.schedule(id)
  }

  /** A status change (paused, completed, failed…): read and shown at once; such changes are rare. */
  changed(id: number): void {
    this.rates.get(id)?.reset()
    this.known.delete(id)
    this.emitNow(id)
  }

  /** The worker is gone: rates of a dead worker would freeze; the next one measures afresh. */
  resetRates(): void {
    for (const meter of this.rates.values()) meter.reset()
  }

  /** The worker stopped answering or answers again: its running imports say so. */
  setWorkerResponsive(responsive: boolean): void {
    if (this.workerResponsive === responsive) return
    this.workerResponsive = responsive
    for (const id of this.rates.keys()) this.emitNow(id)
  }

  emitNow(id: number): void {
    // This update carries everything a scheduled one would: do not send it twice.
    const scheduled = this.timers.get(id)
    if (scheduled) {
      clearTimeout(scheduled)
      this.timers.delete(id)
    }
    if (this.listeners.size === 0) return
    let known = this.known.get(id)
    if (!known) {
      const read = this.options.read(id)
      if (!read) return
      this.known.set(id, read)
      known = read
    }
    const summary = withLive(known, this.live(id))
    const content = JSON.stringify(summary)
    if (this.lastEmitted.get(id) === content) return
    this.lastEmitted.set(id, content)
    this.lastEmitAt.set(id, Date.now())
    for (const listener of this.listeners) {
      try {
        listener(summary)
      } catch (error) {
        this.options.warn(`An update listener threw: ${(error as Error).message}`)
      }
    }
  }

  /** Drops the updates still scheduled. */
  /** A removed import: its rates, its last update and any update still scheduled go. */
  forget(id: number): void {
    const timer = this.timers.get(id)
    if (timer) clearTimeout(timer)
    this.timers.delete(id)
    this.rates.delete(id)
    this.resumedAt.delete(id)
    this.known.delete(id)
    this.lastEmitAt.delete(id)
    this.lastEmitted.delete(id)
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer)
    this.timers.clear()
  }

  private schedule(id: number): void {
    if (this.timers.has(id)) return
    const wait = Math.max(0, this.options.intervalMs - (Date.now() - (this.lastEmitAt.get(id) ?? 0)))
    this.timers.set(
      id,
      setTimeout(() => {
        this.timers.delete(id)
        this.emitNow(id)
      }, wait),
    )
  }
}
