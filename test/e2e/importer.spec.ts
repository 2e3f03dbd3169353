// The six scenarios in Debian's Chromium: the built renderer, the real preload (Electron shim
// underneath), a Node host running the real registerIpc + ImportService + worker, real SQLite.
import { test } from './harness/browser-test.ts'
import { defineScenarios } from './scenarios.ts'

defineScenarios(test)
