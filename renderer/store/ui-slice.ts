// Runs in the renderer: window-level state: the connection to main, drag-over, notices, and the
// sentence the polite live region announces.

export type Connection = 'loading' | 'ready' | 'unavailable' | 'failed'

export interface Notice {
  id: number
  tone: 'info' | 'error'
  text: string
  /** A file the notice is about (an export), offered with "Show in folder". */
  reveal?: string
}

/** A question the window asks before a command that cannot be undone. */
export type Confirmation =
  | { kind: 'cancel'; id: number }
  | { kind: 'remove'; id: number }
  | { kind: 'clearFinished'; ids: readonly number[] }

export interface Announcement {
  text: string
  /** Counts announcements, so the same sentence said twice still changes what the live region holds. */
  seq: number
}

export interface UiSlice {
  connection: Connection
  /** Why loading failed, in words. */
  connectionMessage: string | null
  dragOver: boolean
  notices: readonly Notice[]
  /** The latest announcement for screen readers (status changes, every 10% of the selected import). */
  announcement: Announcement
  /** The open confirmation dialog, if any. */
  confirmation: Confirmation | null
}

export const initialUi: UiSlice = {
  connection: 'loading',
  connectionMessage: null,
  dragOver: false,
  notices: [],
  announcement: { text: '', seq: 0 },
  confirmation: null,
}

/** Notices shown at once; older ones give way. */
export const MAX_NOTICES = 4
