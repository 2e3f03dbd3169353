// The six scenarios in Debian's Chromium: the built renderer, the real preload (Electron shim
// underneath), a Node host running the real registerIpc + ImportService + worker, real SQLite.
import { attachDiagnostics, screenshotFixture, test as base } from './harness/fixtures.ts'
import type { Shots } from './harness/fixtures.ts'
import type { AppDriver } from './harness/driver.ts'
import { BrowserDriver } from './harness/browser-driver.ts'
import { serveDirectory } from './harness/static-server.ts'
import type { StaticServer } from './harness/static-server.ts'
import { rendererDir } from './harness/paths.ts'
import { defineScenarios } from './scenarios.ts'

const test = base.extend<{ driver: AppDriver; shots: Shots }, { rendererServer: StaticServer }>({
  rendererServer: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await serveDirectory(rendererDir())
      await use(server)
      await server.close()
    },
    { scope: 'worker' },
  ],
  driver: async ({ browser, rendererServer }, use, testInfo) => {
    const driver = new BrowserDriver(browser, rendererServer.origin)
    await use(driver)
    await attachDiagnostics(testInfo, driver.diagnostics())
    await driver.dispose()
  },
  shots: screenshotFixture('e2e-'),
})

defineScenarios(test)
