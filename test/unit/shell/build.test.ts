// Builds the app with the real electron.vite.config.ts (into a temp out dir) and checks what the
// Electron shell relies on at run time: the built main forks the built worker by its built path,
// the built worker runs a real import, the preload is one CommonJS script that needs nothing but
// 'electron', the page loads by file://. The temp out dir sits under node_modules/.cache so the
// bundles' external imports (better-sqlite3, papaparse) resolve from the project's node_modules.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { builtinModules } from 'node:module'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, matchesGlob, posix, resolve } from 'node:path'
import { after, before, test } from 'node:test'
import vm from 'node:vm'
import { builtPaths } from '../../../main/built-paths.ts'
import { READER_THREAD_BUNDLE } from '../../../main/importer/reader-thread/built-path.ts'
import { forkWorker } from '../../../main/service/child-process-port.ts'
import { ImportService } from '../../../main/service/import-service.ts'

const root = resolve(import.meta.dirname, '../../..')
mkdirSync(join(root, 'node_modules/.cache'), { recursive: true })
const out = mkdtempSync(join(root, 'node_modules/.cache/importer-build-'))
after(() => rmSync(out, { recursive: true, force: true }))

before(() => {
  execFileSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: root,
    env: { ...process.env, IMPORTER_BUILD_OUT_DIR: out },
    stdio: 'pipe',
    timeout: 180_000,
  })
})

function read(path: string): string {
  return readFileSync(join(out, path), 'utf8')
}

