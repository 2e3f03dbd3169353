// Loads the real renderer/styles.css (all its parts) into the test document, at a given window size, so a test can
// check the rules that matter with getComputedStyle (happy-dom evaluates @media on the viewport).
import { readFileSync } from 'node:fs'

// Relative to the project root, where vitest runs (vitest.config.ts). styles.css is the list of its
// parts (@import, in cascade order); happy-dom fetches none, so they are put in its place here.
const css = readFileSync('renderer/styles.css', 'utf8').replace(/^@import '\.\/(.+)';$/gm, (_line, part: string) =>
  readFileSync(`renderer/${part}`, 'utf8'),
)

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
