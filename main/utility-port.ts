// Runs in the Electron main process: the WorkerPort over Electron's utilityProcess. The worker is
// the built out/main/worker.js beside the built main (electron.vite.config.ts makes both inputs).
import { utilityProcess } from 'electron'
import type { ForkOptions, UtilityProcess } from 'electron'
import { createInterface } from 'node:readline'
import { PRODUCT_NAME } from './app-identity.ts'
import { builtPaths } from './built-paths.ts'
import { DATA_DIR_ENV } from './data-dir.ts'
import { workerArgs } from './service/worker-port.ts'
import type { SpawnWorkerOptions, WorkerPort } from './service/worker-port.ts'
import type { HostToWorker, WorkerToHost } from './worker/protocol.ts'

export const WORKER_SERVICE_NAME = `${PRODUCT_NAME} worker`

export interface UtilityPortDeps {
  fork: (modulePath: string, args?: string[], options?: ForkOptions) => UtilityProcess
  /** Folder of the built main bundle (import.meta.dirname of out/main/index.js). */
  bundleDir: string
  /** Receives the worker's stdout/stderr, line by line. */
  log: (stream: 'stdout' | 'stderr', line: string) => void
  env: NodeJS.ProcessEnv
}

function defaultDeps(): UtilityPortDeps {
  return {
    fork: (modulePath, args, options) => utilityProcess.fork(modulePath, args, options),
    bundleDir: import.meta.dirname,
    log: (stream, line) => (stream === 'stderr' ? console.error : console.log)(`[worker] ${line}`),
    env: process.env,
  }
}

/**
 * Forks the import worker in an Electron utility process. The data dir travels both as
 * `--data-dir DIR` and as $IMPORTER_DATA_DIR, so the worker entry can read either.
 */
export function utilityPort(options: SpawnWorkerOptions, overrides: Partial<UtilityPortDeps> = {}): WorkerPort {
  const deps = { ...defaultDeps(), ...overrides }
  const child = deps.fork(builtPaths(deps.bundleDir).worker, workerArgs(options), {
    serviceName: WORKER_SERVICE_NAME,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...deps.env, [DATA_DIR_ENV]: options.dataDir },
  })

  for (const stream of ['stdout', 'stderr'] as const) {
    const readable = child[stream]
    if (readable === null) continue
    createInterface({ input: readable, crlfDelay: Infinity }).on('line', (line) => deps.log(stream, line))
  }

  let exited = false
  let exitCode: number | null = null
  const exitListeners: Array<(code: number | null) => void> = []
  const finish = (code: number | null) => {
    if (exited) return
    exited = true
    exitCode = code
    for (const listener of exitListeners.splice(0)) listener(code)
  }
  child.once('exit', (code) => finish(code))
  child.on('error', (type, location) => deps.log('stderr', `${type} at ${location}`))

  return {
    get pid() {
      return exited ? undefined : child.pid
    },
    send(message: HostToWorker) {
      // A message for a worker that is gone is dropped; the service learns of the exit from onExit.
      if (!exited) child.postMessage(message)
    },
    onMessage(listener: (message: WorkerToHost) => void) {
      child.on('message', (message: WorkerToHost) => listener(message))
    },
    onExit(listener: (code: number | null) => void) {
      if (exited) queueMicrotask(() => listener(exitCode))
      else exitListeners.push(listener)
    },
    kill() {
      if (exited) return
      // utilityProcess.kill() sends SIGTERM, which a stopped process never handles: SIGKILL ends it too.
      if (child.pid === undefined || process.platform === 'win32') child.kill()
      else {
        try {
          process.kill(child.pid, 'SIGKILL')
        } catch {
          // Already gone (ESRCH): its exit event is on its way.
        }
      }
    },
  }
}
