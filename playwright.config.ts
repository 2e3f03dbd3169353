// End-to-end tests (test/e2e): the built renderer in Debian's Chromium, the real preload over an
// Electron shim, a Node host with the real IPC handlers, service, worker and SQLite. See
// test/e2e/harness/browser-driver.ts. The Electron suite has its own config: test/electron/.
import { defineConfig } from '@playwright/test'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './test/e2e/harness/paths.ts'

export default defineConfig({
  testDir: './test/e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './test/e2e/global-setup.ts',
  outputDir: './test-results/e2e',
  // Real processes, real files, a 2-core machine: one test at a time.
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]] : [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
    screenshot: 'off',
  },
})
