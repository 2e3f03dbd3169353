// Runs in the sandboxed preload of the window (bundled to CommonJS: sandboxed preloads cannot be
// ESM). Exposes window.importer, one method per message; the page never sees ipcRenderer, events
// or paths it did not drop. Uses only contextBridge, ipcRenderer and webUtils (the e2e shim's set).
// No exports: a sandboxed preload is a script, not a module.
import { contextBridge, ipcRenderer, webUtils } from 'electron'
import type { IpcRendererEvent } from 'electron'
import { Channels } from './api.ts'
import type { ErrorPage, ExportResult, ImporterApi, ImportSummary, StartResult, ThroughputPoint } from './api.ts'

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

const api: ImporterApi = {
  list: (): Promise<ImportSummary[]> => ipcRenderer.invoke(Channels.list),
  get: (id: number): Promise<ImportSummary | null> => ipcRenderer.invoke(Channels.get, id),

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
    return ipcRenderer.invoke(Channels.startFile, path)
  },

  chooseFile: (): Promise<StartResult[] | null> => ipcRenderer.invoke(Channels.chooseFile),
  pause: (id: number): Promise<void> => ipcRenderer.invoke(Channels.pause, id),
  resume: (id: number): Promise<void> => ipcRenderer.invoke(Channels.resume, id),
  cancel: (id: number): Promise<void> => ipcRenderer.invoke(Channels.cancel, id),
  retry: (id: number): Promise<void> => ipcRenderer.invoke(Channels.retry, id),
  errors: (id: number, offset: number, limit: number): Promise<ErrorPage> =>
    ipcRenderer.invoke(Channels.errors, id, offset, limit),
  throughput: (id: number): Promise<ThroughputPoint[]> => ipcRenderer.invoke(Channels.throughput, id),
  exportErrors: (id: number): Promise<ExportResult> => ipcRenderer.invoke(Channels.exportErrors, id),

  onUpdate(listener: (update: ImportSummary) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('onUpdate needs a function')
    // The IPC event (with its sender) stays here; the page gets the summary only.
    const forward = (_event: IpcRendererEvent, update: ImportSummary) => listener(update)
    ipcRenderer.on(Channels.update, forward)
    let subscribed = true
    return () => {
      if (!subscribed) return
      subscribed = false
      ipcRenderer.removeListener(Channels.update, forward)
    }
  },
}

contextBridge.exposeInMainWorld('importer', api)
