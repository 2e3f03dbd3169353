// The transport between a host (Electron main, the CLI, tests) and the import worker.
// Two adapters implement it: Electron's utilityProcess (main/utility-port.ts) and
// Node's child_process.fork (main/service/child-process-port.ts).
import type { HostToWorker, WorkerToHost } from '../worker/protocol.ts'

export interface WorkerPort {
  readonly pid: number | undefined
  send(message: HostToWorker): void
  onMessage(listener: (message: WorkerToHost) => void): void
  /** Called once when the process is gone, however it ended. */
  onExit(listener: (code: number | null) => void): void
  /** Ends the process at once (SIGKILL on POSIX: a stopped process too); the last commit is kept. */
  kill(): void
}

export interface SpawnWorkerOptions {
  dataDir: string
  /** The worker warns when a step runs longer than this without a checkpoint (the shutdown timeout). */
  stallWarningMs?: number
  /** How often the worker sends a heartbeat (ms). */
  heartbeatMs?: number
}

/** The worker's command line, the same for every transport. */
export function workerArgs(options: SpawnWorkerOptions): string[] {
  const args = ['--data-dir', options.dataDir]
  if (options.stallWarningMs !== undefined) args.push('--stall-warning-ms', String(options.stallWarningMs))
  if (options.heartbeatMs !== undefined) args.push('--heartbeat-ms', String(options.heartbeatMs))
  return args
}

export type SpawnWorker = (options: SpawnWorkerOptions) => WorkerPort
