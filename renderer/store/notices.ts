// Runs in the renderer: the window's own state: the selection, drag-over, notices and what the live
// region announces, and the words they use for an import and for an error from main.
import { useStore } from './index.ts'
import { MAX_NOTICES, type Notice } from './ui-slice.ts'

const { setState, getState } = useStore

let noticeSeq = 0

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

/** A sentence for the polite live region (the same one twice is still announced). */
export function announce(text: string): void {
  setState((state) => ({ announcement: { text, seq: state.announcement.seq + 1 } }))
}

/** An import's name in a sentence. */
export function nameOf(id: number): string {
  return getState().imports[id]?.fileName ?? 'the import'
}

/** Back to a fresh window (tests, and a reconnect). */
export function resetNotices(): void {
  noticeSeq = 0
}
