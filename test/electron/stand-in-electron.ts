// Runs in Node (tests): what it takes to exercise Electron's installer and launchers offline. A
// copy of this project whose node_modules/electron has no binary yet, a stand-in "Electron" (a
// shell script that writes down how it was started) packed the way Electron's release zips are,
// and a mirror on 127.0.0.1 that serves it where ELECTRON_MIRROR makes the installer look.
import { createHash } from 'node:crypto'
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { crc32 } from 'node:zlib'

export const projectRoot = resolve(import.meta.dirname, '..', '..')

/** The env var naming the file where the stand-in records its launch. */
export const LAUNCH_RECORD_ENV = 'STAND_IN_ELECTRON_RECORD'

export interface LaunchRecord {
  executable: string
  cwd: string
  args: string[]
}

export interface ZipEntry {
  name: string
  data: Buffer | string
  /** Unix permission bits, kept by Electron's extractor. */
  mode?: number
}

/** A zip archive with stored (uncompressed) entries and Unix modes, as `zip` would write it. */
export function zip(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8')
    const data = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data, 'utf8')
    const crc = crc32(data)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4) // version needed
    local.writeUInt16LE(0x0800, 6) // UTF-8 names
    local.writeUInt16LE(0, 8) // stored
    local.writeUInt32LE(0, 10) // DOS time and date
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(data.length, 18)
    local.writeUInt32LE(data.length, 22)
    local.writeUInt16LE(name.length, 26)
    local.writeUInt16LE(0, 28)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE((3 << 8) | 20, 4) // made by Unix, so the external attributes hold a mode
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(0x0800, 8)
    central.writeUInt16LE(0, 10)
    central.writeUInt32LE(0, 12)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(data.length, 20)
    central.writeUInt32LE(data.length, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(((0o100000 | (entry.mode ?? 0o644)) << 16) >>> 0, 38)
    central.writeUInt32LE(offset, 42)
    locals.push(local, name, data)
    centrals.push(central, name)
    offset += local.length + name.length + data.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, end])
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex')
}

/** Where Electron's installer expects the executable inside dist/ (install.js getPlatformPath). */
export function platformExecutablePath(platform: NodeJS.Platform = process.platform): string {
  return platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : platform === 'win32' ? 'electron.exe' : 'electron'
}

/** Electron's release file name for this machine (@electron/get getArtifactFileName). */
export function releaseZipName(version: string): string {
  return `electron-v${version}-${process.platform}-${process.arch}.zip`
}

/** The stand-in release zip: a POSIX shell "Electron" that records its launch, and dist/version. */
export function standInElectronZip(version: string): Buffer {
  const script = [
    '#!/bin/sh',
    `# Stand-in for Electron ${version}: writes its path, cwd and arguments to $${LAUNCH_RECORD_ENV}, a line each.`,
    `{ printf '%s\\n' "$0"; pwd; for arg in "$@"; do printf '%s\\n' "$arg"; done; } > "$${LAUNCH_RECORD_ENV}"`,
    '',
  ].join('\n')
  return zip([
    { name: platformExecutablePath(), data: script, mode: 0o755 },
    { name: 'version', data: `v${version}` },
  ])
}

export function readLaunchRecord(file: string): LaunchRecord {
  const [executable, cwd, ...args] = readFileSync(file, 'utf8').replace(/\n$/, '').split('\n')
  return { executable, cwd, args }
}

export interface Mirror {
  /** For ELECTRON_MIRROR: the installer fetches `${url}v${version}/${file}`. */
  url: string
  requests: string[]
  close(): Promise<void>
}

/** Serves files at their paths on 127.0.0.1; anything else is a 404. */
export async function startMirror(files: Record<string, Buffer | string>): Promise<Mirror> {
  const requests: string[] = []
  const server = createServer((request, response) => {
    const path = request.url ?? '/'
    requests.push(path)
    const body = files[path]
    if (body === undefined) {
      response.writeHead(404).end()
      return
    }
    response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body)
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () => new Promise<void>((done) => server.close(() => done())),
  }
}

/** A mirror URL on which nothing listens: a port that was just free. */
export async function unreachableMirrorUrl(): Promise<string> {
  const mirror = await startMirror({})
  await mirror.close()
  return mirror.url
}

export interface StandInProject {
  dir: string
  electronDir: string
  remove(): void
}

const PROJECT_FILES = ['package.json', 'electron.vite.config.ts', 'tsconfig.json', 'tsconfig.base.json', 'tsconfig.node.json', 'tsconfig.web.json', 'main', 'preload', 'renderer', 'scripts']

/**
 * A temp copy of this project as a fresh `npm install` leaves it: sources and scripts copied,
 * node_modules linked to ours except electron (copied without dist/ and path.txt, so without a
 * binary: the installer writes there) and electron-vite (copied: it resolves electron from its own
 * folder). Our own node_modules/electron is never written.
 */
export function standInProject(): StandInProject {
  const dir = mkdtempSync(join(tmpdir(), 'importer-fresh-'))
  for (const file of PROJECT_FILES) cpSync(join(projectRoot, file), join(dir, file), { recursive: true })
  const modules = join(projectRoot, 'node_modules')
  mkdirSync(join(dir, 'node_modules'))
  for (const name of readdirSync(modules)) {
    const from = join(modules, name)
    const to = join(dir, 'node_modules', name)
    if (name === '.bin') cpSync(from, to, { recursive: true, verbatimSymlinks: true })
    else if (name === 'electron') cpSync(from, to, { recursive: true, filter: (source) => !/^[\\/](dist|path\.txt)$/.test(source.slice(from.length)) })
    else if (name === 'electron-vite') cpSync(from, to, { recursive: true })
    else if (!name.startsWith('.')) symlinkSync(realpathSync(from), to)
  }
  return { dir, electronDir: join(dir, 'node_modules', 'electron'), remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** This environment without any setting that would steer Electron's installer or electron-vite. */
export function envWithoutElectronSettings(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(npm_config_|npm_package_config_)?electron_/i.test(key) && key !== 'force_no_cache') env[key] = value
  }
  return { ...env, ...extra }
}
