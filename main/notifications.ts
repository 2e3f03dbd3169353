// Runs in the Electron main process: what the taskbar/dock progress bar and the OS notifications
// show, derived from ImportSummary updates. Pure (no electron import) so it is tested under node.
import type { ImportSummary } from '../preload/api.ts'
import { UNFINISHED_STATUSES, type ImportStatus } from './domain/import-status.ts'

export type ProgressMode = 'none' | 'normal' | 'indeterminate' | 'paused'

/** Arguments for BrowserWindow.setProgressBar(progress, { mode }). */
export interface ProgressBarState {
  /** 0..1; -1 removes the bar; > 1 shows it indeterminate (macOS, Linux). */
  progress: number
  mode: ProgressMode
}


/**
 * How far one import is, 0..1, or null when unknown. The OS bar has no room for a phase label, so
 * checking the file (by bytes) fills the first half and importing (rows imported of the valid
 * rows) the second: the bar never runs backwards between the two.
 */
export function importFraction(s: ImportSummary): number | null {
  if (s.status === 'completed') return 1
  if (s.totalRows !== null) {
    const valid = s.totalRows - s.errorCount
    return valid <= 0 ? 1 : 0.5 + clamp01(s.processedCount / valid) / 2
  }
  if (s.fileSize > 0) return clamp01(s.bytesRead / s.fileSize) / 2
  return s.status === 'pending' ? 0 : null
}

/**
 * The overall bar: the running imports (pending ones count as 0) weighted by file size; when none
 * runs but some are paused, theirs in 'paused' mode; otherwise removed (-1).
 */
export function progressBarState(imports: Iterable<ImportSummary>): ProgressBarState {
  const running: ImportSummary[] = []
  const paused: ImportSummary[] = []
  for (const s of imports) {
    if (UNFINISHED_STATUSES.has(s.status)) running.push(s)
    else if (s.status === 'paused') paused.push(s)
  }
  const group = running.length > 0 ? running : paused
  if (group.length === 0) return { progress: -1, mode: 'none' }
  let weighted = 0
  let weights = 0
  for (const s of group) {
    const fraction = importFraction(s)
    if (fraction === null) continue
    const weight = Math.max(1, s.fileSize)
    weighted += fraction * weight
    weights += weight
  }
  if (weights === 0) return { progress: 2, mode: running.length > 0 ? 'indeterminate' : 'paused' }
  return { progress: weighted / weights, mode: running.length > 0 ? 'normal' : 'paused' }
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0
}

function plural(n: number, one: string, many: string, format: Intl.NumberFormat): string {
  return `${format.format(n)} ${n === 1 ? one : many}`
}

/** "Done: 97,912 imported (91,004 new, 6,908 updated), 2,088 errors". */
export function completionLine(s: ImportSummary, locale?: string): string {
  const f = new Intl.NumberFormat(locale)
  const errors = s.errorCount === 0 ? 'no errors' : plural(s.errorCount, 'error', 'errors', f)
  return `Done: ${f.format(s.processedCount)} imported (${f.format(s.createdCount)} new, ${f.format(s.updatedCount)} updated), ${errors}`
}

export interface Notice {
  importId: number
  title: string
  body: string
}

/**
 * Turns updates into notices: one when an import reaches completed or failed during this session
 * (finishedAt at or after sessionStartedAt), once per import and outcome. Cancelling is the person's
 * own act and is not announced; an import retried after failing can be announced again.
 */
export function createNoticeTracker(sessionStartedAt: number, locale?: string): (update: ImportSummary) => Notice | null {
  const announced = new Map<number, ImportStatus>()
  return (s) => {
    if (s.status !== 'completed' && s.status !== 'failed') {
      announced.delete(s.id)
      return null
    }
    if (announced.get(s.id) === s.status) return null
    if (s.finishedAt === null || s.finishedAt < sessionStartedAt) return null
    announced.set(s.id, s.status)
    if (s.status === 'completed') {
      return { importId: s.id, title: `${s.fileName} imported`, body: completionLine(s, locale) }
    }
    return {
      importId: s.id,
      title: `${s.fileName} could not be imported`,
      body: s.failureMessage ?? 'The import failed. Open the importer to see why.',
    }
  }
}
