// Runs in Node (the runner and the Electron tests): where the Electron binary is, if it is there.
// Never require('electron') to find out: when its binary is missing, the electron package's
// index.js starts downloading it, which on a machine without the download host fails slowly.
import { existsSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/** The built app Electron starts (electron-vite build). */
export const MAIN_BUNDLE = join(import.meta.dirname, '..', '..', 'out', 'main', 'index.js')

/**
 * The path require('electron') would return, when that file exists; null otherwise. Same rules as
 * node_modules/electron/index.js (path.txt, ELECTRON_OVERRIDE_DIST_PATH), minus the download.
 */
export function electronBinary(): string | null {
  let packageDir: string
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
  } catch {
    return null
  }
  const pathFile = join(packageDir, 'path.txt')
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : ''
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH
  let candidate: string
  if (override) candidate = join(override, executable || 'electron')
  else if (executable) candidate = join(packageDir, 'dist', executable)
  else return null
  try {
    return statSync(candidate).isFile() ? candidate : null
  } catch {
    return null
  }
}
