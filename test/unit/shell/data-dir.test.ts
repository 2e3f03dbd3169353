import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { test } from 'node:test'
import {
  APP_NAME,
  DataDirUsageError,
  dataDirFromArgv,
  electronUserDataDir,
  resolveDataDir,
} from '../../../main/data-dir.ts'

const fallback = () => '/home/ana/.config/contacts-importer'

test('--data-dir DIR wins over the env var and the default', () => {
  const resolved = resolveDataDir({
    argv: ['/usr/bin/electron', '.', '--data-dir', '/tmp/a'],
    env: { IMPORTER_DATA_DIR: '/tmp/b' },
    fallback,
  })
  assert.deepEqual(resolved, { dir: '/tmp/a', source: 'argv' })
})

test('--data-dir=DIR works too, and the last one wins', () => {
  assert.equal(dataDirFromArgv(['--data-dir=/tmp/x']), '/tmp/x')
  assert.equal(dataDirFromArgv(['--data-dir', '/tmp/x', '--data-dir=/tmp/y']), '/tmp/y')
})

test('arguments after -- are not options', () => {
  assert.equal(dataDirFromArgv(['--', '--data-dir', '/tmp/x']), undefined)
})

test('IMPORTER_DATA_DIR is used when there is no flag; blank counts as unset', () => {
  assert.deepEqual(resolveDataDir({ argv: [], env: { IMPORTER_DATA_DIR: '/tmp/b' }, fallback }), { dir: '/tmp/b', source: 'env' })
  assert.deepEqual(resolveDataDir({ argv: [], env: { IMPORTER_DATA_DIR: '  ' }, fallback }), {
    dir: '/home/ana/.config/contacts-importer',
    source: 'default',
  })
})

test('the default is only computed when nothing overrides it', () => {
  let calls = 0
  resolveDataDir({ argv: ['--data-dir', '/tmp/a'], env: {}, fallback: () => String(++calls) })
  resolveDataDir({ argv: [], env: { IMPORTER_DATA_DIR: '/tmp/b' }, fallback: () => String(++calls) })
  assert.equal(calls, 0)
})

test('relative folders are made absolute against cwd', () => {
  assert.equal(resolveDataDir({ argv: ['--data-dir', 'data'], env: {}, fallback, cwd: '/work' }).dir, '/work/data')
  assert.equal(resolveDataDir({ argv: [], env: { IMPORTER_DATA_DIR: '../d' }, fallback, cwd: '/work/x' }).dir, '/work/d')
  assert.equal(resolveDataDir({ argv: ['--data-dir', 'data'], env: {}, fallback }).dir, resolve('data'))
})

test('a flag without a folder is a usage error', () => {
  assert.throws(() => dataDirFromArgv(['--data-dir']), DataDirUsageError)
  assert.throws(() => dataDirFromArgv(['--data-dir', '--json']), DataDirUsageError)
  assert.throws(() => dataDirFromArgv(['--data-dir=']), /needs a folder/)
})

test("Electron's userData folder, computed without Electron", () => {
  assert.equal(
    electronUserDataDir('contacts-importer', { platform: 'linux', env: {}, homedir: '/home/ana' }),
    '/home/ana/.config/contacts-importer',
  )
  assert.equal(
    electronUserDataDir('contacts-importer', { platform: 'linux', env: { XDG_CONFIG_HOME: '/cfg' }, homedir: '/home/ana' }),
    '/cfg/contacts-importer',
  )
  assert.equal(
    electronUserDataDir('contacts-importer', { platform: 'darwin', env: {}, homedir: '/Users/ana' }),
    '/Users/ana/Library/Application Support/contacts-importer',
  )
  assert.equal(
    electronUserDataDir('contacts-importer', { platform: 'win32', env: { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, homedir: 'C:\\Users\\ana' }),
    'C:\\Users\\ana\\AppData\\Roaming\\contacts-importer',
  )
})

test('APP_NAME, the data folder, is package.json "name" (not productName, which names the app)', () => {
  const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../../package.json'), 'utf8')) as {
    name: string
    productName: string
  }
  assert.equal(APP_NAME, pkg.name)
  assert.equal(APP_NAME, 'contacts-importer', 'existing data folders keep being found')
  assert.notEqual(pkg.productName, pkg.name)
})
