// Runs in the renderer: one progress bar. The fill moves by transform (compositor only), so a tick
// never lays out the page.
import type { ImportStatus } from '../../preload/api.ts'

export interface ProgressBarProps {
  fraction: number
  status: ImportStatus
  /** Accessible name, e.g. "contacts.csv progress". */
  label: string
  /** What the value means in words, e.g. "71%, 712,408 of 1,000,000 rows". */
  valueText: string
  size?: 'small' | 'large'
}

export function ProgressBar({ fraction, status, label, valueText, size = 'small' }: ProgressBarProps) {
  const clamped = Math.min(1, Math.max(0, fraction))
  return (
    <div
      className="bar"
      data-size={size}
      data-status={status}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.floor(clamped * 100)}
      aria-valuetext={valueText}
    >
      <div className="bar-fill" style={{ transform: `scaleX(${clamped})` }} />
    </div>
  )
}
