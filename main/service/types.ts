// The ImportService's public surface, as the Electron shell, the CLI and the test hosts use it.
// No electron import: the same service runs in all three hosts.
import type { ErrorPage, ImportPreview, ImportSummary, StartResult, ThroughputPoint } from '../../preload/api.ts'
import type { ReadingChoice } from '../worker/protocol.ts'

export interface ImportServiceApi {
  /** Spawn the worker and resume every unfinished import that is not paused. */
  start(): Promise<void>
  /** Create an import for a file on disk and queue it. Refuses folders, unreadable files. */
  startImport(filePath: string, reading?: ReadingChoice): Promise<StartResult>
  /** The head of an import's file with these choices (the mapping form's preview). */
  preview(id: number, reading: ReadingChoice): Promise<ImportPreview>
  /** Run a needs_mapping import with these columns (and encoding). */
  confirmMapping(id: number, mapping: NonNullable<ReadingChoice['mapping']>, encoding: string | null): Promise<void>
  /** A new import of the same file with these choices. */
  importAgain(id: number, reading: ReadingChoice): Promise<StartResult>
  list(): ImportSummary[]
  get(id: number): ImportSummary | null
  pause(id: number): Promise<void>
  resume(id: number): Promise<void>
  cancel(id: number): Promise<void>
  retry(id: number): Promise<void>
  errors(id: number, offset: number, limit: number): ErrorPage
  throughput(id: number): ThroughputPoint[]
  /** Write the import's errors as CSV (formula cells neutralized) to destination; returns rows written. */
  exportErrors(id: number, destination: string): Promise<number>
  /** Forget a finished, paused or needs_mapping import (record, error rows, throughput history; never contacts). */
  remove(id: number): Promise<void>
  /** Remove every completed, failed and cancelled import; returns the ids removed. */
  clearFinished(): Promise<number[]>
  /** Coalesced updates (at most ~10 per second per import). Returns an unsubscribe. */
  onUpdate(listener: (update: ImportSummary) => void): () => void
  /** Ask the worker to checkpoint and exit; kill it after timeoutMs. */
  shutdown(timeoutMs?: number): Promise<void>
}
