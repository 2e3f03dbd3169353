// Loads the real renderer/styles.css into the test document, at a given window size, so a test can
// check the rules that matter with getComputedStyle (happy-dom evaluates @media on the viewport).
import { readFileSync } from 'node:fs'

// Relative to the project root, where vitest runs (vitest.config.ts).
const css = readFileSync('renderer/styles.css', 'utf8')

export function loadStyles(viewport: { width: number; height: number } = { width: 960, height: 640 }): void {
  ;(window as unknown as { happyDOM: { setViewport(size: { width: number; height: number }): void } }).happyDOM.setViewport(
    viewport,
  )
  document.getElementById('renderer-styles')?.remove()
  const style = document.createElement('style')
  style.id = 'renderer-styles'
  style.textContent = css
  document.head.append(style)
}
