// Runs in the Playwright runner: the test fixtures of the Chromium suites: the built renderer served
// once per worker, and a driver that runs the app over the Node host (browser-driver.ts).
import { attachDiagnostics, screenshotFixture, test as base } from './fixtures.ts'
import type { Shots } from './fixtures.ts'
import type { AppDriver } from './driver.ts'
import { BrowserDriver } from './browser-driver.ts'
import { serveDirectory } from './static-server.ts'
import type { StaticServer } from './static-server.ts'
import { rendererDir } from './paths.ts'

export const test = base.extend<{ driver: AppDriver; shots: Shots }, { rendererServer: StaticServer }>({
  rendererServer: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from its destructured first parameter: {} asks for none
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
