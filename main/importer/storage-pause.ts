// An import paused by its storage (a full disk, a read-only data folder, an I/O error): what it
// says, and how much free space it needs before it can go on. The worker writes the message; the
// service and the CLI read the same estimate to resume it by themselves once there is room.
import { dirname } from 'node:path'
import type { StorageFaultKind } from '../engine/storage-fault.ts'
import type { ImportRow } from '../db/rows.ts'

/**
 * SQLite bytes per byte of CSV, measured on the generated contacts file (300,000 rows, 14.9 MB:
 * peak 66.6 MB): staging rows with their covering index take about 2 bytes per CSV byte, contacts
 * with the unique email index and the WAL about 2.5 more.
 */
const STAGING_BYTES_PER_CSV_BYTE = 2
const CONTACT_BYTES_PER_CSV_BYTE = 2.5
/** Room for the WAL and SQLite's temporary sorts beyond the estimate. */
const SLACK_BYTES = 16 * 1024 * 1024

type Progress = Pick<ImportRow, 'status' | 'file_size' | 'bytes_read' | 'total_rows' | 'processed_count' | 'error_count'>

/** Free bytes the rest of this import needs on the data folder's disk (an estimate that errs high). */
export function spaceNeeded(row: Progress): number {
  const toStage = Math.max(0, row.file_size - row.bytes_read)
  const valid = row.total_rows === null ? null : Math.max(0, row.total_rows - row.error_count)
  // While checking, every row is still to be merged; while merging, those not merged yet.
  const mergedShare = valid === null || valid === 0 || toStage > 0 ? 0 : Math.min(1, row.processed_count / valid)
  const toMerge = row.file_size * (1 - mergedShare)
  return Math.ceil(toStage * STAGING_BYTES_PER_CSV_BYTE + toMerge * CONTACT_BYTES_PER_CSV_BYTE + SLACK_BYTES)
}

/** The sentence shown with a storage pause: what happened, that nothing is lost, what to do. */
export function storagePauseMessage(kind: StorageFaultKind, row: Progress & Pick<ImportRow, 'rows_read'>, databaseFile: string): string {
  const folder = dirname(databaseFile)
  const saved = `Everything up to row ${rowsHandled(row).toLocaleString('en-US')} is saved.`
  switch (kind) {
    case 'disk_full':
      return `The disk is full, so the import paused. ${saved} It needs about ${formatBytes(spaceNeeded(row))} free on the disk that holds ${folder} to finish, and goes on by itself once there is room (or choose Resume).`
    case 'read_only':
      return `The data folder ${folder} can no longer be written (read-only), so the import paused. ${saved} It goes on by itself once the folder can be written again (or choose Resume).`
    case 'io_error':
      return `The disk holding ${folder} reported an error while saving, so the import paused. ${saved} Check the disk, then choose Resume.`
  }
}

/** Rows handled so far, as "paused at row" counts them: checked while checking, imported + rejected after. */
function rowsHandled(row: Progress & Pick<ImportRow, 'rows_read'>): number {
  return row.status === 'processing' ? row.processed_count + row.error_count : row.rows_read
}

export function formatBytes(bytes: number): string {
  const mb = bytes / (1024 * 1024)
  return mb >= 1024 ? `${(mb / 1024).toFixed(1)} GB` : `${Math.max(1, Math.ceil(mb))} MB`
}
