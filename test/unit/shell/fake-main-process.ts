// Test support: a fake of Electron's main-process modules (app, window, ipcMain, dialogs, menu,
// notifications) and a utilityProcess stand-in that runs the REAL worker (main/worker/index.ts)
// in a child process, so main/index.ts boots under plain node. One app per process: call
// bootFakeMain once, in a test file of its own.
import { fork } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { EventEmitter } from 'node:events'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { installFakeElectron } from './fake-electron.ts'
import type { ImportSummary } from '../../../preload/api.ts'

export const root = resolve(import.meta.dirname, '../../..')
export const appPageUrl = pathToFileURL(join(root, 'renderer/index.html')).href

type Listener = (...args: unknown[]) => unknown

export function waitFor<T>(probe: () => T | undefined | null | false, what: string, timeoutMs = 30_000): Promise<T> {
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

export class FakeApp extends EventEmitter {
  isPackaged = false
  ready = false
  paths: Map<string, string>
  setPathCalls: Array<[string, string]> = []
  sandboxEnabled = false
  lockRequested = false
  exitCode: number | null = null
  quitCalls = 0
  private readonly workDir: string
  private readonly readyPromise: Promise<void>
  private resolveReady!: () => void
  constructor(workDir: string) {
    super()
    this.workDir = workDir
    this.paths = new Map([['userData', join(workDir, 'default-user-data')], ['appData', join(workDir, 'app-data')], ['documents', workDir]])
    this.readyPromise = new Promise<void>((resolveReady) => (this.resolveReady = resolveReady))
  }
  /** What Electron does when it has finished launching. */
  becomeReady() {
    this.ready = true
    this.resolveReady()
  }
  getPath(name: string) { return this.paths.get(name) ?? this.workDir }
  setPath(name: string, value: string) { this.setPathCalls.push([name, value]); this.paths.set(name, value) }
  enableSandbox() { this.sandboxEnabled = true }
  requestSingleInstanceLock() { this.lockRequested = true; return true }
  whenReady() { return this.readyPromise }
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

export class FakeIpcMain {
  handlers = new Map<string, Listener>()
  handle(channel: string, listener: Listener) { this.handlers.set(channel, listener) }
  removeHandler(channel: string) { this.handlers.delete(channel) }
  async invoke<T>(url: string, channel: string, ...args: unknown[]): Promise<T> {
    const handler = this.handlers.get(channel)
    if (!handler) throw new Error(`No handler registered for '${channel}'`)
    return (await handler({ senderFrame: { url, parent: null } }, ...args)) as T
  }
}

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

export class FakeBrowserWindow extends EventEmitter {
  static all: FakeBrowserWindow[] = []
  webContents = new FakeWebContents()
  progress: Array<[number, unknown]> = []
  focused = 0
  /** Whether the person is looking at the window (isFocused). */
  hasFocus = false
  loaded: string[] = []
  options: Record<string, unknown>
  constructor(options: Record<string, unknown>) {
    super()
    this.options = options
    FakeBrowserWindow.all.push(this)
  }
  isDestroyed() { return false }
  isMinimized() { return false }
  isFocused() { return this.hasFocus }
  restore() {}
  show() {}
  focus() { this.focused++ }
  setBackgroundColor() {}
  setProgressBar(progress: number, options: unknown) { this.progress.push([progress, options]) }
  loadFile(path: string) { this.loaded.push(path); return Promise.resolve() }
  loadURL(url: string) { this.loaded.push(url); return Promise.resolve() }
}

export class FakeNotification extends EventEmitter {
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
export class ChildBackedUtilityProcess extends EventEmitter {
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

export interface MessageBoxCall {
  options: { message: string; detail?: string; buttons?: string[] }
  answer: (response: number) => void
}

export interface FakeMain {
  app: FakeApp
  ipcMain: FakeIpcMain
  forks: Array<{ modulePath: string; args: string[]; options: Record<string, unknown> }>
  /** The utility process last forked. */
  worker: () => ChildBackedUtilityProcess | null
  /** dialog.showMessageBox calls, each waiting for its answer. */
  messageBoxes: MessageBoxCall[]
}

/** Installs the fakes, points IMPORTER_DATA_DIR at dataDir and imports main/index.ts. */
/** dataDir null: no override, so main falls back to its default data folder under appData. */
export async function bootFakeMain(workDir: string, dataDir: string | null): Promise<FakeMain> {
  const app = new FakeApp(workDir)
  const ipcMain = new FakeIpcMain()
  const forks: FakeMain['forks'] = []
  const messageBoxes: MessageBoxCall[] = []
  let worker: ChildBackedUtilityProcess | null = null
  installFakeElectron({
    app,
    ipcMain,
    BrowserWindow: FakeBrowserWindow,
    Notification: FakeNotification,
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu() {} },
    shell: { showItemInFolder() {} },
    dialog: {
      showOpenDialog: () => Promise.resolve({ canceled: true, filePaths: [] }),
      showSaveDialog: () => Promise.resolve({ canceled: true }),
      showErrorBox: (title: string, body: string) => { throw new Error(`${title}: ${body}`) },
      showMessageBox: (...args: unknown[]) =>
        new Promise<{ response: number }>((resolveBox) => {
          const options = args.at(-1) as MessageBoxCall['options']
          messageBoxes.push({ options, answer: (response) => resolveBox({ response }) })
        }),
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
  if (dataDir === null) delete process.env.IMPORTER_DATA_DIR
  else process.env.IMPORTER_DATA_DIR = dataDir
  delete process.env.ELECTRON_RENDERER_URL
  await import('../../../main/index.ts')
  return { app, ipcMain, forks, worker: () => worker, messageBoxes }
}
