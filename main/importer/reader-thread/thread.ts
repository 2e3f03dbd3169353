// Runs in a worker thread of the import worker: reads the file from the job's cursor, runs the
// record reader and posts each chunk's outcomes as one batch, only as far as the job's credits go.
import type { FileHandle } from 'node:fs/promises'
import { parentPort, workerData } from 'node:worker_threads'
import { createRecordReader } from '../csv/reader.ts'
import type { RecordOutcome } from '../csv/types.ts'
import { openRegularFile } from '../file-identity.ts'
import { serializeReaderError } from './protocol.ts'
import type { ParsedBatch, ReaderCredit, ReaderMessage, ReaderStart, RejectedRow } from './protocol.ts'

const port = parentPort
if (port === null) throw new Error('The reader thread must be started as a worker thread')
const start = workerData as ReaderStart

const now = (): bigint => (start.timed ? process.hrtime.bigint() : 0n)

let credits = 0
let granted: (() => void) | null = null
port.on('message', (message: ReaderCredit) => {
  credits += message.batches
  granted?.()
  granted = null
})

function post(message: ReaderMessage, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(message, transfer)
}

async function creditForOneMore(): Promise<void> {
  if (credits === 0) {
    post({ kind: 'out-of-credit' })
    await new Promise<void>((resolve) => (granted = resolve))
  }
  credits--
}

/** What the job needs besides the outcomes themselves. */
type BatchEnd = Pick<ParsedBatch, 'position' | 'fileOffset' | 'atEnd' | 'readNs'>

function batchOf(outcomes: RecordOutcome[], end: BatchEnd, parseStarted: bigint): ParsedBatch {
  let contacts = 0
  for (const outcome of outcomes) if (outcome.kind === 'contact') contacts++
  const contactRows = new Float64Array(contacts)
  const fieldEnds = new Uint32Array(contacts * 3)
  const fields: string[] = []
  const rejected: RejectedRow[] = []
  let textEnd = 0
  for (const outcome of outcomes) {
    if (outcome.kind === 'contact') {
      const i = fields.length / 3
      contactRows[i] = outcome.row
      fields.push(outcome.email, outcome.firstName, outcome.lastName)
      fieldEnds[3 * i] = textEnd += outcome.email.length
      fieldEnds[3 * i + 1] = textEnd += outcome.firstName.length
      fieldEnds[3 * i + 2] = textEnd += outcome.lastName.length
    } else {
      const { row, line, code, email, message } = outcome
      rejected.push({ row, line, code, email, message })
    }
  }
  const text = fields.join('')
  return { kind: 'batch', contactRows, text, fieldEnds, rejected, ...end, parseNs: Number(now() - parseStarted) }
}

async function run(): Promise<void> {
  let handle: FileHandle
  try {
    handle = await openRegularFile(start.filePath)
  } catch (error: unknown) {
    post({ kind: 'failed', during: 'open', error: serializeReaderError(error) })
    return
  }
  post({ kind: 'opened' })
  try {
    const reader = createRecordReader(start.layout, start.start)
    const buffer = Buffer.allocUnsafe(start.chunkBytes)
    let fileOffset = start.start.offset
    for (;;) {
      await creditForOneMore()
      const t0 = now()
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, fileOffset)
      const t1 = now()
      const atEnd = bytesRead === 0
      fileOffset += bytesRead
      const outcomes = atEnd ? reader.end() : reader.push(buffer.subarray(0, bytesRead))
      const batch = batchOf(outcomes, { position: reader.position, fileOffset, atEnd, readNs: Number(t1 - t0) }, t1)
      post(batch, [batch.contactRows.buffer as ArrayBuffer, batch.fieldEnds.buffer as ArrayBuffer])
      if (atEnd) break
    }
  } catch (error: unknown) {
    post({ kind: 'failed', during: 'read', error: serializeReaderError(error) })
  } finally {
    await handle.close()
  }
}

// Once nothing more will be read, credits no longer matter: the thread ends when its last message is out.
void run().finally(() => port.unref())
