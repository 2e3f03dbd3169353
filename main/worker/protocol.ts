// The main ↔ worker wire protocol: a sequence-numbered envelope over typed requests, responses,
// events and forwarded logs. Both ends import only these types; the transport is a WorkerPort.

export interface SerializedError {
  name: string
  message: string
  stack?: string
}

/**
 * What the worker answers the host: method → (params) => result. The one source of the request
 * envelope, the service's request() and the worker's handlers (a handler that drifts from it does
 * not compile).
 */
/** How an import reads its file when the person chose something (CSV-RULES mapping and encoding). */
export interface ReadingChoice {
  /** Field (email, first_name, last_name, name) → column header as written. */
  mapping?: Partial<Record<'email' | 'first_name' | 'last_name' | 'name', string>>
  /** WHATWG encoding name. */
  encoding?: string
  /** Missing columns make the import wait as needs_mapping (the app) instead of failing (the CLI). */
  waitForMapping?: boolean
}

export interface WorkerHandlers {
  createImport(params: { filePath: string; reading?: ReadingChoice }): { importId: number }
  /** A needs_mapping import gets the person's columns (and encoding) and is queued again. */
  confirmMapping(params: { importId: number; mapping: NonNullable<ReadingChoice['mapping']>; encoding: string | null }): void
  pause(params: { importId: number }): void
  resume(params: { importId: number }): void
  cancel(params: { importId: number }): void
  retry(params: { importId: number }): void
  /** Delete these imports' records, error rows, throughput history and jobs (never contacts). */
  removeImports(params: { importIds: number[] }): void
  /** Give every unfinished import whose job vanished a job again (what a relaunch does). */
  resumeUnfinished(params: Record<string, never>): { importIds: number[] }
  /**
   * Which imports this worker may run: all, or only these. The host decides and sends the whole
   * answer at every change; the worker runs nothing before it is told.
   */
  runImports(params: { importIds: number[] | 'all' }): void
}

export type WorkerMethod = keyof WorkerHandlers
export type WorkerParams<M extends WorkerMethod> = Parameters<WorkerHandlers[M]>[0]
export type WorkerResult<M extends WorkerMethod> = ReturnType<WorkerHandlers[M]>

/** The worker's side of WorkerHandlers: the same params and results, answered now or later. */
export type WorkerHandlerImpls = { [M in WorkerMethod]: (params: WorkerParams<M>) => WorkerResult<M> | Promise<WorkerResult<M>> }

/** One request on the wire; `method` names its params' and result's types in WorkerHandlers. */
export type WorkerRequest<M extends WorkerMethod = WorkerMethod> = { [Method in M]: { method: Method; params: WorkerParams<Method> } }[M]

/** Committed progress of one import, sent after each durable commit. */
export interface ProgressFigures {
  importId: number
  status: string
  rowsRead: number
  processedCount: number
  createdCount: number
  updatedCount: number
  errorCount: number
  bytesRead: number
  fileSize: number
  totalRows: number | null
  /** The row this run continued from when it resumed a started import. */
  resumedAtRow: number | null
  /** Epoch ms of the commit these numbers come from. */
  at: number
}

/** What the worker tells the host unasked: event type → payload. */
export interface WorkerEvents {
  progress: ProgressFigures
  stopped: { importId: number; status: string; reason: string }
  completed: { importId: number }
  failed: { importId: number; reason: string; message: string }
}

/** One event on the wire: its type and its payload. */
export type WorkerEvent<T extends keyof WorkerEvents = keyof WorkerEvents> = { [Type in T]: { type: Type } & WorkerEvents[Type] }[T]

export type HostToWorker =
  | { kind: 'request'; seq: number; request: WorkerRequest }
  /** Checkpoint the running job, persist, close the database and exit. */
  | { kind: 'shutdown' }

export type WorkerToHost =
  | { kind: 'ready'; pid: number }
  /** Sent every heartbeatMs by a timer of the worker (which a long synchronous statement delays). */
  | { kind: 'heartbeat' }
  /** The worker could not open its database (a newer schema, no permission…); the host ends it. */
  | { kind: 'failed-to-start'; error: SerializedError }
  | { kind: 'response'; seq: number; ok: true; result: unknown }
  | { kind: 'response'; seq: number; ok: false; error: SerializedError }
  | { kind: 'event'; event: WorkerEvent }
  | { kind: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; message: string }

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack }
  return { name: 'Error', message: String(error) }
}

export type ProgressEvent = WorkerEvent<'progress'>
