// The shape of a row of `imports` as every migration leaves it: read by the worker and the service.
import type { Database } from 'better-sqlite3'
import type { DetectedFormat, FailureReason } from '../domain/failures.ts'
import type { ImportStatus } from '../domain/import-status.ts'

export interface ImportRow {
  id: number
  file_path: string
  file_name: string
  file_size: number
  status: ImportStatus
  total_rows: number | null
  processed_count: number
  created_count: number
  updated_count: number
  error_count: number
  failure_reason: FailureReason | null
  failure_message: string | null
  created_at: number
  started_at: number | null
  finished_at: number | null
  file_mtime_ms: number | null
  file_head_hash: string | null
  /** sha256 of blocks spread over the file (file-identity.ts); null for imports begun before 006. */
  file_sample_hash: string | null
  rows_read: number
  bytes_read: number
  /** JSON array of the header names as written. */
  file_headers: string | null
  job_id: string | null
  /** JSON ColumnChoice: the columns the person chose. */
  requested_mapping: string | null
  /** WHATWG encoding name the person chose. */
  requested_encoding: string | null
  /** 1: missing columns make the import wait as needs_mapping; 0: they fail it. */
  waits_for_mapping: number
  /** WHATWG name of the encoding the file is read in (saved before the first row is staged). */
  encoding: string | null
  delimiter: string | null
  header_line: number | null
  skipped_records: number | null
  /** JSON FieldHeaders: the header text per field. */
  mapping: string | null
  /** JSON CsvLayout the stage step reads with, unchanged by resumes. */
  layout: string | null
  /** What a file rejected as not_csv was recognized as (007); null otherwise. */
  detected_format: DetectedFormat | null
}

export function getImportRow(db: Database, id: number): ImportRow | null {
  return (db.prepare('SELECT * FROM imports WHERE id = ?').get(id) as ImportRow | undefined) ?? null
}

export function listImportRows(db: Database): ImportRow[] {
  return db.prepare('SELECT * FROM imports ORDER BY id DESC').all() as ImportRow[]
}
