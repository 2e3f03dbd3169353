// Runs in the renderer: the polite live regions. They speak status changes and every 10% of the
// selected import, never every tick. Announcements take turns between two regions and the idle one is
// emptied: a screen reader speaks a region only when its text changes, so the same sentence twice in a
// row (the same file dropped twice: "leads.csv is queued") is said both times.
import { useStore } from '../store/index.ts'

const REGIONS = [0, 1] as const

export function Announcer() {
  const announcement = useStore((s) => s.announcement)
  return (
    <div className="sr-only" data-testid="announcer">
      {REGIONS.map((region) => (
        <div key={region} aria-live="polite" aria-atomic="true">
          {announcement.seq % REGIONS.length === region ? announcement.text : ''}
        </div>
      ))}
    </div>
  )
}
