// scripts/lint-security.ts on temp copies of the shell: passes as written, fails when a security
// setting of ARCHITECTURE §8 is undone (the CLI exits 1), fails on a file it cannot parse.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { after, test } from 'node:test'
import { DISABLED_CHECKS, lintSecurity } from '../../../scripts/lint-security.ts'

const root = resolve(import.meta.dirname, '../../..')
/** The Electron-facing files: what the lint is about, without depending on everyone's work in progress. */
const SHELL_FILES = ['main/index.ts', 'main/window.ts', 'main/ipc.ts', 'main/utility-port.ts', 'preload', 'renderer/index.html', 'package.json']
const copies: string[] = []
after(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true })
})

function copyShell(edit?: (path: string, text: string) => string, editFile = 'main/window.ts'): string {
  const dir = mkdtempSync(join(tmpdir(), 'importer-lint-test-'))
  copies.push(dir)
  for (const entry of SHELL_FILES) {
    mkdirSync(dirname(join(dir, entry)), { recursive: true })
    cpSync(join(root, entry), join(dir, entry), { recursive: true })
  }
  if (edit) {
    const path = join(dir, editFile)
    const before = readFileSync(path, 'utf8')
    const after = edit(path, before)
    assert.notEqual(after, before, 'the edit changed nothing')
    writeFileSync(path, after)
  }
  return dir
}

test('the shell as written passes; the disabled checks and inline exceptions are listed with reasons', async () => {
  const report = await lintSecurity(copyShell())
  assert.deepEqual(report.failures, [], JSON.stringify(report.failures, null, 2))
  assert.deepEqual(report.parseErrors, [])
  assert.equal(report.ok, true)
  assert.ok(report.checks > 30)
  assert.deepEqual(report.inlineExceptions.map((e) => [e.file, e.checks]), [['main/window.ts', ['PRELOAD_JS_CHECK']]])
  for (const reason of Object.values(DISABLED_CHECKS)) assert.ok(reason.length > 20)
})

const BAD_SETTINGS: Array<[string, (text: string) => string, string]> = [
  ['sandbox: false', (t) => t.replace('sandbox: true', 'sandbox: false'), 'SANDBOX_JS_CHECK'],
  ['contextIsolation: false', (t) => t.replace('contextIsolation: true', 'contextIsolation: false'), 'CONTEXT_ISOLATION_JS_CHECK'],
  ['nodeIntegration: true', (t) => t.replace('nodeIntegration: false', 'nodeIntegration: true'), 'SHELL_INSECURE_SETTING'],
  ['webSecurity: false', (t) => t.replace('webSecurity: true', 'webSecurity: false'), 'WEB_SECURITY_JS_CHECK'],
  [
    'no permission request handler',
    (t) => t.replace(/^.*setPermissionRequestHandler.*$/m, ''),
    'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK',
  ],
  ["no 'will-navigate' handler", (t) => t.replace(/^.*'will-navigate'.*$/m, ''), 'SHELL_MISSING_GUARD'],
]

for (const [name, edit, expected] of BAD_SETTINGS) {
  test(`fails on ${name} (${expected})`, async () => {
    const report = await lintSecurity(copyShell((_path, text) => edit(text)))
    assert.equal(report.ok, false)
    assert.ok(
      report.failures.some((f) => f.id === expected && (f.severity === 'HIGH' || f.severity === 'MEDIUM')),
      JSON.stringify(report.failures, null, 2),
    )
  })
}

test('a file it cannot parse fails the lint (it was not checked)', async () => {
  const report = await lintSecurity(copyShell((_path, text) => `${text}\nconst = broken(\n`, 'main/ipc.ts'))
  assert.equal(report.ok, false)
  assert.deepEqual(report.parseErrors.map((e) => e.file), ['main/ipc.ts'])
})

test('the command exits 1 on a finding and 0 on a clean tree', () => {
  const script = join(root, 'scripts/lint-security.ts')
  const bad = spawnSync(process.execPath, [script, '--root', copyShell((_p, t) => t.replace('sandbox: true', 'sandbox: false'))], {
    encoding: 'utf8',
  })
  assert.equal(bad.status, 1, bad.stdout + bad.stderr)
  assert.match(bad.stdout, /SANDBOX_JS_CHECK/)
  assert.match(bad.stdout, /lint:security FAILED/)
  const good = spawnSync(process.execPath, [script, '--root', copyShell()], { encoding: 'utf8' })
  assert.equal(good.status, 0, good.stdout + good.stderr)
  assert.match(good.stdout, /lint:security passed/)
})
