// Runs in the import worker: the job's side of the reader thread. It starts the thread, grants it
// credits so that at most BATCHES_AHEAD parsed batches wait beyond the one being staged, and hands
// the batches (and the thread's errors, rebuilt) to the job in file order.
import { Worker } from 'node:worker_threads'
import { deserializeReaderError } from './protocol.ts'
import type { ParsedBatch, ReaderCredit, ReaderMessage, ReaderStart } from './protocol.ts'

/**
 * Batches the thread may read and parse ahead of the job. Two keep it busy while the job stages
 * one; more would only hold memory, and rows a pause throws away.
 */
export const BATCHES_AHEAD = 2

/**
 * The thread's heap. Left to V8's defaults it grew to 100–150 MB of parse garbage at 1M rows
 * (peak RSS of the process 290–430 MB, against 202 MB parsing in the job's thread); with these it
 * stays near 30 MB. A batch holds at most one 512 KiB chunk's outcomes (under 20 MB even for a
 * chunk of the shortest rows) and a record at most 1 MiB, so 64 MB leaves room to spare. A V8 flag
 * given to the process (--max-semi-space-size) overrides the young-generation limit here.
 */
const READER_HEAP_LIMITS = { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 64 }

/** A built host (the bundled worker) names where its bundle put the thread's script. */
let builtScript: string | null = null

export function useBuiltReaderThread(scriptPath: string): void {
  builtScript = scriptPath
}

/** Run from source (the CLI, tests), the script is the .ts file beside this one. */
function threadScript(): string | URL {
  if (builtScript !== null) return builtScript
  if (import.meta.url.endsWith('.ts')) return new URL('./thread.ts', import.meta.url)
  throw new Error('The reader thread script is not known: the built worker must call useBuiltReaderThread()')
}

/** One item of the queue the job takes from: a batch, or the error that ends the reading. */
type Arrival = { batch: ParsedBatch } | { error: Error }

export class ReaderThread {
  readonly #worker: Worker
  readonly #arrived: Arrival[] = []
  #waiting: ((arrival: Arrival) => void) | null = null
  /** The last batch has arrived, or close() was called: the thread's end is no longer news. */
  #finished = false
  /** Settles when the thread has opened the file; rejects with the error opening it gave. */
  readonly opened: Promise<void>

  constructor(start: ReaderStart) {
    this.#worker = new Worker(threadScript(), { workerData: start, resourceLimits: READER_HEAP_LIMITS })
    let openedOk: () => void = () => {}
    let openFailed: (error: Error) => void = () => {}
    this.opened = new Promise<void>((resolve, reject) => {
      openedOk = resolve
      openFailed = reject
    })
    // Awaited by the job before anything else; this only keeps an early close from leaving it unhandled.
    this.opened.catch(() => {})
    this.#worker.on('message', (message: ReaderMessage) => {
      switch (message.kind) {
        case 'opened':
          openedOk()
          break
        case 'batch':
          this.#arrive({ batch: message })
          if (message.atEnd) this.#finished = true
          break
        case 'out-of-credit':
          break
        case 'failed': {
          const error = deserializeReaderError(message.error)
          if (message.during === 'open') openFailed(error)
          this.#arrive({ error })
          break
        }
      }
    })
    this.#worker.on('error', (error: Error) => {
      openFailed(error)
      this.#arrive({ error })
    })
    this.#worker.on('exit', (code) => {
      const error = new Error(`The reader thread ended before the end of the file (exit code ${code})`)
      openFailed(error)
      this.#arrive({ error })
    })
    this.#grant(BATCHES_AHEAD)
  }

  /** The next batch in file order; each call lets the thread read one more ahead. Throws what the thread threw. */
  async next(): Promise<ParsedBatch> {
    const arrival = this.#arrived.shift() ?? (await new Promise<Arrival>((resolve) => (this.#waiting = resolve)))
    if ('error' in arrival) {
      this.#arrived.unshift(arrival)
      throw arrival.error
    }
    if (!arrival.batch.atEnd) this.#grant(1)
    return arrival.batch
  }

  /** Stops the thread (it may be mid-read; its file is closed with it) and waits until it has ended. */
  async close(): Promise<void> {
    this.#finished = true
    await this.#worker.terminate()
  }

  #grant(batches: number): void {
    const credit: ReaderCredit = { kind: 'credit', batches }
    this.#worker.postMessage(credit)
  }

  #arrive(arrival: Arrival): void {
    if (this.#finished && 'error' in arrival) return
    const waiting = this.#waiting
    this.#waiting = null
    if (waiting) waiting(arrival)
    else this.#arrived.push(arrival)
  }
}
