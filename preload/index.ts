// Runs in the sandboxed preload of the window (bundled to CommonJS: sandboxed preloads cannot be
// ESM). Exposes window.importer, one method per message; the page never sees ipcRenderer, events
// or paths it did not drop. Uses only contextBridge, ipcRenderer and webUtils (the e2e shim's set).
// No exports: a sandboxed preload is a script, not a module.
import { contextBridge, ipcRenderer, webUtils } from 'electron'
import type { IpcRendererEvent } from 'electron'
import { MAIN_METHODS, channelOf } from './api.ts'
import type { ForwardedMethods, ImporterApi, ImportSummary, MainHandlers, StartResult } from './api.ts'

const NO_FILE_ON_DISK =
  'This item has no file on disk (it may come from a web page, an e-mail or an archive). Save it to a folder first, then drop it again.'
const NOT_A_FILE = 'This item is not a file. Drop a CSV file, or choose one with "Choose file…".'

function fileNameOf(file: unknown): string {
  try {
    const name = (file as { name?: unknown } | null)?.name
    return typeof name === 'string' ? name : ''
  } catch {
    return ''
  }
}

/** A method that invokes its channel with its declared number of arguments (extra ones are dropped). */
function forward<M extends keyof MainHandlers>(method: M) {
  const channel = channelOf(method)
  const count = MAIN_METHODS[method]
  return (...args: unknown[]): Promise<ReturnType<MainHandlers[M]>> => ipcRenderer.invoke(channel, ...args.slice(0, count))
}

const forwarded = Object.fromEntries(
  (Object.keys(MAIN_METHODS) as Array<keyof MainHandlers>).filter((method) => method !== 'startFile').map((method) => [method, forward(method)]),
  // Built from MAIN_METHODS, whose type lists every method: each entry is forward(method).
) as { [M in keyof ForwardedMethods]: ImporterApi[M] }

// startFile takes a path, which only the preload has: the page drops a File (startDroppedFile).
const startFile = forward('startFile')

const api: ImporterApi = {
  ...forwarded,

  async startDroppedFile(file: File): Promise<StartResult> {
    const fileName = fileNameOf(file)
    let path: string
    try {
      path = webUtils.getPathForFile(file)
    } catch {
      // Not a File object (the page passed something else).
      return { ok: false, fileName, message: NOT_A_FILE }
    }
    if (typeof path !== 'string' || path === '') return { ok: false, fileName, message: NO_FILE_ON_DISK }
    return startFile(path)
  },

  onUpdate(listener: (update: ImportSummary) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('onUpdate needs a function')
    // The IPC event (with its sender) stays here; the page gets the summary only.
    const deliver = (_event: IpcRendererEvent, update: ImportSummary) => listener(update)
    ipcRenderer.on(channelOf('update'), deliver)
    let subscribed = true
    return () => {
      if (!subscribed) return
      subscribed = false
      ipcRenderer.removeListener(channelOf('update'), deliver)
    }
  },

  onOpenFileRequested(listener: () => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('onOpenFileRequested needs a function')
    const deliver = () => listener()
    ipcRenderer.on(channelOf('openFileRequested'), deliver)
    let subscribed = true
    return () => {
      if (!subscribed) return
      subscribed = false
      ipcRenderer.removeListener(channelOf('openFileRequested'), deliver)
    }
  },
}

contextBridge.exposeInMainWorld('importer', api)
