// Runs in the renderer: the status strip at the foot of the window: short messages about what just
// happened (a skipped file, an export). It takes its own row, so it never covers the error rows.
// Problems stay until dismissed (× or Esc); confirmations fade after a while unless they offer
// something to do ("Show in folder"). Each tone has its own list, and that list is the one live
// region that announces the notice: a problem at once, a confirmation when the screen reader is
// free. A notice has no live role of its own, which would have it spoken twice.
import { useEffect } from 'react'
import { dismissNotice, showInFolder } from '../store/actions.ts'
import { useStore, type Notice } from '../store/index.ts'
import { Icon } from './Icon.tsx'

const INFO_MS = 8000

const LISTS = [
  { tone: 'error', label: 'Problems', live: 'assertive' },
  { tone: 'info', label: 'Notices', live: 'polite' },
] as const

function NoticeItem({ notice }: { notice: Notice }) {
  const fades = notice.tone === 'info' && notice.reveal === undefined
  useEffect(() => {
    if (!fades) return
    const timer = setTimeout(() => dismissNotice(notice.id), INFO_MS)
    return () => clearTimeout(timer)
  }, [notice.id, fades])

  const reveal = notice.reveal
  return (
    <li className="notice" data-tone={notice.tone}>
      <span className="notice-icon" aria-hidden="true">
        <Icon name={notice.tone === 'error' ? 'warning' : 'check'} />
      </span>
      <p className="notice-text">{notice.text}</p>
      {reveal !== undefined && (
        <button type="button" className="link-button notice-action" onClick={() => void showInFolder(reveal)}>
          Show in folder
        </button>
      )}
      <button
        type="button"
        className="icon-button"
        aria-label="Dismiss"
        title="Dismiss (Esc)"
        onClick={() => dismissNotice(notice.id)}
      >
        <Icon name="close" />
      </button>
    </li>
  )
}

export function Notices() {
  const notices = useStore((s) => s.notices)
  return (
    <section className="notices" aria-label="Status" data-empty={notices.length === 0 || undefined} data-inert-under-dialog>
      {LISTS.map((list) => (
        // Always in the page, even empty: a live region announces what is added to it, not itself.
        <ul key={list.tone} className="notice-list" aria-label={list.label} aria-live={list.live}>
          {notices
            .filter((notice) => notice.tone === list.tone)
            .map((notice) => (
              <NoticeItem key={notice.id} notice={notice} />
            ))}
        </ul>
      ))}
    </section>
  )
}
