// Runs in the Electron main process: app lifecycle. One instance per data dir, one window, the
// ImportService with its worker in a utility process, IPC, dock/taskbar progress, notifications,
// and a quit that checkpoints the running import before the process ends.
import { app, BrowserWindow, dialog, ipcMain, Menu, Notification, shell } from 'electron'
import type { OpenDialogOptions, SaveDialogOptions } from 'electron'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { channelOf } from '../preload/api.ts'
import type { ImportSummary } from '../preload/api.ts'
import { APP_ID, DATA_FOLDER_NAME, PRODUCT_NAME } from './app-identity.ts'
import { builtPaths } from './built-paths.ts'
import { DataDirUsageError, resolveDataDir } from './data-dir.ts'
import type { ResolvedDataDir } from './data-dir.ts'
import { createSenderPolicy, registerIpc } from './ipc.ts'
import { menuTemplate } from './menu.ts'
import { createNoticeTracker, progressBarState } from './notifications.ts'
import { ImportService } from './service/import-service.ts'
import { IMPORTABLE_EXTENSIONS } from './service/file-check.ts'
import { utilityPort } from './utility-port.ts'
import { createMainWindow, hardenWebContents } from './window.ts'

/** How long quitting waits for the worker to checkpoint before it is killed. */
const SHUTDOWN_TIMEOUT_MS = 3000

const { preload: preloadPath, indexHtml: indexHtmlPath } = builtPaths(import.meta.dirname)
const rendererUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL || undefined : undefined
const isAppPage = createSenderPolicy({ indexHtmlPath, devServerUrl: rendererUrl })

/** The data folder, created; null (after telling the person why) when it cannot be used. */
function dataDirOrNull(): ResolvedDataDir | null {
  try {
    const resolved = resolveDataDir({ argv: process.argv, env: process.env, fallback: () => join(app.getPath('appData'), DATA_FOLDER_NAME) })
    mkdirSync(resolved.dir, { recursive: true })
    return resolved
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    const message = error instanceof DataDirUsageError ? reason : `The data folder cannot be used: ${reason}`
    console.error(message)
    // Allowed before ready; launched from a desktop there is no console to read.
    dialog.showErrorBox(`${PRODUCT_NAME} cannot start`, message)
    return null
  }
}

const dataDir = dataDirOrNull()
if (dataDir === null) {
  app.exit(2)
} else {
  // The data dir also holds Chromium's profile, so the single-instance lock is per data dir (tests,
  // or a second data dir, run side by side). Set even by default: Electron's own default would be
  // named after productName, not the data folder.
  app.setPath('userData', dataDir.dir)
  app.enableSandbox()
  // Windows shows notifications only under an explicit AppUserModelID: the installer's shortcut
  // carries the appId, so the running app must use the same one.
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID)
  if (!app.requestSingleInstanceLock()) app.quit()
  else main(dataDir)
}

