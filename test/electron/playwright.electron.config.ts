// The Electron suite (run it with `npm run test:electron`, which checks for the binary and builds
// the app first): the scenarios of test/e2e/scenarios.ts against out/main/index.js with
// Playwright's _electron.
import { defineConfig } from '@playwright/test'

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: '../../test-results/electron',
  workers: 1,
  fullyParallel: false,
  timeout: 120_000,
  expect: { timeout: 20_000 },
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: { trace: 'retain-on-failure' },
})
