// Runs in the renderer: what an import shows in each state (badge, progress, the line under the bar,
// the buttons it allows, the failure explanation). Pure functions of an ImportSummary.
import type { FailureReason, ImportStatus, ImportSummary } from '../preload/api.ts'
import { formatBytes, formatCount, formatList, formatPercent, formatRate, formatTimeLeft, plural } from './format.ts'
import { notCsvHelp } from './not-csv.ts'

export const REQUIRED_HEADERS = ['email', 'first_name', 'last_name'] as const

export const STATUS_LABEL: Record<ImportStatus, string> = {
  pending: 'Queued',
  needs_mapping: 'Needs columns',
  validating: 'Checking',
  processing: 'Importing',
  paused: 'Paused',
  completed: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
}

export type ImportAction =
  | 'pause'
  | 'resume'
  /** Resume was chosen and the import waits its turn: the Pause/Resume button says so, and keeps its place. */
  | 'resuming'
  | 'cancel'
  | 'retry'
  | 'importAgain'
  | 'chooseAnother'
  | 'exportErrors'
  | 'remove'

/** Statuses an import ends in; "Clear finished" removes these. */
export function isFinished(status: ImportStatus): boolean {
  return status === 'completed' || status === 'failed' || status === 'cancelled'
}

/**
 * Whether Remove is allowed: not while the import runs or waits its turn. An import waiting for its
 * columns can go unmapped (the wrong file was dropped).
 */
export function canRemove(status: ImportStatus): boolean {
  return isFinished(status) || status === 'paused' || status === 'needs_mapping'
}

/**
 * The buttons each state allows (UI.md's state table, and what can still be done after a cancel or
 * a failure), in the order they are shown. Every unfinished state has the Pause/Resume button, so
 * it never disappears under the keyboard between paused, queued and importing.
 */
export function actionsFor(summary: ImportSummary): ImportAction[] {
  const exportable: ImportAction[] = summary.errorCount > 0 ? ['exportErrors'] : []
  switch (summary.status) {
    case 'pending':
      // A queued import that ran before was resumed (or retried); a new one can be paused while it waits.
      return [summary.startedAt !== null ? 'resuming' : 'pause', 'cancel', ...exportable]
    case 'needs_mapping':
      return ['chooseAnother', 'remove']
    case 'validating':
    case 'processing':
      return ['pause', 'cancel', ...exportable]
    case 'paused':
      return ['resume', 'cancel', ...exportable, 'remove']
    case 'completed':
      return [...exportable, 'remove']
    case 'failed':
      return [summary.canRetry ? 'retry' : 'importAgain', 'chooseAnother', ...exportable, 'remove']
    case 'cancelled':
      return ['importAgain', ...exportable, 'remove']
  }
}

export function isRunning(status: ImportStatus): boolean {
  return status === 'validating' || status === 'processing'
}

export interface Progress {
  /** The whole job, 0..1: checking the file is the first half, importing its valid rows the second. */
  fraction: number
  /** 1: checking the file (by bytes); 2: importing the valid rows (by rows). */
  step: 1 | 2
  /** The current step, 0..1. */
  stepFraction: number
  /** What the step counts: bytes of the file while checking it, valid rows while importing them. */
  basis: 'bytes' | 'rows'
  done: number
  total: number
}

export const STEP_COUNT = 2

/** Rows finished: imported or rejected. */
export function rowsDone(summary: ImportSummary): number {
  return summary.processedCount + summary.errorCount
}

/**
 * How far the whole job is. Checking and importing each take about half the time (the service
 * estimates time left the same way), so the bar fills its first half by bytes checked and its
 * second by valid rows imported: one bar that never runs backwards between the steps.
 */
export function progressOf(summary: ImportSummary): Progress {
  if (summary.status === 'completed') {
    const total = Math.max(0, (summary.totalRows ?? rowsDone(summary)) - summary.errorCount)
    return { fraction: 1, step: 2, stepFraction: 1, basis: 'rows', done: summary.processedCount, total }
  }
  if (summary.status === 'validating' || summary.totalRows === null) {
    const total = summary.fileSize
    const done = Math.min(summary.bytesRead, total)
    const stepFraction = total > 0 ? done / total : 0
    return { fraction: stepFraction / 2, step: 1, stepFraction, basis: 'bytes', done, total }
  }
  // Rejected rows were all found while checking: only the valid ones are imported.
  const total = Math.max(0, summary.totalRows - summary.errorCount)
  const done = Math.min(summary.processedCount, total)
  const stepFraction = total > 0 ? done / total : 1
  return { fraction: 0.5 + stepFraction / 2, step: 2, stepFraction, basis: 'rows', done, total }
}

/** "Step 1 of 2 · Checking", "Step 2 of 2 · Importing". */
export function stepLabel(progress: Progress): string {
  return `Step ${progress.step} of ${STEP_COUNT} · ${progress.step === 1 ? 'Checking' : 'Importing'}`
}