function main(dataDir: ResolvedDataDir): void {
  let window: BrowserWindow | null = null
  let service: ImportService | null = null
  let unregisterIpc: (() => void) | null = null
  const sessionStartedAt = Date.now()
  const liveNotifications = new Set<Notification>()

  const focusWindow = () => {
    if (window === null || window.isDestroyed()) {
      if (app.isReady()) window = openWindow()
      return
    }
    if (window.isMinimized()) window.restore()
    window.show()
    window.focus()
  }

  const openWindow = () => {
    const created = createMainWindow({ preloadPath, rendererUrl, indexHtmlPath, isAppPage })
    created.on('closed', () => {
      if (window === created) window = null
    })
    // A window reopened from the dock shows the bar at once, not at the next update.
    queueMicrotask(() => showProgress())
    return created
  }

  app.on('second-instance', focusWindow)
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents))

  // Progress of every import this session knows, for the dock/taskbar bar.
  const latest = new Map<number, ImportSummary>()
  // app.getLocale() is only reliable once the app is ready (Windows), when the first update comes.
  let announce: ReturnType<typeof createNoticeTracker> | null = null
  const showProgress = () => {
    if (window === null || window.isDestroyed()) return
    const { progress, mode } = progressBarState(latest.values())
    window.setProgressBar(progress, { mode })
  }
  const onUpdate = (update: ImportSummary) => {
    latest.set(update.id, update)
    showProgress()
    announce ??= createNoticeTracker(sessionStartedAt, app.getLocale() || undefined)
    const notice = announce(update)
    // Someone looking at the window sees the outcome there; a notice is for when they are not.
    const watching = window !== null && !window.isDestroyed() && window.isFocused()
    if (notice !== null && !watching && Notification.isSupported()) {
      const notification = new Notification({ title: notice.title, body: notice.body })
      liveNotifications.add(notification)
      notification.on('click', focusWindow)
      notification.on('close', () => liveNotifications.delete(notification))
      notification.show()
    }
  }

  // Quit: checkpoint the running import (bounded by SHUTDOWN_TIMEOUT_MS), then app.exit(), which
  // does not emit before-quit again. Further quit requests meanwhile (Cmd+Q twice, SIGTERM) wait.
  let quitState: 'running' | 'stopping' | 'stopped' = 'running'
  app.on('before-quit', (event) => {
    if (quitState === 'stopped') return
    event.preventDefault()
    if (quitState === 'stopping') return
    quitState = 'stopping'
    void (async () => {
      try {
        unregisterIpc?.()
        // Bounded even should the worker's exit never be reported: quitting must end.
        await Promise.race([service?.shutdown(SHUTDOWN_TIMEOUT_MS), delay(SHUTDOWN_TIMEOUT_MS + 2000)])
      } catch (error) {
        console.error('Shutting the import worker down failed:', error)
      } finally {
        quitState = 'stopped'
        app.exit(0)
      }
    })()
  })
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit())

  app.on('window-all-closed', () => {
    // macOS keeps the app (and a running import) alive in the dock; elsewhere closing quits.
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('activate', focusWindow)

  void app.whenReady().then(() => {
    const importService = new ImportService({
      dataDir: dataDir.dir,
      spawnWorker: (options) => utilityPort(options),
      log: (level, message) => (level === 'error' || level === 'warn' ? console.error : console.log)(`[importer] ${message}`),
    })
    service = importService
    let started: Promise<void> = Promise.resolve()
    const start = () => {
      started = importService.start()
      started.then(
        () => {
          for (const summary of importService.list()) latest.set(summary.id, summary)
          showProgress()
        },
        (error: unknown) => void offerRetry(error),
      )
    }
    // The worker could not start (a database from a newer version, no permission…): say why, and
    // let the person try again once they have fixed it. A quit meanwhile is not a failure.
    let offering = false
    const offerRetry = async (error: unknown) => {
      if (quitState !== 'running' || offering) return
      offering = true
      console.error('The importer could not start:', error)
      const options = {
        type: 'error' as const,
        title: PRODUCT_NAME,
        message: 'The importer could not start',
        detail: `${error instanceof Error ? error.message : String(error)}\n\nYour imports and contacts are as they were; nothing was changed.`,
        buttons: ['Try Again', 'Quit'],
        defaultId: 0,
        cancelId: 1,
      }
      const { response } = window !== null && !window.isDestroyed() ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options)
      offering = false
      if (quitState !== 'running') return
      if (response === 0) start()
      else app.quit()
    }
    unregisterIpc = registerIpc(ipcMain, importService, {
      isTrustedSender: isAppPage,
      get ready() {
        return started
      },
      openFileDialog: async () => {
        const options: OpenDialogOptions = {
          title: 'Choose CSV files to import',
          properties: ['openFile', 'multiSelections'],
          // Only what the service accepts: offering other files would only lead to a refusal.
          filters: [{ name: 'CSV files', extensions: [...IMPORTABLE_EXTENSIONS] }],
        }
        const result = window !== null && !window.isDestroyed() ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options)
        return result.canceled ? null : result.filePaths
      },
      saveFileDialog: async (defaultName) => {
        const options: SaveDialogOptions = {
          title: 'Export errors',
          defaultPath: join(app.getPath('documents'), defaultName),
          filters: [{ name: 'CSV files', extensions: ['csv'] }],
        }
        const result = window !== null && !window.isDestroyed() ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options)
        return result.canceled || !result.filePath ? null : result.filePath
      },
      showItemInFolder: (path) => shell.showItemInFolder(path),
      sendUpdate: (update) => {
        // Only our own page hears about imports, should the window ever show something else.
        if (window === null || window.isDestroyed()) return
        const contents = window.webContents
        if (!isAppPage(contents.getURL())) return
        contents.send(channelOf('update'), update)
      },
    })
    importService.onUpdate(onUpdate)
    importService.onWorkerLost((reason) => void offerRetry(new Error(reason)))
    const openFile = () => {
      focusWindow()
      if (window !== null && !window.isDestroyed() && isAppPage(window.webContents.getURL())) {
        window.webContents.send(channelOf('openFileRequested'), null)
      }
    }
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(menuTemplate({ isMac: process.platform === 'darwin', isPackaged: app.isPackaged, openFile })),
    )
    window = openWindow()
    start()
  })
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref())
}
