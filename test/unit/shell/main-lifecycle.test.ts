// main/index.ts end to end under node: a fake of Electron's app, window, ipcMain, dialogs, menu and
// notifications, and a utilityProcess stand-in that runs the REAL worker (main/worker/index.ts) in a
// child process. Checks the wiring: data dir, sandbox, single instance, IPC with sender checks, an
// import to completion with updates, taskbar progress and a notification, second instance, quit.
import assert from 'node:assert/strict'
import { fork } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { EventEmitter } from 'node:events'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'
import { after, test } from 'node:test'
import { pathToFileURL } from 'node:url'
import { installFakeElectron } from './fake-electron.ts'
import { Channels } from '../../../preload/api.ts'
import type { ImportSummary, StartResult } from '../../../preload/api.ts'

const root = resolve(import.meta.dirname, '../../..')
const workDir = mkdtempSync(join(tmpdir(), 'importer-main-'))
const dataDir = join(workDir, 'data')
after(() => rmSync(workDir, { recursive: true, force: true }))

type Listener = (...args: unknown[]) => unknown

function waitFor<T>(probe: () => T | undefined | null | false, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  return new Promise((resolvePromise, reject) => {
    const poll = () => {
      const value = probe()
      if (value) return resolvePromise(value)
      if (Date.now() > deadline) return reject(new Error(`timed out waiting for ${what}`))
      setTimeout(poll, 10)
    }
    poll()
  })
}

// ---- the fakes -----------------------------------------------------------------------------

let readyResolve!: () => void
const readyPromise = new Promise<void>((r) => (readyResolve = r))
class FakeApp extends EventEmitter {
  isPackaged = false
  ready = false
  paths = new Map<string, string>([['userData', join(workDir, 'default-user-data')], ['documents', workDir]])
  setPathCalls: Array<[string, string]> = []
  sandboxEnabled = false
  lockRequested = false
  exitCode: number | null = null
  quitCalls = 0
  getPath(name: string) { return this.paths.get(name) ?? workDir }
  setPath(name: string, value: string) { this.setPathCalls.push([name, value]); this.paths.set(name, value) }
  enableSandbox() { this.sandboxEnabled = true }
  requestSingleInstanceLock() { this.lockRequested = true; return true }
  whenReady() { return readyPromise }
  isReady() { return this.ready }
  getLocale() { return 'en-US' }
  quit() {
    this.quitCalls++
    let prevented = false
    this.emit('before-quit', { preventDefault: () => { prevented = true } })
    if (!prevented) this.exitCode = 0
  }
  exit(code = 0) { this.exitCode = code }
}
const app = new FakeApp()

class FakeIpcMain {
  handlers = new Map<string, Listener>()
  handle(channel: string, listener: Listener) { this.handlers.set(channel, listener) }
  removeHandler(channel: string) { this.handlers.delete(channel) }
  async invoke<T>(url: string, channel: string, ...args: unknown[]): Promise<T> {
    const handler = this.handlers.get(channel)
    if (!handler) throw new Error(`No handler registered for '${channel}'`)
    return (await handler({ senderFrame: { url, parent: null } }, ...args)) as T
  }
}
const ipcMain = new FakeIpcMain()

const appPageUrl = pathToFileURL(join(root, 'renderer/index.html')).href
class FakeWebContents extends EventEmitter {
  sent: Array<[string, ImportSummary]> = []
  session = {
    setPermissionRequestHandler() {}, setPermissionCheckHandler() {}, setDevicePermissionHandler() {},
    webRequest: { onHeadersReceived() {} },
  }
  getURL() { return appPageUrl }
  setWindowOpenHandler() {}
  send(channel: string, update: ImportSummary) { this.sent.push([channel, update]) }
}
class FakeBrowserWindow extends EventEmitter {
  static all: FakeBrowserWindow[] = []
  webContents = new FakeWebContents()
  progress: Array<[number, unknown]> = []
  focused = 0
  loaded: string[] = []
  options: Record<string, unknown>
  constructor(options: Record<string, unknown>) {
    super()
    this.options = options
    FakeBrowserWindow.all.push(this)
  }
  isDestroyed() { return false }
  isMinimized() { return false }
  restore() {}
  show() {}
  focus() { this.focused++ }
  setBackgroundColor() {}
  setProgressBar(progress: number, options: unknown) { this.progress.push([progress, options]) }
  loadFile(path: string) { this.loaded.push(path); return Promise.resolve() }
  loadURL(url: string) { this.loaded.push(url); return Promise.resolve() }
}

class FakeNotification extends EventEmitter {
  static shown: Array<{ title: string; body: string }> = []
  static isSupported() { return true }
  options: { title: string; body: string }
  constructor(options: { title: string; body: string }) {
    super()
    this.options = options
  }
  show() { FakeNotification.shown.push(this.options) }
}

