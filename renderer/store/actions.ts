// Runs in the renderer: every change to the store. Plain functions that call setState, so the IPC
// listener and event handlers need no hook. Commands go to main through window.importer only.
import type { ImportSummary, StartResult } from '../../preload/api.ts'
import { NOTHING_DROPPED, planDrop, skipMessage, skippedSummary, type DroppedItem } from '../drop.ts'
import { formatCount, formatPercent, plural } from '../format.ts'
import { ImporterUnavailableError, hasImporter, importer } from '../importer.ts'
import {
  canRemove,
  completionLine,
  failureHeadline,
  isFinished,
  isRunning,
  positionRow,
  progressOf,
} from '../import-view.ts'
import { ERROR_PAGE_SIZE, pageNeedsFetch, withFailure, withLoading, withPage } from './errors-slice.ts'
import { mergeImports, replaceImports, withoutImports } from './imports-slice.ts'
import { initialState, useStore, type StoreState } from './index.ts'
import { addSample, withHistory, type Sample } from './throughput-slice.ts'
import { MAX_NOTICES, type Confirmation, type Notice } from './ui-slice.ts'

const { setState, getState } = useStore

// ── Updates from main ────────────────────────────────────────────────────────────────────────────

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
let noticeSeq = 0
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
function upsertNow(summaries: readonly ImportSummary[]): void {
  if (summaries.length === 0) return
  setState((state) => applyArrivals(state, summaries.map((summary) => ({ summary, at: Date.now() }))))
}

/** Loads the list and subscribes to updates. Returns the unsubscribe. */
export function connectImporter(): () => void {
  if (!hasImporter()) {
    setState({ connection: 'unavailable', connectionMessage: new ImporterUnavailableError().message })
    return () => {}
  }
  const api = importer()
  let stopped = false
  listLoaded = false
  heldBeforeList = []
  const unsubscribe = api.onUpdate(receiveUpdate)
  const unsubscribeMenu = api.onOpenFileRequested(() => void chooseFiles())
  api.list().then(
    (list) => {
      if (stopped) return
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
    },
    (error: unknown) => {
      if (stopped) return
      setState({ connection: 'failed', connectionMessage: `The imports could not be loaded. ${messageOf(error)}` })
    },
  )
  return () => {
    stopped = true
    unsubscribe()
    unsubscribeMenu()
    pending.clear()
    listLoaded = false
  }
}

/** Back to a fresh window (tests, and a reconnect). */
export function resetStore(): void {
  pending.clear()
  flushScheduled = false
  listLoaded = false
  heldBeforeList = []
  noticeSeq = 0
  removed.clear()
  setState(initialState(), true)
}

// ── Selection, drag-over, notices ──────────────────────────────────────────────────────────────────

export function selectImport(id: number | null): void {
  setState({ selectedId: id })
}

export function setDragOver(dragOver: boolean): void {
  if (getState().dragOver !== dragOver) setState({ dragOver })
}

export function notify(tone: Notice['tone'], text: string, reveal?: string): void {
  noticeSeq += 1
  const notice: Notice = reveal === undefined ? { id: noticeSeq, tone, text } : { id: noticeSeq, tone, text, reveal }
  setState((state) => ({ notices: [...state.notices, notice].slice(-MAX_NOTICES) }))
}

export function dismissNotice(id: number): void {
  setState((state) => ({ notices: state.notices.filter((n) => n.id !== id) }))
}

/** Esc: the newest notice goes (problems first, they are what the person is looking at). */
export function dismissLatestNotice(): boolean {
  const { notices } = getState()
  const latest = notices.findLast((n) => n.tone === 'error') ?? notices[notices.length - 1]
  if (!latest) return false
  dismissNotice(latest.id)
  return true
}

/** Electron prefixes rejected invokes with the channel; people need only the reason. */
export function messageOf(error: unknown): string {
  const raw = error instanceof Error ? error.message : typeof error === 'string' ? error : ''
  const message = raw.replace(/^Error invoking remote method '[^']*': /, '').replace(/^\w*Error: /, '').trim()
  if (!message) return 'Something went wrong; please try again.'
  return /[.!?]$/.test(message) ? message : `${message}.`
}

// ── Commands ─────────────────────────────────────────────────────────────────────────────────────────

function nameOf(id: number): string {
  return getState().imports[id]?.fileName ?? 'the import'
}

