// Runs in the renderer: dragging files over any part of the window outlines it; dropping imports them.
import { useEffect } from 'react'
import type { DroppedItem } from './drop.ts'
import { dropItems, setDragOver } from './store/actions.ts'

function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false
}

/** Reads the drop synchronously: the DataTransfer is emptied once the event returns. */
export function droppedItems(transfer: DataTransfer | null): DroppedItem[] {
  if (!transfer) return []
  const items: DroppedItem[] = []
  const list = transfer.items
  if (list && list.length > 0) {
    for (const item of Array.from(list)) {
      if (item.kind !== 'file') continue
      const file = item.getAsFile()
      if (!file) continue
      const entry = typeof item.webkitGetAsEntry === 'function' ? item.webkitGetAsEntry() : null
      items.push({ file, isDirectory: entry ? entry.isDirectory : null })
    }
    if (items.length > 0) return items
  }
  return Array.from(transfer.files).map((file) => ({ file, isDirectory: null }))
}

export function useWindowDrop(): void {
  useEffect(() => {
    // dragenter/dragleave fire for every child crossed; count them to know when the drag leaves.
    let depth = 0
    const onEnter = (event: DragEvent): void => {
      if (!carriesFiles(event)) return
      event.preventDefault()
      depth += 1
      setDragOver(true)
    }
    const onOver = (event: DragEvent): void => {
      if (!carriesFiles(event)) return
      event.preventDefault()
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy'
    }
    const onLeave = (event: DragEvent): void => {
      if (!carriesFiles(event)) return
      // The next element's dragenter comes before this dragleave, so depth reaches 0 only when the
      // drag leaves the window (or is cancelled).
      depth = Math.max(0, depth - 1)
      if (depth === 0) setDragOver(false)
    }
    const onDrop = (event: DragEvent): void => {
      // Never let the page navigate to a dropped file.
      event.preventDefault()
      depth = 0
      setDragOver(false)
      if (!carriesFiles(event)) return
      void dropItems(droppedItems(event.dataTransfer))
    }
    window.addEventListener('dragenter', onEnter)
    window.addEventListener('dragover', onOver)
    window.addEventListener('dragleave', onLeave)
    window.addEventListener('drop', onDrop)
    return () => {
      window.removeEventListener('dragenter', onEnter)
      window.removeEventListener('dragover', onOver)
      window.removeEventListener('dragleave', onLeave)
      window.removeEventListener('drop', onDrop)
    }
  }, [])
}
