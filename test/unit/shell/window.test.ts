// main/window.ts against a recording fake of BrowserWindow, WebContents, Session and nativeTheme.
import assert from 'node:assert/strict'
import { EventEmitter } from 'node:events'
import { test } from 'node:test'
import { installFakeElectron } from './fake-electron.ts'

type Handler = (...args: unknown[]) => unknown

class FakeSession {
  permissionRequest: Handler | null = null
  permissionCheck: Handler | null = null
  devicePermission: Handler | null = null
  headersReceived: Handler | null = null
  setPermissionRequestHandler(h: Handler) { this.permissionRequest = h }
  setPermissionCheckHandler(h: Handler) { this.permissionCheck = h }
  setDevicePermissionHandler(h: Handler) { this.devicePermission = h }
  webRequest = { onHeadersReceived: (h: Handler) => { this.headersReceived = h } }
}

class FakeWebContents extends EventEmitter {
  url = 'file:///app/out/renderer/index.html'
  session = new FakeSession()
  windowOpenHandler: Handler | null = null
  getURL() { return this.url }
  setWindowOpenHandler(h: Handler) { this.windowOpenHandler = h }
}

class FakeBrowserWindow extends EventEmitter {
  static last: FakeBrowserWindow
  webContents = new FakeWebContents()
  shown = 0
  loaded: string[] = []
  background: string[] = []
  readonly options: Record<string, unknown>
  constructor(options: Record<string, unknown>) {
    super()
    this.options = options
    FakeBrowserWindow.last = this
  }
  show() { this.shown++ }
  isDestroyed() { return false }
  setBackgroundColor(color: string) { this.background.push(color) }
  loadURL(url: string) { this.loaded.push(url); return Promise.resolve() }
  loadFile(path: string) { this.loaded.push(`file:${path}`); return Promise.resolve() }
}

const nativeTheme = Object.assign(new EventEmitter(), { shouldUseDarkColors: true })
installFakeElectron({ BrowserWindow: FakeBrowserWindow, nativeTheme })
const { createMainWindow, isSamePage, BACKGROUND } = await import('../../../main/window.ts')

const APP = 'file:///app/out/renderer/index.html'
const isAppPage = (url: string) => url.split('#')[0] === APP

function open(rendererUrl?: string) {
  createMainWindow({ preloadPath: '/app/out/preload/index.cjs', indexHtmlPath: '/app/out/renderer/index.html', rendererUrl, isAppPage })
  return FakeBrowserWindow.last
}

function navigationEvent(url: string) {
  let prevented = false
  return { url, preventDefault: () => { prevented = true }, get prevented() { return prevented } }
}

test('size, hidden until ready-to-show, theme background, the built page loaded', () => {
  const win = open()
  const o = win.options
  assert.equal(o.width, 960)
  assert.equal(o.height, 640)
  assert.equal(o.minWidth, 720)
  assert.equal(o.minHeight, 480)
  assert.equal(o.show, false)
  assert.equal(o.backgroundColor, BACKGROUND.dark)
  assert.deepEqual(win.loaded, ['file:/app/out/renderer/index.html'])
  assert.equal(win.shown, 0)
  win.emit('ready-to-show')
  assert.equal(win.shown, 1)
  nativeTheme.shouldUseDarkColors = false
  nativeTheme.emit('updated')
  assert.deepEqual(win.background, [BACKGROUND.light])
  win.emit('closed')
  nativeTheme.emit('updated')
  assert.equal(win.background.length, 1, 'no theme listener left after close')
})

test('webPreferences: isolated, sandboxed, no node, web security on, the preload', () => {
  const prefs = open().options.webPreferences as Record<string, unknown>
  assert.equal(prefs.preload, '/app/out/preload/index.cjs')
  assert.equal(prefs.contextIsolation, true)
  assert.equal(prefs.sandbox, true)
  assert.equal(prefs.nodeIntegration, false)
  assert.equal(prefs.nodeIntegrationInWorker, false)
  assert.equal(prefs.nodeIntegrationInSubFrames, false)
  assert.equal(prefs.webSecurity, true)
  assert.equal(prefs.allowRunningInsecureContent, false)
  assert.equal(prefs.webviewTag, false)
  assert.equal(prefs.navigateOnDragDrop, false)
})

test('navigation away is prevented; the same page (reload, hash) is not', () => {
  const contents = open().webContents
  for (const eventName of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
    const away = navigationEvent('https://evil.example/')
    contents.emit(eventName, away)
    assert.equal(away.prevented, true, eventName)
    const other = navigationEvent('file:///etc/passwd')
    contents.emit(eventName, other)
    assert.equal(other.prevented, true, eventName)
    const same = navigationEvent(`${APP}#/imports/2`)
    contents.emit(eventName, same)
    assert.equal(same.prevented, false, eventName)
  }
  const webview = navigationEvent('')
  contents.emit('will-attach-webview', webview)
  assert.equal(webview.prevented, true)
})

test('window.open is denied', () => {
  const contents = open().webContents
  assert.deepEqual(contents.windowOpenHandler?.({ url: 'https://example.com/' }), { action: 'deny' })
})

test('permissions: every request and check is denied', () => {
  const session = open().webContents.session
  const answers: boolean[] = []
  session.permissionRequest?.({}, 'notifications', (granted: boolean) => answers.push(granted), {})
  session.permissionRequest?.({}, 'media', (granted: boolean) => answers.push(granted), {})
  assert.deepEqual(answers, [false, false])
  assert.equal(session.permissionCheck?.(null, 'clipboard-read', APP, {}), false)
  assert.equal(session.devicePermission?.({}), false)
})

test('CSP header for the app page documents only; other responses untouched', () => {
  const session = open().webContents.session
  const results: unknown[] = []
  const cb = (r: unknown) => results.push(r)
  session.headersReceived?.({ url: APP, resourceType: 'mainFrame', responseHeaders: { 'X-A': ['1'] } }, cb)
  session.headersReceived?.({ url: 'file:///app/out/renderer/assets/index.js', resourceType: 'script' }, cb)
  session.headersReceived?.({ url: 'https://evil.example/', resourceType: 'mainFrame' }, cb)
  const first = results[0] as { responseHeaders: Record<string, string[]> }
  assert.deepEqual(first.responseHeaders['X-A'], ['1'])
  const csp = first.responseHeaders['Content-Security-Policy'][0]
  for (const directive of ["default-src 'none'", "script-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]) {
    assert.ok(csp.includes(directive), directive)
  }
  assert.ok(!csp.includes('unsafe-inline') && !csp.includes('unsafe-eval'))
  assert.deepEqual(results.slice(1), [{}, {}])
})

test('dev server: loads its URL and sends no CSP header (Vite needs its websocket)', () => {
  const win = open('http://localhost:5173/')
  assert.deepEqual(win.loaded, ['http://localhost:5173/'])
  assert.equal(win.webContents.session.headersReceived, null)
  assert.notEqual(win.webContents.session.permissionRequest, null)
})

test('isSamePage', () => {
  assert.equal(isSamePage(APP, APP), true)
  assert.equal(isSamePage(APP, `${APP}#x`), true)
  assert.equal(isSamePage(APP, `${APP}?a=1`), false)
  assert.equal(isSamePage(APP, 'file:///app/out/renderer/other.html'), false)
  assert.equal(isSamePage('', APP), false)
})