async function command(id: number, verb: string, run: () => Promise<void>): Promise<void> {
  try {
    await run()
  } catch (error) {
    notify('error', `Could not ${verb} ${nameOf(id)}. ${messageOf(error)}`)
  }
}

export const pauseImport = (id: number): Promise<void> => command(id, 'pause', () => importer().pause(id))
export const resumeImport = (id: number): Promise<void> => command(id, 'resume', () => importer().resume(id))
export const cancelImport = (id: number): Promise<void> => command(id, 'cancel', () => importer().cancel(id))
export const retryImport = (id: number): Promise<void> => command(id, 'retry', () => importer().retry(id))

/** Space on a selected import: Pause when it runs or waits, Resume when paused. */
export function togglePause(id: number): Promise<void> {
  const status = getState().imports[id]?.status
  if (status === 'paused') return resumeImport(id)
  if (status === 'pending' || (status !== undefined && isRunning(status))) return pauseImport(id)
  return Promise.resolve()
}

// ── Questions before commands that cannot be undone ─────────────────────────────────────────────

export function askToConfirm(confirmation: Confirmation): void {
  setState({ confirmation })
}

export function closeConfirmation(): void {
  setState({ confirmation: null })
}

/** "Cancel" asks first; so do Remove, the Delete key and "Clear finished". */
export const askToCancel = (id: number): void => askToConfirm({ kind: 'cancel', id })

export function askToRemove(id: number): void {
  const summary = getState().imports[id]
  if (!summary) return
  if (!canRemove(summary.status)) {
    notify('info', `${summary.fileName} is still importing. Pause or cancel it before removing it.`)
    return
  }
  askToConfirm({ kind: 'remove', id })
}

export function askToClearFinished(): void {
  const { imports, order } = getState()
  const ids = order.filter((id) => {
    const status = imports[id]?.status
    return status !== undefined && isFinished(status)
  })
  if (ids.length > 0) askToConfirm({ kind: 'clearFinished', ids })
}

/** Takes removed imports out of the window; the selection moves to the next one in the list. */
function forgetImports(ids: readonly number[]): void {
  for (const id of ids) removed.add(id)
  setState((state) => {
    const slice = withoutImports(state, ids)
    const gone = new Set(ids)
    let selectedId = state.selectedId
    if (selectedId !== null && gone.has(selectedId)) {
      const at = state.order.indexOf(selectedId)
      selectedId = state.order.slice(at + 1).find((id) => !gone.has(id)) ?? slice.order[slice.order.length - 1] ?? null
    }
    const drop = <T,>(record: Readonly<Record<number, T>>): Record<number, T> => {
      const kept: Record<number, T> = {}
      for (const [key, value] of Object.entries(record)) if (!gone.has(Number(key))) kept[Number(key)] = value
      return kept
    }
    return {
      ...slice,
      selectedId,
      errorPages: drop(state.errorPages),
      throughput: drop(state.throughput),
      throughputHistory: drop(state.throughputHistory),
    }
  })
}

export async function removeImport(id: number): Promise<void> {
  const name = nameOf(id)
  try {
    await importer().remove(id)
  } catch (error) {
    notify('error', `Could not remove ${name}. ${messageOf(error)}`)
    return
  }
  forgetImports([id])
  announce(`${name} removed from the list`)
}

export async function clearFinished(): Promise<void> {
  let ids: number[]
  try {
    ids = await importer().clearFinished()
  } catch (error) {
    notify('error', `Could not clear the finished imports. ${messageOf(error)}`)
    return
  }
  forgetImports(ids)
  announce(`${plural(ids.length, 'finished import', 'finished imports')} cleared`)
}

function announce(text: string): void {
  setState((state) => ({ announcement: { text, seq: state.announcement.seq + 1 } }))
}

/** "Import again": a new import of the same file, from the start, its columns guessed again (the form shows when they do not map). */
export async function importAgain(id: number): Promise<void> {
  try {
    applyStartResults([await importer().importAgain(id, { mapping: {}, encoding: null })])
  } catch (error) {
    notify('error', `Could not import ${nameOf(id)} again. ${messageOf(error)}`)
  }
}

export async function showInFolder(path: string): Promise<void> {
  try {
    await importer().showInFolder(path)
  } catch (error) {
    notify('error', `Could not show the file in its folder. ${messageOf(error)}`)
  }
}

