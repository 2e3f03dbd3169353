// The electron-builder configuration as electron-builder itself resolves and validates it
// (package.json "build"): targets per platform, what goes into the asar and what stays out of it,
// the names it shares with main (app-identity.ts), and the icon files it is pointed at.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join, matchesGlob } from 'node:path'
import { test } from 'node:test'
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js'
import { APP_ID, DATA_FOLDER_NAME, PRODUCT_NAME } from '../../../main/app-identity.ts'
import { ICNS_TYPES, ICO_SIZES, PNG_SIZES } from '../../../scripts/make-icons.ts'

const root = join(import.meta.dirname, '../../..')
const config = await getConfig(root, null, null)
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; productName: string; version: string; main: string }

function patterns(files: unknown): string[] {
  return (files as Array<string | { filter?: string[] }>).flatMap((entry) => (typeof entry === 'string' ? [entry] : (entry.filter ?? [])))
}

function targets(platform: { target?: unknown } | null | undefined): string[] {
  return (platform?.target as Array<string | { target: string }>).map((t) => (typeof t === 'string' ? t : t.target))
}

test('electron-builder accepts the configuration', async () => {
  await validateConfiguration(config, { isEnabled: false, add() {} } as unknown as Parameters<typeof validateConfiguration>[1])
})

test('targets: Linux AppImage and deb, macOS dmg, Windows NSIS', () => {
  assert.deepEqual(targets(config.linux), ['AppImage', 'deb'])
  assert.deepEqual(targets(config.mac), ['dmg'])
  assert.deepEqual(targets(config.win), ['nsis'])
})

test('one name, id and data folder: what main uses is what the installers get', () => {
  assert.equal(config.appId, APP_ID)
  assert.equal(pkg.productName, PRODUCT_NAME)
  assert.equal(pkg.name, DATA_FOLDER_NAME)
  assert.equal(config.productName ?? pkg.productName, PRODUCT_NAME, 'no second product name in the builder config')
  assert.match(pkg.version, /^\d+\.\d+\.\d+/)
})

test('files: the built app (out/**) and package.json; no source maps, no better-sqlite3 sources', () => {
  const files = patterns(config.files)
  assert.ok(files.includes('out/**'))
  assert.ok(files.includes('package.json'))
  assert.ok(matchesGlob(pkg.main.replace(/^\.\//, ''), 'out/**'), 'package.json main is packaged')
  assert.ok(files.includes('!out/**/*.map'))
  assert.ok(files.some((f) => f.startsWith('!**/node_modules/better-sqlite3/{binding.gyp,deps,src,build}')))
})

test("asarUnpack covers better-sqlite3's native module for every platform it ships", () => {
  const unpack = config.asarUnpack as string[]
  for (const target of ['linux-x64', 'linux-arm64', 'linuxmusl-x64', 'darwin-arm64', 'darwin-x64', 'win32-x64', 'win32-arm64']) {
    const file = `node_modules/better-sqlite3/prebuilds/${target}.node`
    assert.ok(unpack.some((pattern) => matchesGlob(file, pattern)), file)
  }
  assert.equal(config.npmRebuild, false, 'better-sqlite3 13 is a Node-API prebuild: nothing to rebuild for Electron')
})

test("each platform packs only its own better-sqlite3 prebuilds", () => {
  const own = { linux: ['linux', 'linuxmusl'], mac: ['darwin'], win: ['win32'] } as const
  for (const [platform, keep] of Object.entries(own)) {
    const excluded = patterns(config[platform as keyof typeof own]?.files ?? [])
      .filter((pattern) => pattern.startsWith('!'))
      .map((pattern) => pattern.slice(1))
    for (const os of ['linux', 'linuxmusl', 'darwin', 'win32']) {
      for (const arch of ['x64', 'arm64']) {
        const file = `node_modules/better-sqlite3/prebuilds/${os}-${arch}.node`
        const left = excluded.some((pattern) => matchesGlob(file, pattern))
        assert.equal(left, !(keep as readonly string[]).includes(os), `${platform}: ${file} ${left ? 'left out' : 'packed'}`)
      }
    }
  }
})

function pngSize(file: string): [number, number] {
  const png = readFileSync(file)
  assert.equal(png.toString('latin1', 1, 4), 'PNG', file)
  return [png.readUInt32BE(16), png.readUInt32BE(20)]
}

test('icons: a PNG per size for Linux, an .ico up to 256 px, an .icns up to 1024 px', () => {
  assert.equal(config.linux?.icon, 'build/icons')
  for (const size of PNG_SIZES) assert.deepEqual(pngSize(join(root, 'build/icons', `${size}x${size}.png`)), [size, size])

  assert.equal(config.win?.icon, 'build/icon.ico')
  const ico = readFileSync(join(root, 'build/icon.ico'))
  assert.deepEqual([ico.readUInt16LE(2), ico.readUInt16LE(4)], [1, ICO_SIZES.length])
  const icoSizes = ICO_SIZES.map((_, i) => ico.readUInt8(6 + i * 16) || 256)
  assert.deepEqual(icoSizes, [...ICO_SIZES])

  assert.equal(config.mac?.icon, 'build/icon.icns')
  const icns = readFileSync(join(root, 'build/icon.icns'))
  assert.equal(icns.toString('latin1', 0, 4), 'icns')
  assert.equal(icns.readUInt32BE(4), icns.length)
  const types: string[] = []
  for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) types.push(icns.toString('latin1', at, at + 4))
  assert.deepEqual(types, ICNS_TYPES.map(([type]) => type))
})
