// Runs in the renderer: decides which dropped items can be imported and says why the others cannot.

export interface DroppedItem {
  file: File
  /** From DataTransferItem.webkitGetAsEntry(); null when the browser gives no entry. */
  isDirectory: boolean | null
}

export type SkipReason = 'folder' | 'not_csv' | 'spreadsheet'

export interface Skipped {
  name: string
  reason: SkipReason
}

export interface DropPlan {
  accepted: File[]
  skipped: Skipped[]
}

const CSV_EXTENSIONS = /\.(csv|tsv|txt)$/i
const CSV_TYPES = new Set(['text/csv', 'text/tab-separated-values', 'application/csv'])
const SPREADSHEET_EXTENSIONS = /\.(xlsx|xlsm|xls|ods|numbers)$/i
const HAS_EXTENSION = /\.[^./\\]+$/

export function isFolder(item: DroppedItem): boolean {
  if (item.isDirectory !== null) return item.isDirectory
  // Without an entry, a folder arrives as a File with no size, no type and no extension.
  return item.file.size === 0 && item.file.type === '' && !HAS_EXTENSION.test(item.file.name)
}

export function isCsvFile(file: File): boolean {
  return CSV_EXTENSIONS.test(file.name) || CSV_TYPES.has(file.type)
}

export function planDrop(items: readonly DroppedItem[]): DropPlan {
  const accepted: File[] = []
  const skipped: Skipped[] = []
  for (const item of items) {
    const name = item.file.name
    if (isFolder(item)) skipped.push({ name, reason: 'folder' })
    else if (isCsvFile(item.file)) accepted.push(item.file)
    else if (SPREADSHEET_EXTENSIONS.test(name)) skipped.push({ name, reason: 'spreadsheet' })
    else skipped.push({ name, reason: 'not_csv' })
  }
  return { accepted, skipped }
}

/** The whole sentence for one skipped item when it was dropped alone. */
export function skipMessage(skipped: Skipped): string {
  switch (skipped.reason) {
    case 'folder':
      return `“${skipped.name}” is a folder. Open it and drop the CSV files inside instead.`
    case 'spreadsheet':
      return `“${skipped.name}” is a spreadsheet, not a CSV file. Save it from your spreadsheet as “CSV UTF-8” and drop the .csv file.`
    case 'not_csv':
      return `“${skipped.name}” is not a CSV file. Drop a .csv, .tsv or .txt file with the columns email, first_name, last_name.`
  }
}

const SHORT_REASON: Record<SkipReason, string> = {
  folder: 'a folder',
  spreadsheet: 'a spreadsheet; save it as CSV first',
  not_csv: 'not a CSV file',
}

/** Said when a drop carried no files (text, a link, an image from a web page). */
export const NOTHING_DROPPED = 'Nothing to import: drop a CSV file from your computer.'

/** One line for a drop that mixed CSV files with other things, or had several things to skip. */
export function skippedSummary(plan: DropPlan): string {
  const list = plan.skipped.map((s) => `“${s.name}” (${SHORT_REASON[s.reason]})`).join(', ')
  const importing =
    plan.accepted.length === 0
      ? 'Nothing to import'
      : `Importing ${plan.accepted.length === 1 ? '1 file' : `${plan.accepted.length} files`}`
  return `${importing}. Skipped ${list}.`
}
