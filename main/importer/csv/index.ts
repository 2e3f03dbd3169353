// The CSV reader of the contacts import: streaming, resumable, pure (no database, no Electron).
export { FileRejection, type FileRejectionReason } from './rejection.ts'
export type { CsvLayout, RecordOutcome, RowErrorCode, ScanPosition } from './types.ts'
export { readLayout } from './layout.ts'
export { RecordScanner } from './scanner.ts'
export { MAX_RECORD_BYTES, isValidEmail, normalizeHeader } from './text.ts'
