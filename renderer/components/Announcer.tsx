// Runs in the renderer: the polite live region. It speaks status changes and every 10% of the
// selected import, never every tick.
import { useStore } from '../store/index.ts'

export function Announcer() {
  const announcement = useStore((s) => s.announcement)
  return (
    <div className="sr-only" aria-live="polite" aria-atomic="true" data-testid="announcer">
      {announcement}
    </div>
  )
}
