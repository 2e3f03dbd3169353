// Runs in the renderer: keys that act on the whole window. Esc dismisses the newest notice (a dialog
// handles its own Esc first).
import { useEffect } from 'react'
import { dismissLatestNotice } from './store/actions.ts'
import { useStore } from './store/index.ts'

export function useWindowKeys(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape' || event.defaultPrevented || useStore.getState().confirmation !== null) return
      if (dismissLatestNotice()) event.preventDefault()
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [])
}
