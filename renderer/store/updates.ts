// Runs in the renderer: updates from main, applied to the store. Updates arrive far more often than
// the window paints, so the latest per import waits for the next frame and all go in one setState.
import type { ImportSummary } from '../../preload/api.ts'
import { formatCount, formatPercent } from '../format.ts'
import { completionLine, failureHeadline, isRunning, positionRow, progressOf } from '../import-view.ts'
import { mergeImports, replaceImports } from './imports-slice.ts'
import { useStore, type StoreState } from './index.ts'
import { addSample, type Sample } from './throughput-slice.ts'

const { setState } = useStore

interface Arrival {
  summary: ImportSummary
  at: number
}

/** Latest update per import not yet applied; flushed once per frame (or every 100 ms when hidden). */
const pending = new Map<number, Arrival>()
let flushScheduled = false
/** Until list() answers, updates are held: the list is the baseline they apply to. */
let listLoaded = false
let heldBeforeList: ImportSummary[] = []
/** Imports removed in this window: an update already on its way must not bring one back. */
const removed = new Set<number>()

function scheduleFlush(): void {
  if (flushScheduled) return
  flushScheduled = true
  const run = (): void => {
    if (flushScheduled) flushUpdates()
  }
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(run)
  // rAF does not run while the window is hidden; the timer keeps the store (and the chart) current.
  setTimeout(run, 100)
}

/** The onUpdate listener. Cheap: it only records the update and schedules a flush. */
export function receiveUpdate(update: ImportSummary): void {
  if (removed.has(update.id)) return
  if (!listLoaded) {
    heldBeforeList.push(update)
    return
  }
  pending.set(update.id, { summary: update, at: Date.now() })
  scheduleFlush()
}

/** Applies every pending update in one setState. */
export function flushUpdates(): void {
  flushScheduled = false
  if (pending.size === 0) return
  const batch = [...pending.values()]
  pending.clear()
  setState((state) => applyArrivals(state, batch))
}

function announcementFor(prev: ImportSummary | undefined, next: ImportSummary, selected: boolean): string | null {
  const name = next.fileName
  if (!prev || prev.status !== next.status) {
    switch (next.status) {
      case 'pending':
        return `${name} is queued`
      case 'needs_mapping':
        return `${name} needs its columns matched`
      case 'validating':
        return `Checking ${name}`
      case 'processing':
        return next.resumedAtRow !== null && prev?.status !== 'validating'
          ? `Importing ${name}, resumed at row ${formatCount(next.resumedAtRow)}`
          : `Importing ${name}`
      case 'paused':
        return `${name} paused at row ${formatCount(positionRow(next))}`
      case 'completed':
        return `${name}. ${completionLine(next)}`
      case 'failed':
        return `${name} failed. ${failureHeadline(next)}`
      case 'cancelled':
        return `${name} cancelled`
    }
  }
  if (selected && isRunning(next.status)) {
    const before = Math.floor(progressOf(prev).fraction * 10)
    const after = Math.floor(progressOf(next).fraction * 10)
    if (after > before && after < 10)
      return `${name}: ${formatPercent(after / 10)} done`
  }
  return null
}

function applyArrivals(state: StoreState, arrivals: readonly Arrival[]): Partial<StoreState> {
  const summaries = arrivals.map((a) => a.summary)
  const slice = mergeImports(state, summaries)
  let throughput = state.throughput
  let errorPages = state.errorPages
  const said: string[] = []

  for (const { summary, at } of arrivals) {
    const prev = state.imports[summary.id]
    const before = throughput[summary.id]
    let after: readonly Sample[] | undefined = before
    if (isRunning(summary.status) && summary.rowsPerSecond !== null) after = addSample(before, at, summary.rowsPerSecond)
    else if (!isRunning(summary.status) && before) after = addSample(before, at, null)
    if (after && after !== before) throughput = { ...throughput, [summary.id]: after }

    // Error rows are append-only; fewer than before means the import started over.
    if (prev && summary.errorCount < prev.errorCount && errorPages[summary.id]) {
      const { [summary.id]: _dropped, ...rest } = errorPages
      errorPages = rest
    }

    const sentence = announcementFor(prev, summary, state.selectedId === summary.id)
    if (sentence) said.push(sentence)
  }

  return {
    ...slice,
    throughput,
    errorPages,
    selectedId: state.selectedId ?? slice.order[0] ?? null,
    ...(said.length > 0 ? { announcement: { text: said.join('. '), seq: state.announcement.seq + 1 } } : {}),
  }
}


/** Upserts summaries main returned directly (a started import), without waiting for its update. */
export function upsertNow(summaries: readonly ImportSummary[]): void {
  if (summaries.length === 0) return
  setState((state) => applyArrivals(state, summaries.map((summary) => ({ summary, at: Date.now() }))))
}

/** Connecting: updates are held until list() answers. */
export function holdUpdatesUntilList(): void {
  listLoaded = false
  heldBeforeList = []
}

/** list() answered: it replaces the imports, with the held updates of imports it does not know yet. */
export function applyList(list: readonly ImportSummary[]): void {
  // Replies and events share one ordered channel: updates that arrived before the list are older
  // than it, except for imports the list does not know yet.
  const known = new Set(list.map((s) => s.id))
  const newer = heldBeforeList.filter((u) => !known.has(u.id))
  heldBeforeList = []
  listLoaded = true
  const slice = mergeImports(replaceImports(list), newer)
  setState((state) => ({
    ...slice,
    connection: 'ready',
    connectionMessage: null,
    selectedId:
      state.selectedId !== null && slice.imports[state.selectedId] ? state.selectedId : (slice.order[0] ?? null),
  }))
}

/** Disconnected: what is pending is dropped, and updates wait for a new list. */
export function stopUpdates(): void {
  pending.clear()
  listLoaded = false
}

/** Imports removed in this window: updates of theirs still on the way are dropped. */
export function ignoreUpdatesOf(ids: readonly number[]): void {
  for (const id of ids) removed.add(id)
}

/** Back to a fresh window (tests, and a reconnect). */
export function resetUpdates(): void {
  pending.clear()
  flushScheduled = false
  listLoaded = false
  heldBeforeList = []
  removed.clear()
}
