// Runs in the Playwright runner and its workers: where the e2e build lives and how Chromium starts.
import { join, resolve } from 'node:path'

export const ROOT = resolve(import.meta.dirname, '../../..')

/**
 * This run's build (global setup makes it, a fresh folder per run so two runs never share one):
 * under node_modules/.cache, ignored by git, where bundles resolve the project's node_modules.
 */
export const BUILD_ROOT = join(ROOT, 'node_modules', '.cache')
export const BUILD_DIR_ENV = 'IMPORTER_E2E_BUILD_DIR'

export function buildDir(): string {
  const dir = process.env[BUILD_DIR_ENV]
  if (!dir) throw new Error(`${BUILD_DIR_ENV} is not set: run the e2e tests with playwright.config.ts (its global setup builds the app)`)
  return dir
}
/** The real renderer, built with electron.vite.config.ts's renderer config. */
export const rendererDir = (): string => join(buildDir(), 'renderer')
/** The real preload/index.ts bundled for the browser, `electron` aliased to the shim. */
export const preloadBundle = (): string => join(buildDir(), 'preload', 'preload.js')
export const ELECTRON_SHIM = join(ROOT, 'test', 'e2e', 'harness', 'electron-shim.ts')
export const HOST_ENTRY = join(ROOT, 'test', 'e2e', 'harness', 'host.ts')
export const SCREENSHOT_DOCS_DIR = join(ROOT, 'docs', 'screenshots')

/** Debian's Chromium (Playwright's own browser download is unreachable here). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update']