/** The detail's headline while an import runs: what people watch. */
export function timeLeftLine(summary: ImportSummary): string {
  if (summary.unresponsive) return NOT_RESPONDING
  if (summary.secondsLeft !== null) return `${capitalize(formatTimeLeft(summary.secondsLeft))} left`
  return summary.rowsPerSecond === null ? 'Measuring speed…' : 'Estimating time left…'
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/**
 * The data row the import stands at. While nothing is imported yet the file is still being checked,
 * so the rows read are the position; afterwards the rows finished are.
 */
export function positionRow(summary: ImportSummary): number {
  return summary.processedCount === 0 ? Math.max(summary.rowsRead, summary.errorCount) : rowsDone(summary)
}

export function completionLine(summary: ImportSummary): string {
  const errors = summary.errorCount === 0 ? 'no errors' : plural(summary.errorCount, 'error', 'errors')
  return (
    `Done: ${formatCount(summary.processedCount)} imported ` +
    `(${formatCount(summary.createdCount)} new, ${formatCount(summary.updatedCount)} updated), ${errors}`
  )
}

export function waitingLine(summary: ImportSummary, nameOf: (id: number) => string | undefined): string {
  const other = summary.waitingFor === null ? undefined : nameOf(summary.waitingFor)
  return other ? `Waiting for ${other} to finish` : 'Waiting to start'
}

/** Said in place of time left while the worker does not answer (main restarts it if it stays silent). */
const NOT_RESPONDING = 'Not responding'

/**
 * The import's state in one sentence. "compact" is the list's second line; "full" is the detail's
 * headline (a running import's headline is its time left, timeLeftLine).
 */
export function statusLine(
  summary: ImportSummary,
  nameOf: (id: number) => string | undefined,
  variant: 'compact' | 'full',
): string {
  switch (summary.status) {
    case 'pending':
      return waitingLine(summary, nameOf)
    case 'needs_mapping':
      return "Match your file's columns to the contact fields."
    case 'validating':
    case 'processing': {
      const rate = summary.rowsPerSecond === null ? '' : ` · ${formatRate(summary.rowsPerSecond)}`
      return `${timeLeftLine(summary)}${variant === 'compact' ? rate : ''}`
    }
    case 'paused': {
      const row = positionRow(summary)
      const paused = row > 0 ? `Paused at row ${formatCount(row)}` : 'Paused before the first row'
      // A pause the storage forced says why; a pause the person chose needs no reason.
      return summary.failureReason ? `${paused}: ${FAILURE_HEADLINE[summary.failureReason].toLowerCase()}` : paused
    }
    case 'completed':
      if (variant === 'full') return completionLine(summary)
      return `${formatCount(summary.processedCount)} imported · ${summary.errorCount === 0 ? 'no errors' : plural(summary.errorCount, 'error', 'errors')}`
    case 'failed':
      return failureHeadline(summary)
    case 'cancelled': {
      const row = positionRow(summary)
      if (summary.processedCount === 0) return 'Cancelled before any rows were imported'
      return variant === 'full'
        ? `Stopped at row ${formatCount(row)}; the rows before stay imported`
        : `Stopped at row ${formatCount(row)}`
    }
  }
}

/**
 * The line under the detail's bar while the import runs or is paused: the step, how far it is in
 * it, and the speed. Null when the import is not in a step (queued, finished).
 */
export function stepLine(summary: ImportSummary): string | null {
  if (!isRunning(summary.status) && summary.status !== 'paused') return null
  const progress = progressOf(summary)
  const within =
    progress.basis === 'bytes'
      ? `${formatBytes(progress.done)} of ${formatBytes(progress.total)} checked`
      : `${formatCount(progress.done)} of ${plural(progress.total, 'row', 'rows')} imported`
  const rate = summary.rowsPerSecond === null || !isRunning(summary.status) ? '' : ` · ${formatRate(summary.rowsPerSecond)}`
  return `${stepLabel(progress)} · ${within}${rate}`
}

const FAILURE_HEADLINE: Record<FailureReason, string> = {
  encoding: 'This file is not UTF-8 text',
  not_csv: 'This file is not a CSV file',
  empty_file: 'This file has no header row',
  missing_headers: 'Required columns are missing',
  duplicate_header: 'A required column appears twice',
  unterminated_quote: 'A quoted field is never closed',
  record_too_large: 'The header row is too large',
  file_changed: 'The file changed since the import started',
  file_missing: 'The file is no longer there',
  internal: 'The importer ran into a problem',
  disk_full: 'The disk is full',
  read_only: 'The data folder is read-only',
  io_error: 'The disk reported an error',
}

/** What to do when main gave no message of its own. */
const FAILURE_FALLBACK: Record<FailureReason, string> = {
  encoding: "Save it from your spreadsheet as 'CSV UTF-8' and drop it again.",
  not_csv: 'Open it in the app that made it and save it as CSV (in Excel: File › Save As › "CSV UTF-8"), then drop the CSV file.',
  empty_file: 'The first line of the file must name the columns: email, first_name, last_name.',
  missing_headers: 'Rename or add the columns in your spreadsheet, save it as CSV and drop it again.',
  duplicate_header: 'Remove or rename the extra column, save the file and drop it again.',
  unterminated_quote: 'A quote (") opens a field that never ends. Fix the quotes, save the file and drop it again.',
  record_too_large: 'The first line is over 1 MiB, so it is not a header row. Check that this is the right file.',
  file_changed: 'Put the original file back and choose Retry, or import the new file from the start.',
  file_missing: 'Put the file back where it was and choose Retry, or choose another file.',
  internal: 'Choose Retry to continue from the last saved row. If it happens again, restart the app.',
  disk_full: 'Free some space on the disk; the import goes on by itself once there is room.',
  read_only: 'Make the data folder writable again; the import goes on by itself once it is.',
  io_error: 'Check the disk, then choose Resume.',
}

/** The same advice where it would name a Retry button the import does not have (canRetry false). */
const FAILURE_FALLBACK_NO_RETRY: Partial<Record<FailureReason, string>> = {
  file_changed: 'The file was edited after the import began, so it cannot continue. Choose the file again to import it from the start.',
  file_missing: 'Put the file back where it was and choose it again, or choose another file.',
  internal: 'Choose the file again to start over. If it happens again, restart the app.',
}

/** Reasons that reject the whole file before any contact changes (CSV-RULES: rejected files change nothing). */
const FILE_REJECTIONS: ReadonlySet<FailureReason> = new Set<FailureReason>([
  'encoding',
  'empty_file',
  'missing_headers',
  'duplicate_header',
  'unterminated_quote',
  'record_too_large',
])

export function normalizeHeader(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_-]+/g, '_')
}

