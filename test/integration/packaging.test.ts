// `electron-builder --dir` on a copy of the project, built for real: every path main computes
// (main/built-paths.ts), every module the built main and worker import, and better-sqlite3's
// native module (unpacked beside the asar, where Electron loads it from) exist in the packaged
// layout. electron-builder takes the Electron distribution from `electronDist`: the real one where
// its binary is installed, else (Linux) a stand-in with a script for the executable, which makes the
// same layout. Starting the packaged app needs the real binary and says so when it is skipped.
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { join, posix } from 'node:path'
import { after, before, test } from 'node:test'
import { PRODUCT_NAME } from '../../main/app-identity.ts'
import { builtPaths } from '../../main/built-paths.ts'
import { electronBinary } from '../electron/electron-binary.ts'
import { platformExecutablePath, projectRoot, standInProject } from '../electron/stand-in-electron.ts'

const realBinary = electronBinary()
const electronVersion = (JSON.parse(readFileSync(join(projectRoot, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version
const layoutSkip = realBinary === null && process.platform !== 'linux' ? 'skipped: Electron binary not available (the stand-in distribution is Linux-only)' : false

const project = standInProject()
after(() => project.remove())
const release = join(project.dir, 'release')
let resources = ''
let appOutDir = ''

/** A Linux Electron distribution with a script for the executable: what electron-builder copies. */
function standInDistribution(): string {
  const dist = join(project.dir, 'stand-in-dist')
  mkdirSync(dist)
  writeFileSync(join(dist, platformExecutablePath()), '#!/bin/sh\nexit 0\n')
  chmodSync(join(dist, platformExecutablePath()), 0o755)
  writeFileSync(join(dist, 'version'), `v${electronVersion}`)
  return dist
}

before(() => {
  if (layoutSkip) return
  const node = process.execPath
  const build = spawnSync(node, [join(project.dir, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: project.dir, encoding: 'utf8' })
  assert.equal(build.status, 0, build.stderr)
  const electronDist = realBinary !== null ? join(projectRoot, 'node_modules/electron/dist') : standInDistribution()
  const pack = spawnSync(node, [join(project.dir, 'node_modules/electron-builder/cli.js'), '--dir', `--config.electronDist=${electronDist}`, `--config.directories.output=${release}`], {
    cwd: project.dir,
    encoding: 'utf8',
  })
  assert.equal(pack.status, 0, pack.stdout + pack.stderr)
  appOutDir = join(release, readdirSync(release, { withFileTypes: true }).find((entry) => entry.isDirectory() && /unpacked$|^mac/.test(entry.name))?.name ?? '')
  resources = process.platform === 'darwin' ? join(appOutDir, `${PRODUCT_NAME}.app`, 'Contents', 'Resources') : join(appOutDir, 'resources')
})

interface AsarNode {
  files?: Record<string, AsarNode>
  unpacked?: boolean
}

/** The asar archive's header: a JSON tree of its files (after two little-endian length words). */
function asarHeader(file: string): AsarNode {
  const archive = readFileSync(file)
  const length = archive.readUInt32LE(12)
  return JSON.parse(archive.toString('utf8', 16, 16 + length)) as AsarNode
}

function asarEntry(header: AsarNode, path: string): AsarNode | null {
  let node: AsarNode | undefined = header
  for (const part of path.split('/').filter(Boolean)) node = node?.files?.[part]
  return node ?? null
}

function asarFile(header: AsarNode, path: string): boolean {
  const node = asarEntry(header, path)
  return node !== null && node.files === undefined
}

/** Static import specifiers of a built ES module (statements start their lines in Rolldown's output). */
function importsOf(source: string): string[] {
  return [...source.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|^\s*import\s*["']([^"']+)["']/gm)].map((m) => m[1] ?? m[2])
}

test('every path main computes is in app.asar, and every module the built main and worker import is packaged', { skip: layoutSkip }, () => {
  const header = asarHeader(join(resources, 'app.asar'))
  const packagedPackage = JSON.parse(readFileSync(join(project.dir, 'package.json'), 'utf8')) as { main: string }
  const mainBundle = posix.normalize(packagedPackage.main)
  assert.ok(asarFile(header, mainBundle), `package.json main (${mainBundle}) is packaged`)

  const bundleDir = posix.dirname(mainBundle)
  const paths: Record<string, string> = { ...builtPaths(bundleDir) }
  for (const [what, path] of Object.entries(paths)) assert.ok(asarFile(header, posix.normalize(path)), `${what}: ${path}`)

  const pending = [mainBundle, posix.normalize(builtPaths(bundleDir).worker)]
  const seen = new Set<string>()
  while (pending.length > 0) {
    const file = pending.pop() as string
    if (seen.has(file)) continue
    seen.add(file)
    for (const specifier of importsOf(readFileSync(join(project.dir, file), 'utf8'))) {
      if (specifier.startsWith('.')) {
        const target = posix.join(posix.dirname(file), specifier)
        assert.ok(asarFile(header, target), `${file} imports ${target}`)
        pending.push(target)
      } else if (specifier !== 'electron' && !specifier.startsWith('node:') && !builtinModules.includes(specifier)) {
        const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]
        assert.ok(asarFile(header, `node_modules/${name}/package.json`), `${file} imports ${name}, which is packaged`)
      }
    }
  }
  assert.ok(seen.size >= 3, `followed the chunks too: ${[...seen].join(', ')}`)
})

test('the reader thread and the chunk it imports are unpacked beside the asar, where the built worker starts it from', { skip: layoutSkip }, () => {
  const header = asarHeader(join(resources, 'app.asar'))
  const script = builtPaths(join(resources, 'app.asar', 'out', 'main')).readerThread
  assert.ok(script.startsWith(join(resources, 'app.asar.unpacked')), script)
  const pending = [posix.join('out/main', posix.basename(script))]
  const seen = new Set<string>()
  while (pending.length > 0) {
    const file = pending.pop() as string
    if (seen.has(file)) continue
    seen.add(file)
    assert.equal(asarEntry(header, file)?.unpacked, true, `${file} is marked unpacked in the asar`)
    const source = readFileSync(join(resources, 'app.asar.unpacked', file), 'utf8')
    for (const specifier of importsOf(source)) if (specifier.startsWith('.')) pending.push(posix.join(posix.dirname(file), specifier))
  }
  assert.ok(seen.size >= 2, `followed its chunk too: ${[...seen].join(', ')}`)
})

test("better-sqlite3's native module for this machine is unpacked beside the asar, other platforms' are left out, and so are its sources and the source maps", { skip: layoutSkip }, () => {
  const header = asarHeader(join(resources, 'app.asar'))
  const musl = process.platform === 'linux' && existsSync('/lib/ld-musl-x86_64.so.1') ? 'linuxmusl' : process.platform
  const prebuild = `node_modules/better-sqlite3/prebuilds/${musl}-${process.arch}.node`
  assert.equal(asarEntry(header, prebuild)?.unpacked, true, `${prebuild} is marked unpacked in the asar`)
  assert.ok(existsSync(join(resources, 'app.asar.unpacked', prebuild)), `${prebuild} is in app.asar.unpacked`)
  const packedPrebuilds = readdirSync(join(resources, 'app.asar.unpacked/node_modules/better-sqlite3/prebuilds'))
  for (const file of packedPrebuilds) assert.ok(file.startsWith(process.platform === 'linux' ? 'linux' : process.platform), `only this platform's prebuilds: ${file}`)
  for (const dir of ['deps', 'src', 'build']) assert.equal(asarEntry(header, `node_modules/better-sqlite3/${dir}`), null, `better-sqlite3/${dir}`)
  const outFiles = readdirSync(join(project.dir, 'out'), { recursive: true, encoding: 'utf8' })
  for (const file of outFiles.filter((f) => f.endsWith('.map'))) assert.equal(asarEntry(header, posix.join('out', file)), null, file)
})

/** The packaged executable electron-builder named after the app. */
function packagedExecutable(): string {
  if (process.platform === 'darwin') return join(appOutDir, `${PRODUCT_NAME}.app`, 'Contents', 'MacOS', PRODUCT_NAME)
  if (process.platform === 'win32') return join(appOutDir, `${PRODUCT_NAME}.exe`)
  return join(appOutDir, 'contacts-importer')
}

const launchSkip =
  realBinary === null
    ? 'skipped: Electron binary not available'
    : process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY && spawnSync('sh', ['-c', 'command -v xvfb-run']).status !== 0
      ? 'skipped: no display for Electron (set DISPLAY, or install xvfb)'
      : false

test('the packaged app starts: its worker, forked from the asar, opens the database with the unpacked native module', { skip: launchSkip, timeout: 120_000 }, async () => {
  const dataDir = join(project.dir, 'data')
  const args = ['--data-dir', dataDir, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])]
  const needsXvfb = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY
  const [command, commandArgs] = needsXvfb ? ['xvfb-run', ['-a', packagedExecutable(), ...args]] : [packagedExecutable(), args]
  const app = spawn(command, commandArgs, { stdio: 'ignore', detached: process.platform !== 'win32' })
  const exited = new Promise<void>((resolve) => app.once('exit', () => resolve()))
  try {
    const database = join(dataDir, 'importer.sqlite')
    const deadline = Date.now() + 90_000
    while (!existsSync(`${database}-wal`) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100))
    assert.ok(existsSync(database), `${database} was created by the packaged app's worker`)
  } finally {
    if (app.exitCode === null && app.pid !== undefined) {
      if (process.platform === 'win32') app.kill()
      else process.kill(-app.pid, 'SIGTERM')
    }
    await exited
  }
})
