// Imports paused by their storage (a full disk, a read-only data folder) go on by themselves once
// the storage can take writes again: while such a pause exists, look every few seconds. An I/O
// error waits for the person (Resume): retrying a failing disk by itself would only fail again.
import { accessSync, constants, statfsSync } from 'node:fs'
import { databasePath } from '../db/open.ts'
import type { ImportRow } from '../db/rows.ts'
import { formatBytes, spaceNeeded } from '../importer/storage-pause.ts'

/** How often a storage pause is looked at again (ms). */
export const STORAGE_WATCH_MS = 3000

type PauseRow = Pick<ImportRow, 'status' | 'failure_reason'>

/** Paused by its storage (the reasons of engine/storage-fault.ts), not by the person. */
export function isStoragePause(row: PauseRow): boolean {
  return row.status === 'paused' && (row.failure_reason === 'disk_full' || row.failure_reason === 'read_only' || row.failure_reason === 'io_error')
}

/** The storage pauses the app resumes by itself once there is room. */
export function resumesByItself(row: PauseRow): boolean {
  return isStoragePause(row) && row.failure_reason !== 'io_error'
}

/** Whether the storage has room again for this paused import; `why` says what is still missing. */
export function storageReady(row: ImportRow, dataDir: string): { ready: true } | { ready: false; why: string } {
  if (row.failure_reason !== 'disk_full') {
    try {
      accessSync(dataDir, constants.W_OK)
      accessSync(databasePath(dataDir), constants.W_OK)
      return { ready: true }
    } catch {
      return { ready: false, why: `${dataDir} still cannot be written` }
    }
  }
  const { bavail, bsize } = statfsSync(dataDir)
  const free = bavail * bsize
  const needed = spaceNeeded(row)
  if (free >= needed) return { ready: true }
  return { ready: false, why: `it needs about ${formatBytes(needed)} free, and ${formatBytes(free)} is` }
}

export interface StorageWatchOptions {
  dataDir: string
  /** The imports paused by their storage that resume by themselves (read from the database). */
  storagePaused: () => ImportRow[]
  resume: (importId: number) => Promise<unknown>
  intervalMs?: number
  onError?: (error: unknown) => void
}

/** Looks every few seconds while storage pauses exist; `poke()` when one may have appeared. */
export class StorageWatch {
  private readonly options: StorageWatchOptions
  private timer: NodeJS.Timeout | null = null
  private checking = false

  constructor(options: StorageWatchOptions) {
    this.options = options
  }

  poke(): void {
    if (this.timer !== null) return
    this.timer = setInterval(() => void this.check(), this.options.intervalMs ?? STORAGE_WATCH_MS)
    this.timer.unref()
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer)
    this.timer = null
  }

  /** Resumes every storage pause that has room now; stops looking when none is left. */
  async check(): Promise<void> {
    if (this.checking) return
    this.checking = true
    try {
      const paused = this.options.storagePaused()
      if (paused.length === 0) this.stop()
      for (const row of paused) {
        if (storageReady(row, this.options.dataDir).ready) await this.options.resume(row.id)
      }
    } catch (error) {
      this.options.onError?.(error)
    } finally {
      this.checking = false
    }
  }
}
