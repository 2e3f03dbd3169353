// Runs in any host (Electron main, the CLI, tests): where the data folder is. No electron import,
// so the CLI reuses it under plain node; the Electron default is passed in lazily.
import { posix, resolve, win32 } from 'node:path'
import { DATA_FOLDER_NAME } from './app-identity.ts'

export const DATA_DIR_FLAG = '--data-dir'
export const DATA_DIR_ENV = 'IMPORTER_DATA_DIR'

export class DataDirUsageError extends Error {
  override name = 'DataDirUsageError'
}

export interface DataDirSources {
  /** Command-line arguments; `--data-dir DIR` or `--data-dir=DIR` anywhere in them wins. */
  argv: readonly string[]
  env: Readonly<Record<string, string | undefined>>
  /** The host's default (Electron: app.getPath('userData')); only called when nothing overrides it. */
  fallback: () => string
  /** Base for relative paths; defaults to process.cwd(). */
  cwd?: string
}

export interface ResolvedDataDir {
  dir: string
  source: 'argv' | 'env' | 'default'
}

/**
 * The value of `--data-dir` in argv, or undefined when absent. The last occurrence wins, like most
 * CLIs. Throws DataDirUsageError when the flag has no value (`--data-dir` last, or followed by
 * another flag, or `--data-dir=`).
 */
export function dataDirFromArgv(argv: readonly string[]): string | undefined {
  let found: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--') break
    if (arg === DATA_DIR_FLAG) {
      const value = argv[i + 1]
      if (value === undefined || value === '' || value.startsWith('--')) {
        throw new DataDirUsageError(`${DATA_DIR_FLAG} needs a folder: ${DATA_DIR_FLAG} DIR`)
      }
      found = value
      i++
    } else if (arg.startsWith(`${DATA_DIR_FLAG}=`)) {
      const value = arg.slice(DATA_DIR_FLAG.length + 1)
      if (value === '') throw new DataDirUsageError(`${DATA_DIR_FLAG} needs a folder: ${DATA_DIR_FLAG} DIR`)
      found = value
    }
  }
  return found
}

/** `--data-dir DIR`, else $IMPORTER_DATA_DIR (when not blank), else the host's default; absolute. */
export function resolveDataDir(sources: DataDirSources): ResolvedDataDir {
  const cwd = sources.cwd ?? process.cwd()
  const fromArgv = dataDirFromArgv(sources.argv)
  if (fromArgv !== undefined) return { dir: resolve(cwd, fromArgv), source: 'argv' }
  const fromEnv = sources.env[DATA_DIR_ENV]
  if (fromEnv !== undefined && fromEnv.trim() !== '') return { dir: resolve(cwd, fromEnv), source: 'env' }
  return { dir: resolve(cwd, sources.fallback()), source: 'default' }
}

export interface PlatformDirs {
  platform: NodeJS.Platform
  env: Readonly<Record<string, string | undefined>>
  homedir: string
}

/**
 * The app's default data folder (its userData) for a folder named appName, computed without
 * Electron, so the CLI's default data dir is the app's: %APPDATA%\name on Windows,
 * ~/Library/Application Support/name on macOS, $XDG_CONFIG_HOME/name (else ~/.config/name)
 * elsewhere: Electron's appData folder on each platform.
 */
export function electronUserDataDir(appName: string, dirs: PlatformDirs): string {
  const { platform, env, homedir } = dirs
  if (platform === 'win32') {
    const appData = env.APPDATA || win32.join(homedir, 'AppData', 'Roaming')
    return win32.join(appData, appName)
  }
  if (platform === 'darwin') return posix.join(homedir, 'Library', 'Application Support', appName)
  const config = env.XDG_CONFIG_HOME && posix.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : posix.join(homedir, '.config')
  return posix.join(config, appName)
}

/** The data folder's name (app-identity.ts), which main sets as userData under appData. */
export const APP_NAME = DATA_FOLDER_NAME
