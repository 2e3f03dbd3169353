// Runs in a worker thread of the import worker: reads the file from the job's cursor, runs the
// record reader and posts each chunk's outcomes as one batch, only as far as the job's credits go.
import type { FileHandle } from 'node:fs/promises'
import { parentPort, workerData } from 'node:worker_threads'
import { openRegularFile } from '../file-identity.ts'
import { BatchReader } from './batch-reader.ts'
import { serializeReaderError } from './protocol.ts'
import type { ReaderCredit, ReaderMessage, ReaderStart } from './protocol.ts'

const port = parentPort
if (port === null) throw new Error('The reader thread must be started as a worker thread')
const start = workerData as ReaderStart

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
    const reader = new BatchReader(handle, start)
    for (;;) {
      await creditForOneMore()
      const batch = await reader.next()
      post(batch, [batch.contactRows.buffer as ArrayBuffer, batch.fieldEnds.buffer as ArrayBuffer])
      if (batch.atEnd) break
    }
  } catch (error: unknown) {
    post({ kind: 'failed', during: 'read', error: serializeReaderError(error) })
  } finally {
    await handle.close()
  }
}

// Once nothing more will be read, credits no longer matter: the thread ends when its last message is out.
void run().finally(() => port.unref())
