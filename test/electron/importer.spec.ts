// The six scenarios of test/e2e/scenarios.ts against the built Electron app. Run through
// `npm run test:electron` (test/electron/run.ts); without an Electron binary every test is skipped.
import { attachDiagnostics, screenshotFixture, test as base } from '../e2e/harness/fixtures.ts'
import type { Shots } from '../e2e/harness/fixtures.ts'
import type { AppDriver } from '../e2e/harness/driver.ts'
import { defineScenarios } from '../e2e/scenarios.ts'
import { electronBinary } from './electron-binary.ts'
import { ElectronDriver } from './electron-driver.ts'

const test = base.extend<{ driver: AppDriver; shots: Shots }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from its destructured first parameter: {} asks for none
  driver: async ({}, use, testInfo) => {
    testInfo.skip(electronBinary() === null, 'Electron binary not available')
    const driver = new ElectronDriver()
    await use(driver)
    await attachDiagnostics(testInfo, driver.diagnostics())
    await driver.dispose()
  },
  // Artifacts only; docs/screenshots hold the e2e suite's.
  shots: screenshotFixture(null),
})

defineScenarios(test)