function jsFiles(dir: string): string[] {
  return readdirSync(join(out, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.js') || f.endsWith('.mjs'))
    .map((f) => join(dir, f))
}

/** Static import specifiers of an ES module's source. */
function importsOf(source: string): string[] {
  return [...source.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|^\s*import\s*["']([^"']+)["']/gm)].map(
    (m) => m[1] ?? m[2],
  )
}

test('out/main/index.js and out/main/worker.js exist, as ES modules', () => {
  for (const file of ['main/index.js', 'main/worker.js']) {
    assert.ok(existsSync(join(out, file)), file)
    assert.ok(importsOf(read(file)).length > 0, `${file} has ES imports`)
    assert.doesNotMatch(read(file), /\brequire\(/, `${file} has no require()`)
  }
})

test('the reader thread is one ES module file beside the worker, importing only .mjs files that asarUnpack puts outside app.asar', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { build: { asarUnpack: string[] } }
  const entry = posix.join('main', READER_THREAD_BUNDLE)
  assert.equal(builtPaths(join(out, 'main')).readerThread, join(out, entry), 'outside an asar the path is the bundle itself')
  assert.equal(builtPaths('/app/resources/app.asar/out/main').readerThread, `/app/resources/app.asar.unpacked/out/main/${READER_THREAD_BUNDLE}`)
  const pending = [entry]
  const seen = new Set<string>()
  while (pending.length > 0) {
    const file = pending.pop() as string
    if (seen.has(file)) continue
    seen.add(file)
    assert.ok(file.endsWith('.mjs'), `${file} is .mjs: no package.json outside the asar says "type": "module"`)
    assert.ok(pkg.build.asarUnpack.some((pattern) => matchesGlob(`out/${file}`, pattern)), `out/${file} is unpacked`)
    for (const specifier of importsOf(read(file))) {
      if (specifier.startsWith('.')) pending.push(posix.join(posix.dirname(file), specifier))
      else assert.ok(specifier.startsWith('node:') || builtinModules.includes(specifier), `${file} imports ${specifier}: only Node's own modules`)
    }
  }
  assert.ok(seen.size >= 2, `followed its chunk too: ${[...seen].join(', ')}`)
})

test('the built main forks worker.js beside itself', () => {
  const main = read('main/index.js')
  assert.match(main, /["']worker\.js["']/)
  assert.match(main, /import\.meta\.dirname/)
  assert.match(main, /utilityProcess\.fork\(/)
})

test('the built main finds the preload and the page by their built paths', () => {
  const main = read('main/index.js')
  assert.match(main, /["']\.\.\/preload\/index\.cjs["']/)
  assert.match(main, /["']\.\.\/renderer\/index\.html["']/)
  assert.ok(existsSync(join(out, 'preload/index.cjs')))
  assert.ok(existsSync(join(out, 'renderer/index.html')))
})

test('every relative import of the main bundles resolves; bare ones are builtins, electron or dependencies', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }
  const allowed = new Set(['electron', ...Object.keys(pkg.dependencies), ...builtinModules, ...builtinModules.map((m) => `node:${m}`)])
  for (const file of jsFiles('main')) {
    for (const specifier of importsOf(read(file))) {
      if (specifier.startsWith('.')) {
        assert.ok(existsSync(resolve(out, dirname(file), specifier)), `${file} imports missing ${specifier}`)
      } else {
        assert.ok(allowed.has(specifier), `${file} imports ${specifier}, which is not a runtime dependency`)
      }
    }
  }
})

test('better-sqlite3 stays external (its native addon loads from node_modules)', () => {
  const files = jsFiles('main')
  assert.ok(files.some((f) => importsOf(read(f)).includes('better-sqlite3')), 'someone imports better-sqlite3')
  for (const f of files) assert.doesNotMatch(read(f), /better_sqlite3\.node/, `${f} bundles better-sqlite3`)
})

test('the worker (and what it imports) never imports electron', () => {
  const seen = new Set<string>()
  const visit = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    for (const specifier of importsOf(read(file))) {
      assert.notEqual(specifier, 'electron', `${file} imports electron`)
      if (specifier.startsWith('.')) visit(join(dirname(file), specifier))
    }
  }
  visit('main/worker.js')
})

test('the preload is one CommonJS script that runs with only electron available (as when sandboxed)', () => {
  const source = read('preload/index.cjs')
  assert.doesNotMatch(source, /^\s*(import|export)\s/m)
  assert.doesNotMatch(source, /\bimport\(/)
  const exposed = new Map<string, unknown>()
  const requested: string[] = []
  const fakeElectron = {
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
    ipcRenderer: { invoke: () => Promise.resolve(undefined), on() {}, removeListener() {} },
    webUtils: { getPathForFile: () => '' },
  }
  const sandboxRequire = (id: string) => {
    requested.push(id)
    if (id !== 'electron') throw new Error(`A sandboxed preload cannot require ${id}`)
    return fakeElectron
  }
  vm.runInNewContext(source, { require: sandboxRequire }, { filename: 'index.cjs' })
  assert.deepEqual(requested, ['electron'])
  assert.deepEqual([...exposed.keys()], ['importer'])
  assert.equal(typeof (exposed.get('importer') as Record<string, unknown>).startDroppedFile, 'function')
})

test('the page loads over file://: relative asset URLs and a CSP meta', () => {
  const html = read('renderer/index.html')
  assert.match(html, /http-equiv="Content-Security-Policy"/)
  const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]).filter((url) => !url.startsWith('data:'))
  assert.ok(urls.length > 0)
  for (const url of urls) {
    assert.ok(url.startsWith('./'), `${url} must be relative for file://`)
    assert.ok(existsSync(join(out, 'renderer', url)), `${url} exists`)
  }
})

test('the built worker bundle runs a real import (through the real ImportService)', { timeout: 60_000 }, async () => {
  const data = mkdtempSync(join(tmpdir(), 'importer-built-worker-'))
  const csv = join(data, 'contacts.csv')
  writeFileSync(csv, 'email,first_name,last_name\nana@example.com,Ana,Lima\nbad,Bo,Chen\n')
  const service = new ImportService({
    dataDir: join(data, 'data'),
    spawnWorker: (options) => forkWorker({ ...options, entry: join(out, 'main/worker.js') }),
  })
  try {
    await service.start()
    const started = await service.startImport(csv)
    assert.ok(started.ok, JSON.stringify(started))
    const deadline = Date.now() + 30_000
    let summary = service.get(started.import.id)
    while (summary?.status !== 'completed' && summary?.status !== 'failed' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25))
      summary = service.get(started.import.id)
    }
    assert.equal(summary?.status, 'completed', JSON.stringify(summary))
    assert.equal(summary?.processedCount, 1)
    assert.equal(summary?.errorCount, 1)
  } finally {
    await service.shutdown(5000)
    rmSync(data, { recursive: true, force: true })
  }
})