function applyStartResults(results: readonly StartResult[]): void {
  const started: ImportSummary[] = []
  for (const result of results) {
    if (result.ok) started.push(result.import)
    else notify('error', `Could not import “${result.fileName}”. ${messageOf(result.message)}`)
  }
  upsertNow(started)
  const first = started[0]
  if (first) selectImport(first.id)
}

/** "Choose file…": the system dialog opens in main. */
export async function chooseFiles(): Promise<void> {
  let results: StartResult[] | null
  try {
    results = await importer().chooseFile()
  } catch (error) {
    notify('error', `Could not open the file dialog. ${messageOf(error)}`)
    return
  }
  if (results) applyStartResults(results)
}

/** A drop: imports each CSV file, says which items were skipped and why. */
export async function dropItems(items: readonly DroppedItem[]): Promise<void> {
  setDragOver(false)
  if (items.length === 0) {
    notify('error', NOTHING_DROPPED)
    return
  }
  const plan = planDrop(items)
  const alone = plan.accepted.length === 0 && plan.skipped.length === 1 ? plan.skipped[0] : undefined
  // A skipped file is a problem even when the others import: its reason stays until dismissed.
  if (plan.skipped.length > 0) notify('error', alone ? skipMessage(alone) : skippedSummary(plan))

  const results: StartResult[] = []
  for (const file of plan.accepted) {
    try {
      results.push(await importer().startDroppedFile(file))
    } catch (error) {
      results.push({ ok: false, fileName: file.name, message: messageOf(error) })
    }
  }
  applyStartResults(results)
}

/** "Export errors…": main shows the save dialog and writes the CSV. */
export async function exportErrors(id: number): Promise<void> {
  try {
    const result = await importer().exportErrors(id)
    if (result.ok) notify('info', `Saved ${plural(result.rows, 'error row', 'error rows')} to ${result.path}`, result.path)
    else if (!result.cancelled) notify('error', `Could not export the errors of ${nameOf(id)}. ${messageOf(result.message)}`)
  } catch (error) {
    notify('error', `Could not export the errors of ${nameOf(id)}. ${messageOf(error)}`)
  }
}

// ── Error rows ─────────────────────────────────────────────────────────────────────────────────────

/** Fetches the pages covering rows [first, last] that are missing or short of `total`. */
export function ensureErrorRows(id: number, first: number, last: number, total: number): void {
  const cache = getState().errorPages[id]
  if (cache?.failure) return
  const need: number[] = []
  const lastIndex = Math.floor(Math.min(last, total - 1) / ERROR_PAGE_SIZE)
  for (let index = Math.floor(Math.max(0, first) / ERROR_PAGE_SIZE); index <= lastIndex; index += 1) {
    if (pageNeedsFetch(cache, index, total)) need.push(index)
  }
  if (need.length === 0) return
  setState((state) => ({ errorPages: { ...state.errorPages, [id]: withLoading(state.errorPages[id], need) } }))
  for (const index of need) {
    importer()
      .errors(id, index * ERROR_PAGE_SIZE, ERROR_PAGE_SIZE)
      .then(
        (page) =>
          setState((state) => ({ errorPages: { ...state.errorPages, [id]: withPage(state.errorPages[id], index, page.rows) } })),
        (error: unknown) =>
          setState((state) => ({
            errorPages: {
              ...state.errorPages,
              [id]: withFailure(state.errorPages[id], [index], `Some error rows could not be loaded. ${messageOf(error)}`),
            },
          })),
      )
  }
}

/** Asks main once for an import's stored throughput, and puts it before the live samples. */
export function ensureThroughputHistory(id: number): void {
  if (getState().throughputHistory[id]) return
  setState((state) => ({ throughputHistory: { ...state.throughputHistory, [id]: true } }))
  importer()
    .throughput(id)
    .then(
      (history) => setState((state) => ({ throughput: { ...state.throughput, [id]: withHistory(state.throughput[id], history) } })),
      () =>
        // The chart goes on with live samples; a later look asks again.
        setState((state) => {
          const { [id]: _forgotten, ...rest } = state.throughputHistory
          return { throughputHistory: rest }
        }),
    )
}

/** After a failed fetch: clears the failure so the table asks again. */
export function retryErrorRows(id: number): void {
  setState((state) => {
    const cache = state.errorPages[id]
    return cache ? { errorPages: { ...state.errorPages, [id]: { ...cache, failure: null } } } : {}
  })
}
