// Runs in the test process: what every scenario gets, whichever driver runs the app: a fresh temp
// folder (data dir + files) removed after a passing test, screenshots as artifacts, and the app's
// logs attached when a test fails.
import { test as base } from '@playwright/test'
import type { Page, TestInfo } from '@playwright/test'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AppDriver } from './driver.ts'
import { SCREENSHOT_DOCS_DIR } from './paths.ts'

export interface Workspace {
  root: string
  /** The app's data dir (importer.sqlite); shared by every launch of one test. */
  dataDir: string
  /** A path for a file the test drops. */
  file(name: string): string
}

export interface Shots {
  /**
   * Screenshot of the window as a test artifact. With `publishAs`, and E2E_PUBLISH_SCREENSHOTS=1,
   * also copied to docs/screenshots/<prefix><publishAs>.png.
   */
  take(page: Page, name: string, options?: { publishAs?: string }): Promise<string>
}

export interface ScenarioFixtures {
  workspace: Workspace
  shots: Shots
  driver: AppDriver
}

function failed(testInfo: TestInfo): boolean {
  return testInfo.status !== testInfo.expectedStatus
}

/** Screenshot prefix of the docs copies; null: this driver's screenshots are never published. */
export function screenshotFixture(prefix: string | null) {
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from its destructured first parameter: {} asks for none
  return async ({}, use: (shots: Shots) => Promise<void>, testInfo: TestInfo): Promise<void> => {
    let count = 0
    await use({
      async take(page, name, options = {}) {
        count += 1
        const path = testInfo.outputPath(`${String(count).padStart(2, '0')}-${name}.png`)
        await page.screenshot({ path, animations: 'disabled', caret: 'hide' })
        await testInfo.attach(name, { path, contentType: 'image/png' })
        if (options.publishAs && prefix !== null && process.env.E2E_PUBLISH_SCREENSHOTS === '1') {
          mkdirSync(SCREENSHOT_DOCS_DIR, { recursive: true })
          copyFileSync(path, join(SCREENSHOT_DOCS_DIR, `${prefix}${options.publishAs}.png`))
        }
        return path
      },
    })
  }
}

export const test = base.extend<Omit<ScenarioFixtures, 'driver' | 'shots'>>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from its destructured first parameter: {} asks for none
  workspace: async ({}, use, testInfo) => {
    const root = mkdtempSync(join(tmpdir(), 'importer-e2e-'))
    const dataDir = join(root, 'data')
    const files = join(root, 'files')
    mkdirSync(files)
    await use({ root, dataDir, file: (name) => join(files, name) })
    if (failed(testInfo)) {
      testInfo.annotations.push({ type: 'workspace', description: `kept for inspection: ${root}` })
    } else {
      rmSync(root, { recursive: true, force: true })
    }
  },
})

/** Attaches the app's logs to a failed test. */
export async function attachDiagnostics(testInfo: TestInfo, diagnostics: string): Promise<void> {
  if (failed(testInfo) && diagnostics.trim() !== '') {
    await testInfo.attach('app-log', { body: diagnostics, contentType: 'text/plain' })
  }
}
