// Runs in the renderer: the whole-window outline while files are dragged over it.
import { useStore } from '../store/index.ts'
import { Icon } from './Icon.tsx'

export function DropOverlay() {
  const dragOver = useStore((s) => s.dragOver)
  if (!dragOver) return null
  return (
    <div className="drop-overlay" data-testid="drop-overlay">
      <div className="drop-overlay-card">
        <Icon name="drop" size={32} />
        <p>Drop to import</p>
      </div>
    </div>
  )
}
