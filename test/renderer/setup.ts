// Test setup for the renderer: a fresh store and DOM per test, numbers in a fixed locale.
import { cleanup } from '@testing-library/react'
import { afterEach, beforeEach } from 'vitest'
import { setFormatLocale } from '../../renderer/format.ts'
import { resetStore } from '../../renderer/store/actions.ts'
import { disconnectImporter } from './render-app.tsx'

// React's act() warnings are only silenced when the environment says it is a test.
;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

setFormatLocale('en-US')

beforeEach(() => {
  resetStore()
})

afterEach(() => {
  disconnectImporter()
  cleanup()
  delete window.importer
})