export function missingHeaders(fileHeaders: readonly string[]): string[] {
  const present = new Set(fileHeaders.map(normalizeHeader))
  return REQUIRED_HEADERS.filter((name) => !present.has(name))
}

export function failureHeadline(summary: ImportSummary): string {
  if (summary.failureReason === 'missing_headers' && summary.fileHeaders) {
    const missing = missingHeaders(summary.fileHeaders)
    if (missing.length > 0) return `Missing headers: ${formatList(missing)}`
  }
  if (summary.failureReason === 'not_csv') return notCsvHelp(summary.detectedFormat, summary.failureMessage).short
  return summary.failureReason ? FAILURE_HEADLINE[summary.failureReason] : 'The import stopped with a problem'
}

export interface FailureExplanation {
  title: string
  /** The header comparison ("Missing headers: first_name. Your file has: …") when main's message lacks it. */
  detail: string | null
  /** The reason in plain words, with what to do next. */
  message: string
  /** What happened to the contacts. */
  consequence: string
}

export function explainFailure(summary: ImportSummary): FailureExplanation {
  const reason = summary.failureReason
  const title = reason ? FAILURE_HEADLINE[reason] : 'The import stopped with a problem'
  const fallback = reason
    ? ((summary.canRetry ? undefined : FAILURE_FALLBACK_NO_RETRY[reason]) ?? FAILURE_FALLBACK[reason])
    : summary.canRetry
      ? 'Choose Retry to continue, or choose another file.'
      : 'Choose the file again to start over, or choose another file.'
  const message = summary.failureMessage?.trim() || fallback

  let detail: string | null = null
  if (summary.fileHeaders && !/your file has/i.test(message)) {
    const has = `Your file has: ${formatList(summary.fileHeaders)}`
    if (reason === 'missing_headers') {
      const missing = missingHeaders(summary.fileHeaders)
      detail = missing.length > 0 ? `Missing headers: ${formatList(missing)}. ${has}` : has
    } else if (reason === 'duplicate_header') {
      detail = has
    }
  }

  let consequence: string
  if (reason && FILE_REJECTIONS.has(reason)) consequence = 'Nothing was imported; your contacts are unchanged.'
  else if (summary.processedCount > 0)
    consequence = `The ${plural(summary.processedCount, 'row', 'rows')} imported before this stay imported.`
  else consequence = 'No rows were imported.'

  return { title, detail, message, consequence }
}

/** The progress bar's value in words, for screen readers. */
export function progressText(summary: ImportSummary): string {
  const progress = progressOf(summary)
  if (summary.status === 'completed') return `Done, ${plural(rowsDone(summary), 'row', 'rows')}`
  const percent = formatPercent(progress.fraction)
  if (summary.status === 'pending' && progress.fraction === 0) return `${percent}, waiting to start`
  return `${percent} of the whole import; ${stepLabel(progress).toLowerCase()}, ${formatPercent(progress.stepFraction)} of this step`
}

/** Size, start time and where a resumed import picked up: "48.6 MB · started 14:02 · resumed at row 412,338". */
export function metaLine(summary: ImportSummary, clock: (epochMs: number) => string, variant: 'compact' | 'full'): string {
  const parts = [formatBytes(summary.fileSize)]
  if (variant === 'full' && summary.startedAt !== null) parts.push(`started ${clock(summary.startedAt)}`)
  if (summary.resumedAtRow !== null) parts.push(`Resumed at row ${formatCount(summary.resumedAtRow)}`)
  return parts.join(' · ')
}
