// Runs in the renderer: short messages about what just happened (a skipped file, an export). Problems
// stay until dismissed; confirmations fade after a while.
import { useEffect } from 'react'
import { dismissNotice } from '../store/actions.ts'
import { useStore, type Notice } from '../store/index.ts'
import { Icon } from './Icon.tsx'

const INFO_MS = 8000

function NoticeItem({ notice }: { notice: Notice }) {
  useEffect(() => {
    if (notice.tone !== 'info') return
    const timer = setTimeout(() => dismissNotice(notice.id), INFO_MS)
    return () => clearTimeout(timer)
  }, [notice.id, notice.tone])

  return (
    <li className="notice" data-tone={notice.tone} role={notice.tone === 'error' ? 'alert' : undefined}>
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
    <ul className="notices" aria-live="polite" aria-label="Notices">
      {notices.map((notice) => (
        <NoticeItem key={notice.id} notice={notice} />
      ))}
    </ul>
  )
}
