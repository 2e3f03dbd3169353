// `npm run test:electron`: the six scenarios against the built Electron app, where Electron can
// start. Where it cannot (no binary: this machine), says exactly that and exits 0 without running
// or passing anything.
//   1. the Electron binary exists (looked up without triggering the electron package's download)
//      and starts (ELECTRON_RUN_AS_NODE --version); on Linux a display exists, or xvfb-run does;
//   2. electron-vite build (out/main/index.js, out/preload/index.cjs, out/renderer/);
//   3. playwright test -c test/electron/playwright.electron.config.ts [extra args passed on].
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { electronBinary } from './electron-binary.ts'

const root = join(import.meta.dirname, '..', '..')

/** Says why nothing ran, on its first line, and exits 0 without claiming a pass. */
function skip(what: string, reason = ''): never {
  console.log(`skipped: ${what}`)
  if (reason) console.error(`(${reason})`)
  process.exit(0)
}

function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0
}

const binary = electronBinary()
if (binary === null) skip('Electron binary not available')

const probe = spawnSync(binary, ['--version'], {
  env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  encoding: 'utf8',
  timeout: 30_000,
})
if (probe.status !== 0) skip('Electron binary does not start', `${binary}: ${(probe.stderr || probe.error?.message || `exit ${probe.status}`).trim()}`)

const needsDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY
if (needsDisplay && !onPath('xvfb-run')) skip('no display for Electron', 'set DISPLAY, or install xvfb (xvfb-run)')

const build = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
  cwd: root,
  stdio: 'inherit',
})
if (build.status !== 0) {
  console.error('electron-vite build failed')
  process.exit(build.status ?? 1)
}

const playwright = [join(root, 'node_modules', '@playwright', 'test', 'cli.js'), 'test', '-c', join(root, 'test', 'electron', 'playwright.electron.config.ts'), ...process.argv.slice(2)]
const [command, args] = needsDisplay ? ['xvfb-run', ['-a', process.execPath, ...playwright]] : [process.execPath, playwright]
const run = spawnSync(command, args, { cwd: root, stdio: 'inherit' })
process.exit(run.status ?? 1)