/** Electron's UtilityProcess, just enough of it, over a child process running the source worker. */
const forks: Array<{ modulePath: string; args: string[]; options: Record<string, unknown> }> = []
class ChildBackedUtilityProcess extends EventEmitter {
  readonly child: ChildProcess
  readonly stdout
  readonly stderr
  constructor(env: NodeJS.ProcessEnv, args: string[]) {
    super()
    this.child = fork(join(root, 'main/worker/index.ts'), args, { env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'advanced' })
    this.stdout = this.child.stdout
    this.stderr = this.child.stderr
    this.child.on('message', (message) => this.emit('message', message))
    this.child.on('exit', (code, signal) => this.emit('exit', code ?? (signal ? 143 : 0)))
  }
  get pid() { return this.child.pid }
  postMessage(message: unknown) { if (this.child.connected) this.child.send(message as object) }
  kill() { return this.child.kill('SIGKILL') }
}
let worker: ChildBackedUtilityProcess | null = null

installFakeElectron({
  app,
  ipcMain,
  BrowserWindow: FakeBrowserWindow,
  Notification: FakeNotification,
  Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu() {} },
  dialog: {
    showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
    showSaveDialog: async () => ({ canceled: true }),
    showErrorBox: (title: string, body: string) => { throw new Error(`${title}: ${body}`) },
  },
  nativeTheme: Object.assign(new EventEmitter(), { shouldUseDarkColors: false }),
  utilityProcess: {
    fork(modulePath: string, args: string[], options: Record<string, unknown>) {
      forks.push({ modulePath, args, options })
      worker = new ChildBackedUtilityProcess(options.env as NodeJS.ProcessEnv, args)
      return worker
    },
  },
})

process.env.IMPORTER_DATA_DIR = dataDir
delete process.env.ELECTRON_RENDERER_URL
await import('../../../main/index.ts')

// ---- the tests -------------------------------------------------------------------------------

test('before ready: data dir as userData, sandbox for all renderers, single-instance lock', () => {
  assert.deepEqual(app.setPathCalls, [['userData', dataDir]])
  assert.equal(app.sandboxEnabled, true)
  assert.equal(app.lockRequested, true)
  assert.equal(FakeBrowserWindow.all.length, 0)
})

test('on ready: the worker is forked from worker.js beside main, the window loads the page, IPC answers', async () => {
  app.ready = true
  readyResolve()
  await waitFor(() => ipcMain.handlers.size > 0 && FakeBrowserWindow.all.length > 0, 'the window and IPC')
  assert.equal(forks.length, 1)
  assert.equal(basename(forks[0].modulePath), 'worker.js')
  assert.equal(dirname(forks[0].modulePath), join(root, 'main'))
  assert.deepEqual(forks[0].args, ['--data-dir', dataDir, '--stall-warning-ms', '3000'])
  const win = FakeBrowserWindow.all[0]
  assert.deepEqual(win.loaded, [join(root, 'renderer/index.html')])
  assert.equal((win.options.webPreferences as Record<string, unknown>).preload, join(root, 'preload/index.cjs'))
  assert.deepEqual(await ipcMain.invoke(appPageUrl, Channels.list), [])
  await assert.rejects(ipcMain.invoke('https://evil.example/', Channels.list), /Refused/)
})

test('an import started through IPC completes: updates to the page, progress bar, a notification', { timeout: 60_000 }, async () => {
  const csv = join(workDir, 'contacts.csv')
  writeFileSync(csv, 'email,first_name,last_name\nana@example.com,Ana,Lima\nbo@example.com,Bo,Chen\nbad,Cy,Diaz\n')
  const started = await ipcMain.invoke<StartResult>(appPageUrl, Channels.startFile, csv)
  assert.ok(started.ok, JSON.stringify(started))
  const notice = await waitFor(() => FakeNotification.shown.at(0), 'the notification')
  assert.deepEqual(notice, { title: 'contacts.csv imported', body: 'Done: 2 imported (2 new, 0 updated), 1 error' })
  const win = FakeBrowserWindow.all[0]
  assert.ok(win.webContents.sent.every(([channel]) => channel === Channels.update))
  assert.ok(win.webContents.sent.some(([, u]) => u.id === started.import.id && u.status === 'completed'))
  assert.deepEqual(win.progress.at(-1), [-1, { mode: 'none' }])
})

test('a second instance focuses the window', () => {
  const win = FakeBrowserWindow.all[0]
  const before = win.focused
  app.emit('second-instance', {}, [], workDir, {})
  assert.equal(win.focused, before + 1)
})

test('quit: before-quit is held until the worker has stopped, then the app exits 0', { timeout: 30_000 }, async () => {
  const child = worker!.child
  app.quit()
  assert.equal(app.exitCode, null, 'quit was held')
  app.quit()
  await waitFor(() => app.exitCode !== null, 'app.exit')
  assert.equal(app.exitCode, 0)
  assert.notEqual(child.exitCode ?? child.signalCode, null, 'the worker process has ended')
  assert.equal(ipcMain.handlers.size, 0, 'handlers removed')
})
