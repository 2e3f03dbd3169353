// The one Node API the renderer tests use (tsconfig.web.json has no Node types): reading
// renderer/styles.css so layout rules can be checked with getComputedStyle.
declare module 'node:fs' {
  export function readFileSync(path: string | URL, encoding: 'utf8'): string
}
