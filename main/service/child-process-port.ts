// The WorkerPort over Node's child_process.fork: used by the CLI and the test hosts.
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { HostToWorker, WorkerToHost } from '../worker/protocol.ts'
import { workerArgs } from './worker-port.ts'
import type { SpawnWorkerOptions, WorkerPort } from './worker-port.ts'

/** The worker entry, run from source: the engine and the worker are erasable TypeScript. */
export const WORKER_ENTRY = fileURLToPath(new URL('../worker/index.ts', import.meta.url))

/**
 * Semi-spaces of 2 MB, for the worker and (the flag is process-wide) its reader thread: V8's
 * default young generation grows to ~100 MB while rows are made faster than they die, and a
 * 5M-row import peaked at 300 MB RSS; with these flags 200 MB, 10% faster (docs/performance.md).
 */
export const WORKER_HEAP_FLAGS = ['--max-semi-space-size=2']

export function forkWorker(options: SpawnWorkerOptions & { entry?: string; env?: NodeJS.ProcessEnv }): WorkerPort {
  const child = fork(options.entry ?? WORKER_ENTRY, workerArgs(options), {
    env: options.env ?? process.env,
    execArgv: [...process.execArgv, ...WORKER_HEAP_FLAGS],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  })
  let exited = false
  const exitListeners: Array<(code: number | null) => void> = []
  const finish = (code: number | null) => {
    if (exited) return
    exited = true
    for (const listener of exitListeners) listener(code)
  }
  child.on('exit', (code, signal) => finish(code ?? (signal ? 128 : null)))
  // A process that never started reports only 'error'; a failed send to one that just died also
  // lands here, and its exit follows.
  child.on('error', () => {
    if (child.pid === undefined) finish(null)
  })
  return {
    get pid() {
      return child.pid
    },
    send(message: HostToWorker) {
      if (child.connected) child.send(message, undefined, {}, () => {})
    },
    onMessage(listener: (message: WorkerToHost) => void) {
      child.on('message', (message) => listener(message as WorkerToHost))
    },
    onExit(listener) {
      exitListeners.push(listener)
    },
    kill() {
      if (!exited) child.kill('SIGKILL')
    },
  }
}
