// The main ↔ worker wire protocol: a sequence-numbered envelope over typed requests, responses,
// events and forwarded logs. Both ends import only these types; the transport is a WorkerPort.

export interface SerializedError {
  name: string
  message: string
  stack?: string
}

/** Requests the host sends; each names its result type in WorkerResults. */
export type WorkerRequest =
  | { method: 'createImport'; filePath: string }
  | { method: 'pause'; importId: number }
  | { method: 'resume'; importId: number }
  | { method: 'cancel'; importId: number }
  | { method: 'retry'; importId: number }
  /** Continue every unfinished import (what a relaunch does); from then on run every import. */
  | { method: 'resumeUnfinished' }
  /** Run these imports too (a restarted worker of a host that runs only its own imports). */
  | { method: 'runImports'; importIds: number[] }

export interface WorkerResults {
  createImport: { importId: number }
  pause: void
  resume: void
  cancel: void
  retry: void
  resumeUnfinished: { importIds: number[] }
  runImports: void
}

export type WorkerMethod = WorkerRequest['method']

/** Committed progress of one import, sent after each durable commit. */
export interface ProgressEvent {
  type: 'progress'
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

export type WorkerEvent =
  | ProgressEvent
  | { type: 'stopped'; importId: number; status: string; reason: string }
  | { type: 'completed'; importId: number }
  | { type: 'failed'; importId: number; reason: string; message: string }

export type HostToWorker =
  | { kind: 'request'; seq: number; request: WorkerRequest }
  /** Checkpoint the running job, persist, close the database and exit. */
  | { kind: 'shutdown' }

export type WorkerToHost =
  | { kind: 'ready'; pid: number }
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
