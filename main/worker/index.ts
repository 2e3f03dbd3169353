// Entry of the import worker process: an Electron utility process (messages on
// process.parentPort) or a Node child process (process.send), chosen at start.
import { builtReaderThread } from '../importer/reader-thread/built-path.ts'
import { useBuiltReaderThread } from '../importer/reader-thread/reader-thread.ts'
import { limitOldGenerationGrowth } from './heap-growth.ts'
import { ImportWorker } from './import-worker.ts'
import type { WorkerTransport } from './import-worker.ts'
import { serializeError } from './protocol.ts'
import type { HostToWorker, WorkerToHost } from './protocol.ts'

/** The part of Electron's utility-process parentPort the worker uses. */
interface ParentPortLike {
  postMessage(message: unknown): void
  on(event: 'message', listener: (event: { data: unknown }) => void): void
}

function electronTransport(parentPort: ParentPortLike): WorkerTransport {
  return {
    send: (message: WorkerToHost) => parentPort.postMessage(message),
    onMessage: (listener) => parentPort.on('message', (event) => listener(event.data as HostToWorker)),
    // Electron ends utility processes with the app; nothing to watch here.
    onDisconnect: () => {},
    exit: (code) => process.exit(code),
  }
}

function childProcessTransport(): WorkerTransport {
  const send = process.send?.bind(process)
  if (!send) throw new Error('The import worker must be started by a host (utilityProcess.fork or child_process.fork)')
  return {
    send: (message: WorkerToHost) => {
      // A host killed a moment ago is still "connected"; the write then fails (EPIPE). The
      // disconnect that follows shuts the worker down at a checkpoint, so the error is dropped.
      if (process.connected) send(message, undefined, {}, () => {})
    },
    onMessage: (listener) => process.on('message', (message) => listener(message as HostToWorker)),
    onDisconnect: (listener) => process.on('disconnect', listener),
    exit: (code) => process.exit(code),
  }
}

function flag(argv: readonly string[], name: string): string | undefined {
  const at = argv.indexOf(name)
  return at >= 0 ? argv[at + 1] : undefined
}

function dataDirFromArgs(argv: readonly string[]): string {
  const dir = flag(argv, '--data-dir') ?? process.env.IMPORTER_DATA_DIR
  if (!dir) throw new Error('The import worker needs --data-dir DIR')
  return dir
}

limitOldGenerationGrowth()

// Bundled (out/main/worker.js), the reader thread's script is a bundle beside this one; from source
// the job finds thread.ts itself.
if (!import.meta.url.endsWith('.ts')) useBuiltReaderThread(builtReaderThread(import.meta.dirname))

const parentPort = (process as NodeJS.Process & { parentPort?: ParentPortLike }).parentPort
const transport = parentPort ? electronTransport(parentPort) : childProcessTransport()
const stallWarningMs = Number(flag(process.argv, '--stall-warning-ms')) || undefined
const heartbeatMs = Number(flag(process.argv, '--heartbeat-ms')) || undefined
const worker = new ImportWorker(transport, { dataDir: dataDirFromArgs(process.argv), stallWarningMs, heartbeatMs })
// The host decides when to stop: a terminal's Ctrl-C reaches the whole process group, worker too.
process.on('SIGINT', () => {})
process.on('SIGTERM', () => void worker.shutdown())
try {
  worker.start()
} catch (error) {
  transport.send({ kind: 'failed-to-start', error: serializeError(error) })
  // The host ends this process once it has the reason; this is in case it never does.
  setTimeout(() => transport.exit(1), 2000)
}
