// Runs in the renderer: keeps keyboard focus in the window when the focused control disappears
// because the import's state moved on (Cancel, Retry, "Choose another file…", the first run's
// "Choose file…"). Without this the browser drops focus to <body> and a keyboard or screen-reader
// user starts again from the top of the window.
import { useEffect } from 'react'

/** Where focus lands in a region: its first action button, else its marked fallback (name, heading). */
function targetIn(home: Element | null): HTMLElement | null {
  if (!home || !home.isConnected) return null
  return (
    home.querySelector<HTMLElement>('button[data-action]:not([aria-disabled="true"])') ??
    home.querySelector<HTMLElement>('[data-focus-fallback]')
  )
}

export function useFocusRescue(): void {
  useEffect(() => {
    let last: HTMLElement | null = null
    let home: Element | null = null

    const onFocusIn = (event: FocusEvent): void => {
      if (!(event.target instanceof HTMLElement)) return
      last = event.target
      home = last.closest('[data-focus-home]')
    }

    // Focus the person sent to nothing (a click on blank space) is theirs to keep: forget it. Checked
    // a little later, so a focusout caused by the element being removed is not mistaken for that.
    const onFocusOut = (event: FocusEvent): void => {
      const target = event.target
      if (event.relatedTarget !== null || !(target instanceof HTMLElement)) return
      queueMicrotask(() => {
        if (last === target && target.isConnected && document.activeElement === document.body) last = null
      })
    }

    const rescue = (): void => {
      if (!last || last.isConnected) return
      const active = document.activeElement
      if (active && active !== document.body && active !== document.documentElement) return
      // The same region if it is still there (the row, the detail of the same import), otherwise the
      // heading of what is selected now (e.g. the import just started from the removed button).
      const target =
        targetIn(home) ?? document.querySelector<HTMLElement>('[data-focus-home="detail"] [data-focus-fallback]')
      last = null
      target?.focus()
    }

    document.addEventListener('focusin', onFocusIn)
    document.addEventListener('focusout', onFocusOut)
    // Runs after each React commit that added or removed elements; cheap when nothing was lost.
    const observer = new MutationObserver(rescue)
    observer.observe(document.body, { childList: true, subtree: true })
    return () => {
      document.removeEventListener('focusin', onFocusIn)
      document.removeEventListener('focusout', onFocusOut)
      observer.disconnect()
    }
  }, [])
}
