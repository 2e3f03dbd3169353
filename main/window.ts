// Runs in the Electron main process: the one BrowserWindow and the security settings of
// ARCHITECTURE §8 (isolated, sandboxed, no navigation, no popups, no permissions, CSP).
// Security options are written out literally where Electron receives them, so that the security
// lint (scripts/lint-security.ts, static analysis) sees every one of them.
import { BrowserWindow, nativeTheme } from 'electron'
import type { Session, WebContents } from 'electron'
import { PRODUCT_NAME } from './app-identity.ts'

export const WINDOW_TITLE = PRODUCT_NAME

/** Window background before the page paints; keep in step with the renderer's page background. */
export const BACKGROUND = { light: '#f6f6f7', dark: '#1c1c1e' } as const

export function backgroundColor(dark: boolean): string {
  return dark ? BACKGROUND.dark : BACKGROUND.light
}

/** Same document: equal URLs once the fragment is dropped (a reload, a hash change). */
export function isSamePage(currentUrl: string, targetUrl: string): boolean {
  try {
    const a = new URL(currentUrl)
    const b = new URL(targetUrl)
    a.hash = ''
    b.hash = ''
    return a.href === b.href
  } catch {
    return false
  }
}

export interface MainWindowOptions {
  preloadPath: string
  /** Development: the dev server URL (ELECTRON_RENDERER_URL). */
  rendererUrl?: string
  /** Production: the built out/renderer/index.html. */
  indexHtmlPath: string
  /** The sender policy of ipc.ts: whether a URL is our own page. */
  isAppPage: (url: string) => boolean
}

const hardenedSessions = new WeakSet<Session>()
const hardenedContents = new WeakSet<WebContents>()

/**
 * Denies everything a page could use to leave or widen its box: navigation away from the page,
 * new windows, <webview>. Applied to every WebContents the app creates (app 'web-contents-created').
 */
export function hardenWebContents(contents: WebContents): void {
  if (hardenedContents.has(contents)) return
  hardenedContents.add(contents)
  const refuseUnlessSamePage = (event: { preventDefault(): void }, url: string) => {
    if (!isSamePage(contents.getURL(), url)) event.preventDefault()
  }
  contents.on('will-navigate', (event) => refuseUnlessSamePage(event, event.url))
  contents.on('will-frame-navigate', (event) => refuseUnlessSamePage(event, event.url))
  contents.on('will-redirect', (event) => refuseUnlessSamePage(event, event.url))
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
}

/**
 * No permission is ever granted. With sendCspHeader (the built page; not the dev server, whose
 * Vite client needs a websocket and injected <style>), the app page also gets its CSP as a response
 * header; the renderer's <meta> CSP applies as well and the two intersect.
 */
export function hardenSession(session: Session, isAppPage: (url: string) => boolean, sendCspHeader: boolean): void {
  if (hardenedSessions.has(session)) return
  hardenedSessions.add(session)
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.setDevicePermissionHandler(() => false)
  if (!sendCspHeader) return
  session.webRequest.onHeadersReceived((details, callback) => {
    const isDocument = details.resourceType === 'mainFrame' || details.resourceType === 'subFrame'
    if (!isDocument || !isAppPage(details.url)) {
      callback({})
      return
    }
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [
          "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' data:; connect-src 'none'; media-src 'none'; object-src 'none'; frame-src 'none'; worker-src 'none'; manifest-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        ],
      },
    })
  })
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    title: WINDOW_TITLE,
    width: 960,
    height: 640,
    minWidth: 720,
    minHeight: 480,
    show: false,
    backgroundColor: backgroundColor(nativeTheme.shouldUseDarkColors),
    webPreferences: {
      // Reviewed preload (the lint asks for a review of every one): preload/index.ts exposes one
      // method per message through contextBridge, never ipcRenderer itself.
      preload: options.preloadPath, // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      // A middle click (auxclick) on a link would otherwise ask for a new window.
      disableBlinkFeatures: 'Auxclick',
    },
  })
  hardenSession(window.webContents.session, options.isAppPage, options.rendererUrl === undefined)
  hardenWebContents(window.webContents)

  const onThemeUpdated = () => {
    if (!window.isDestroyed()) window.setBackgroundColor(backgroundColor(nativeTheme.shouldUseDarkColors))
  }
  nativeTheme.on('updated', onThemeUpdated)
  window.once('closed', () => nativeTheme.off('updated', onThemeUpdated))
  window.once('ready-to-show', () => window.show())

  const loaded = options.rendererUrl !== undefined ? window.loadURL(options.rendererUrl) : window.loadFile(options.indexHtmlPath)
  loaded.catch((error: unknown) => console.error('The window could not load the app page:', error))
  return window
}
