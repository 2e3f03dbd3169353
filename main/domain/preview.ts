// The mapping form's view of a file: built by the importer in the host, shown by the window (as a
// type, through preload/api.ts). No Node or DOM types here: both tsconfigs compile this file.

/** What the mapping form shows: never more of the file than its header and first rows. */
export interface ImportPreview {
  /** WHATWG name of the encoding the preview was read with, and its title ("Windows-1252"). */
  encoding: string
  encodingTitle: string
  headerLine: number
  skippedRecords: number
  /** The file's columns, as written. */
  columns: string[]
  /** Up to 3 sample values per column, in column order. */
  samples: string[][]
  /** The header text per field the mapping gives (choices plus guesses). */
  mapping: Partial<Record<'email' | 'first_name' | 'last_name', string>>
  /** Why these choices cannot be imported yet (a field without a column, a column twice), or null. */
  problem: string | null
  /** Up to 5 rows as they would be imported: a contact, or the row's error message. */
  rows: { row: number; line: number; email: string; firstName: string; lastName: string; error: string | null }[]
}
