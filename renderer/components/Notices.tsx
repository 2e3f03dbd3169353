// Runs in the renderer: short messages about what just happened (a skipped file, an export). Problems
// stay until dismissed; confirmations fade after a while. Each tone has its own list, and that list is
// the one live region that announces the notice: a problem at once, a confirmation when the screen
// reader is free. A notice has no live role of its own, which would have it spoken twice.
import { useEffect } from 'react'
import { dismissNotice } from '../store/actions.ts'
import { useStore, type Notice } from '../store/index.ts'
import { Icon } from './Icon.tsx'

const INFO_MS = 8000

const LISTS = [
  { tone: 'error', label: 'Problems', live: 'assertive' },
  { tone: 'info', label: 'Notices', live: 'polite' },
] as const

function NoticeItem({ notice }: { notice: Notice }) {
  useEffect(() => {
    if (notice.tone !== 'info') return
    const timer = setTimeout(() => dismissNotice(notice.id), INFO_MS)
    return () => clearTimeout(timer)
  }, [notice.id, notice.tone])

  return (
    <li className="notice" data-tone={notice.tone}>
      <span className="notice-icon" aria-hidden="true">
        <Icon name={notice.tone === 'error' ? 'warning' : 'check'} />
      </span>
      <p className="notice-text">{notice.text}</p>
      <button
        type="button"
        className="icon-button"
        aria-label="Dismiss"
        title="Dismiss"
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
    <div className="notices">
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
    </div>
  )
}
