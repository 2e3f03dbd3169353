// Throughput and time left of one import, from the committed progress the worker reports.
import type { ProgressEvent } from '../worker/protocol.ts'

/** Rates are measured over this much recent history (ms). */
const WINDOW_MS = 4000
/** Below this span a rate would be noise (ms). */
const MIN_SPAN_MS = 250
/** Commits come about every 100 ms; none for this long means the import is stalled (ms). */
const STALL_MS = 1000

export class RateMeter {
  private samples: ProgressEvent[] = []

  add(event: ProgressEvent): void {
    const last = this.samples[this.samples.length - 1]
    // A new phase (checking → importing) counts different rows: start over.
    if (last && last.status !== event.status) this.samples = []
    this.samples.push(event)
    while (this.samples.length > 2 && event.at - this.samples[0].at > WINDOW_MS) this.samples.shift()
  }

  reset(): void {
    this.samples = []
  }

  /** Rows checked per second while validating, rows imported per second while processing. */
  rowsPerSecond(now = Date.now()): number | null {
    const span = this.span(now)
    if (!span) return null
    const { first, last, seconds } = span
    return Math.max(0, (rowsOf(last) - rowsOf(first)) / seconds)
  }

  /** Seconds until the whole import is done (both steps), from the current step's rate. */
  secondsLeft(now = Date.now()): number | null {
    const span = this.span(now)
    if (!span) return null
    const { first, last, seconds } = span
    if (last.status === 'processing' && last.totalRows !== null) {
      const rate = (last.processedCount - first.processedCount) / seconds
      // Rejected rows were all counted while checking: only the valid ones are left to import.
      const left = last.totalRows - last.errorCount - last.processedCount
      return rate > 0 ? Math.max(0, left / rate) : null
    }
    // Time left for the whole job: the rest of the file to check, then the importing step, which
    // takes about as long as checking the whole file (each is about half the work).
    const byteRate = (last.bytesRead - first.bytesRead) / seconds
    return byteRate > 0 ? Math.max(0, (2 * last.fileSize - last.bytesRead) / byteRate) : null
  }

  /** The measured stretch; while no commit comes it reaches to now, so a stall shows as a falling rate. */
  private span(now: number): { first: ProgressEvent; last: ProgressEvent; seconds: number } | null {
    if (this.samples.length < 2) return null
    const first = this.samples[0]
    const last = this.samples[this.samples.length - 1]
    const end = now - last.at > STALL_MS ? now : last.at
    const ms = end - first.at
    return ms < MIN_SPAN_MS ? null : { first, last, seconds: ms / 1000 }
  }
}

function rowsOf(event: ProgressEvent): number {
  return event.status === 'processing' ? event.processedCount : event.rowsRead
}
