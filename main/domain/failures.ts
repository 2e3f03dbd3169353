// Why an import or a row was rejected: shared by the worker, the service and (as types, through
// preload/api.ts) the window. No Node or DOM types here: both tsconfigs compile this file.

/** File-level rejections of CSV-RULES: the reader refuses the whole file. */
export type FileRejectionReason =
  | 'encoding'
  | 'not_csv'
  | 'empty_file'
  | 'missing_headers'
  | 'duplicate_header'
  | 'unterminated_quote'
  | 'record_too_large'

/**
 * What a `not_csv` file was recognized as (importer/csv/formats.ts), kept with the import so the
 * window can name it and say how to save it as CSV.
 */
export type DetectedFormat = 'xlsx' | 'xls' | 'ods' | 'numbers' | 'zip' | 'pdf' | 'png' | 'jpeg' | 'gif' | 'vcard'

/** Why the storage stopped an import: it is then paused (not failed) until the storage takes writes again. */
export type StoragePauseReason = 'disk_full' | 'read_only' | 'io_error'

/** File-level rejections plus the failures of resuming and of the app itself, and storage pauses. */
export type FailureReason = FileRejectionReason | 'file_changed' | 'file_missing' | 'internal' | StoragePauseReason

/** Failed imports that Retry continues from their last checkpoint; the others need a new import. */
export const RETRYABLE_REASONS: ReadonlySet<FailureReason> = new Set<FailureReason>(['file_missing', 'internal'])

export type RowErrorCode = 'record_too_large' | 'field_count' | 'missing_email' | 'invalid_email' | 'missing_value'
