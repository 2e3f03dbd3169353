// Runs once before the e2e tests: builds the renderer and the browser preload into a folder of this
// run (test/e2e/harness/build.ts), tells the workers where, and removes it after the run.
import { rmSync } from 'node:fs'
import { buildForE2e } from './harness/build.ts'
import { BUILD_DIR_ENV } from './harness/paths.ts'

export default async function globalSetup(): Promise<() => void> {
  const started = Date.now()
  const dir = await buildForE2e()
  // Workers inherit the environment global setup leaves behind.
  process.env[BUILD_DIR_ENV] = dir
  console.log(`e2e build (renderer + preload with the Electron shim): ${Date.now() - started} ms`)
  return () => rmSync(dir, { recursive: true, force: true })
}
