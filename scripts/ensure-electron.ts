// `npm start` and `npm run dev` run this before electron-vite. Electron 45's npm package has no
// install script: it downloads its binary only when asked (its install.js, run by require('electron')
// or `npx install-electron`), while electron-vite starts node_modules/electron/dist/<path.txt> and
// throws "Electron uninstall" when path.txt is absent. So this asks Electron's own installer, which
// honours ELECTRON_MIRROR, ELECTRON_CUSTOM_DIR, electron_config_cache, electron_use_remote_checksums
// and the npm config forms of those (npm_config_electron_mirror…), and checks its result.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

export interface ElectronPackage {
  dir: string
  version: string
}

/** The electron package electron-vite resolves (from electron-vite's own folder, as it does). */
export function electronPackageOf(projectDir: string): ElectronPackage {
  const projectRequire = createRequire(join(projectDir, 'package.json'))
  const electronViteRequire = createRequire(projectRequire.resolve('electron-vite/package.json'))
  const manifest = electronViteRequire.resolve('electron/package.json')
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }
  return { dir: dirname(manifest), version }
}

/**
 * The executable electron-vite will start: $ELECTRON_EXEC_PATH when set, else
 * dist/<the path in path.txt>; null while path.txt is missing. Whether it exists is not checked.
 */
export function electronViteExecutable(electron: ElectronPackage, env: NodeJS.ProcessEnv): string | null {
  if (env.ELECTRON_EXEC_PATH) return env.ELECTRON_EXEC_PATH
  const pathFile = join(electron.dir, 'path.txt')
  if (!existsSync(pathFile)) return null
  return join(electron.dir, 'dist', readFileSync(pathFile, 'utf8'))
}

/** @electron/get's debug channel that names each URL it fetches ("Downloading URL to PATH …"). */
const DOWNLOAD_LOG = '@electron/get:index'

/** What a failed install.js said: its error line (it prints err.stack) and the last URL it fetched. */
export function installerFailure(stderr: string): { error: string; url: string | null } {
  const lines = stderr.split(/\r?\n/).map((line) => line.trim())
  const error = lines.find((line) => /^[\w.]*Error\b/.test(line)) ?? lines.find((line) => line !== '' && !line.startsWith('at ')) ?? 'no reason given'
  const urls = [...stderr.matchAll(/Downloading (\S+) to /g)].map((match) => match[1])
  return { error, url: urls.at(-1) ?? null }
}

/** The one paragraph a person reads when the binary cannot be had. */
export function downloadFailedMessage(version: string, failure: { error: string; url: string | null }): string {
  const from = failure.url === null ? '' : ` from ${failure.url}`
  return (
    `Could not install Electron ${version}, which npm start and npm run dev need: its download${from} failed (${failure.error}). ` +
    'The usual causes are no network, or a proxy or firewall between you and GitHub (point ELECTRON_MIRROR at a ' +
    'mirror you can reach, or set HTTPS_PROXY with NODE_USE_ENV_PROXY=1), or a mirror whose files differ from ' +
    "Electron's checksums; see Troubleshooting in README.md. " +
    'The importer itself runs without Electron: npm run cli -- import FILE.'
  )
}

/** Makes sure the binary electron-vite will start exists; returns what to print and the exit code. */
export function ensureElectron(projectDir: string, env: NodeJS.ProcessEnv): { message: string | null; code: 0 | 1 } {
  const electron = electronPackageOf(projectDir)
  const before = electronViteExecutable(electron, env)
  if (before !== null && existsSync(before)) return { message: null, code: 0 }
  if (env.ELECTRON_EXEC_PATH) {
    return { message: `ELECTRON_EXEC_PATH is set to ${env.ELECTRON_EXEC_PATH}, which does not exist: unset it or point it at an Electron ${electron.version} executable.`, code: 1 }
  }

  console.log(`Downloading Electron ${electron.version} (once; about 100 MB)…`)
  const install = spawnSync(process.execPath, [join(electron.dir, 'install.js')], {
    cwd: projectDir,
    // Only the debug channel that names the URL; whatever DEBUG already asked for stays.
    env: { ...env, DEBUG: [env.DEBUG, DOWNLOAD_LOG].filter(Boolean).join(',') },
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
  })
  const after = electronViteExecutable(electron, env)
  if (install.status === 0 && after !== null && existsSync(after)) return { message: null, code: 0 }
  const failure =
    install.status === 0
      ? { error: `the installer finished but ${after ?? join(electron.dir, 'path.txt')} is missing`, url: null }
      : installerFailure(install.stderr || install.error?.message || '')
  return { message: downloadFailedMessage(electron.version, failure), code: 1 }
}

if (import.meta.main) {
  const { message, code } = ensureElectron(join(import.meta.dirname, '..'), process.env)
  if (message !== null) console.error(message)
  process.exitCode = code
}
