// The CSV reader of the contacts import: streaming, resumable, pure (no database, no Electron).
export { FileRejection, type FileRejectionReason } from './rejection.ts'
export type { CsvLayout, RecordOutcome, RowErrorCode, ScanPosition } from './types.ts'
export { inspectFile, layoutOf, readLayout, sampleRecords, type FileInspection, type FileLayout, type ReadOptions } from './layout.ts'
export { RecordScanner } from './scanner.ts'
export { createRecordReader, type RecordReader } from './reader.ts'
export { COMMON_ENCODINGS, encodingName, encodingTitle, type FileEncoding } from './encoding.ts'
export {
  CHOOSABLE_FIELDS,
  REQUIRED_FIELDS,
  describeMapping,
  mapColumns,
  type ChoosableField,
  type ColumnChoice,
  type FieldHeaders,
  type RequiredField,
} from './mapping.ts'
export { MAX_RECORD_BYTES, isValidEmail, normalizeHeader } from './text.ts'
