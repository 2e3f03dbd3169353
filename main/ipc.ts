// Runs in the Electron main process (and in the Node test/e2e hosts): the ipcMain handlers of
// window.importer. No electron import: the host passes ipcMain (or a stand-in) and the
// electron-only parts (dialogs, the update sink) as deps, so the same handlers run under plain node.
import { basename, extname, isAbsolute, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { MAIN_METHODS, channelOf } from '../preload/api.ts'
import type { ExportResult, ImportSummary, MainHandlers, MappableField, ReadingSelection, StartResult } from '../preload/api.ts'
import type { ImportServiceApi } from './service/types.ts'

/** The part of Electron's WebFrameMain the sender check reads. */
export interface SenderFrameLike {
  readonly url: string
  /** Present on Electron's frames; a sub-frame (parent not null) is never trusted. */
  readonly parent?: object | null
}

/** The part of Electron's IpcMainInvokeEvent the handlers read. */
export interface InvokeEventLike {
  /** Null when the frame navigated away or was destroyed before the message was handled. */
  readonly senderFrame: SenderFrameLike | null
}

export type InvokeListener = (event: InvokeEventLike, ...args: unknown[]) => unknown

/** Satisfied by Electron's ipcMain and by the test and e2e hosts' stand-ins. */
export interface IpcMainLike {
  handle(channel: string, listener: InvokeListener): void
  removeHandler(channel: string): void
}

export interface IpcDeps {
  /** Whether a frame at this URL is our own page (see createSenderPolicy). */
  isTrustedSender(url: string): boolean
  /** The system "open" dialog; absolute paths, or null when the person cancels. */
  openFileDialog(): Promise<string[] | null>
  /** The system "save" dialog, proposing defaultName; an absolute path, or null when cancelled. */
  saveFileDialog(defaultName: string): Promise<string | null>
  /** Shows a file in the system's file manager (Electron: shell.showItemInFolder). */
  showItemInFolder(path: string): void
  /** Delivers an update to the page (Electron: webContents.send(channelOf('update'), update)). */
  sendUpdate(update: ImportSummary): void
  /**
   * Handlers wait for it before touching the service (the service starts while the window loads).
   * Read at every call, so a getter can hand out the promise of a later start.
   */
  readonly ready?: Promise<unknown>
  /** Where refused calls are reported; defaults to console.warn. */
  warn?(message: string): void
}

/** Largest page of error rows one call may ask for. */
export const MAX_ERROR_PAGE = 1000
/** Longest path accepted (Windows' extended-length limit; Linux stops at 4096). */
export const MAX_PATH_LENGTH = 32_767

export class RefusedSenderError extends Error {
  override name = 'RefusedSenderError'
}

// ---------------------------------------------------------------------------------------------
// Sender policy

export interface SenderPolicyOptions {
  /** Absolute path of the built renderer/index.html loaded with loadFile (production). */
  indexHtmlPath?: string
  /** The dev server URL (ELECTRON_RENDERER_URL); its origin is trusted. Development only. */
  devServerUrl?: string
}

/**
 * Our own page is exactly the app's index.html over file:// (any query or hash), or any page of the
 * dev server's origin. Everything else, including other file:// pages and about:blank, is refused.
 */
export function createSenderPolicy(options: SenderPolicyOptions): (url: string) => boolean {
  // Windows paths compare case-insensitively (drive letters come back in either case).
  const normalize = (p: string) => (process.platform === 'win32' ? p.toLowerCase() : p)
  const indexPath = options.indexHtmlPath === undefined ? undefined : normalize(resolve(options.indexHtmlPath))
  const devOrigin = options.devServerUrl === undefined ? undefined : httpOrigin(options.devServerUrl)
  return (url: string) => {
    const parsed = parseUrl(url)
    if (parsed === null) return false
    if (parsed.protocol === 'file:') {
      if (indexPath === undefined || parsed.host !== '') return false
      let path: string
      try {
        path = fileURLToPath(parsed)
      } catch {
        return false
      }
      return normalize(path) === indexPath
    }
    return devOrigin !== undefined && (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.origin === devOrigin
  }
}

function parseUrl(url: string): URL | null {
  if (typeof url !== 'string' || url === '') return null
  try {
    return new URL(url)
  } catch {
    return null
  }
}

function httpOrigin(url: string): string {
  const parsed = parseUrl(url)
  if (parsed === null || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new TypeError(`The dev server URL must be http(s): ${url}`)
  }
  return parsed.origin
}

/** Throws RefusedSenderError unless the event comes from the top frame of a trusted page. */
export function assertTrustedSender(event: InvokeEventLike, channel: string, isTrusted: (url: string) => boolean): void {
  const frame = event?.senderFrame
  if (frame === null || frame === undefined) throw new RefusedSenderError(`Refused ${channel}: the sending frame is gone`)
  if (frame.parent !== undefined && frame.parent !== null) throw new RefusedSenderError(`Refused ${channel} from a sub-frame`)
  if (!isTrusted(frame.url)) throw new RefusedSenderError(`Refused ${channel} from a page that is not the importer`)
}

// ---------------------------------------------------------------------------------------------
// Argument validation: page code is not trusted, so every value is checked at runtime.

export function expectArgCount(args: readonly unknown[], count: number, channel: string): void {
  if (args.length !== count) {
    throw new TypeError(`${channel} takes ${count} argument${count === 1 ? '' : 's'}, got ${args.length}`)
  }
}

export function expectId(value: unknown, name = 'id'): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(`${name} must be a positive integer, got ${describe(value)}`)
  }
  return value
}

export function expectOffset(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`offset must be an integer >= 0, got ${describe(value)}`)
  }
  return value
}

export function expectLimit(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > MAX_ERROR_PAGE) {
    throw new TypeError(`limit must be an integer from 1 to ${MAX_ERROR_PAGE}, got ${describe(value)}`)
  }
  return value
}

/** A non-empty absolute path string without NUL bytes; says nothing about the file itself. */
export function expectAbsolutePath(value: unknown): string {
  if (typeof value !== 'string') throw new TypeError(`path must be a string, got ${describe(value)}`)
  if (value === '' || value.length > MAX_PATH_LENGTH || value.includes('\0')) {
    throw new TypeError('path must be a non-empty path without NUL characters')
  }
  if (!isAbsolute(value)) throw new TypeError('path must be absolute')
  return value
}

function describe(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value)
  if (typeof value === 'string') return `a string (${JSON.stringify(value.slice(0, 40))})`
  return `a ${typeof value}`
}

/** "contacts-2026.csv" → "contacts-2026-errors.csv". */
export function errorsFileName(fileName: string): string {
  const ext = extname(fileName)
  const stem = (ext === '' ? fileName : fileName.slice(0, -ext.length)) || 'import'
  return `${stem}-errors.csv`
}

// ---------------------------------------------------------------------------------------------
// Handlers

/** Main's side of MainHandlers: the same arguments and results, answered now or later. */
export type IpcHandlers = {
  [M in keyof MainHandlers]: (...args: Parameters<MainHandlers[M]>) => ReturnType<MainHandlers[M]> | Promise<ReturnType<MainHandlers[M]>>
}

/** Each method's arguments, checked at runtime (page code is untrusted) and typed for its handler. */
const argumentChecks: { [M in keyof MainHandlers]: (args: readonly unknown[]) => Parameters<MainHandlers[M]> } = {
  list: () => [],
  get: (args) => [expectId(args[0])],
  startFile: (args) => [expectAbsolutePath(args[0])],
  chooseFile: () => [],
  pause: (args) => [expectId(args[0])],
  resume: (args) => [expectId(args[0])],
  cancel: (args) => [expectId(args[0])],
  retry: (args) => [expectId(args[0])],
  errors: (args) => [expectId(args[0]), expectOffset(args[1]), expectLimit(args[2])],
  throughput: (args) => [expectId(args[0])],
  exportErrors: (args) => [expectId(args[0])],
  preview: (args) => [expectId(args[0]), expectSelection(args[1])],
  confirmMapping: (args) => [expectId(args[0]), expectSelection(args[1])],
  importAgain: (args) => [expectId(args[0]), expectSelection(args[1])],
  remove: (args) => [expectId(args[0])],
  clearFinished: () => [],
  showInFolder: (args) => [expectAbsolutePath(args[0])],
}

const MAPPABLE: readonly MappableField[] = ['email', 'first_name', 'last_name', 'name']

/** A mapping form's choice: known fields to short strings, and an encoding label or null. */
function expectSelection(value: unknown): ReadingSelection {
  const short = (v: unknown): v is string => typeof v === 'string' && v.length <= 1000
  if (typeof value !== 'object' || value === null) throw new TypeError('Expected a column choice')
  const { mapping, encoding } = value as { mapping?: unknown; encoding?: unknown }
  if (typeof mapping !== 'object' || mapping === null) throw new TypeError('Expected a column mapping')
  const checked: ReadingSelection['mapping'] = {}
  for (const [field, column] of Object.entries(mapping)) {
    if (!(MAPPABLE as readonly string[]).includes(field) || !short(column)) throw new TypeError(`Bad column choice for ${field}`)
    checked[field as MappableField] = column
  }
  if (encoding !== null && !short(encoding)) throw new TypeError('Expected an encoding label or null')
  return { mapping: checked, encoding }
}

function readingOf(choice: ReadingSelection): { mapping: ReadingSelection['mapping']; encoding?: string } {
  return choice.encoding === null ? { mapping: choice.mapping } : { mapping: choice.mapping, encoding: choice.encoding }
}

/** The answers of window.importer's methods, from the service and the host's dialogs. */
export function createIpcHandlers(
  service: ImportServiceApi,
  deps: Pick<IpcDeps, 'openFileDialog' | 'saveFileDialog' | 'showItemInFolder'>,
): IpcHandlers {
  // "Show in folder" opens only what this window exported: the page cannot name other paths.
  const exported = new Set<string>()

  return {
    list: () => service.list(),
    get: (id) => service.get(id),
    // The service checks the file itself (type, name, location): the one check for every host.
    // In the app a file whose columns do not map waits for the person's choice (needs_mapping).
    startFile: (path) => service.startImport(path, { waitForMapping: true }),
    chooseFile: async () => {
      const paths = await deps.openFileDialog()
      if (paths === null || paths.length === 0) return null
      const results: StartResult[] = []
      for (const path of paths) results.push(await service.startImport(expectAbsolutePath(path), { waitForMapping: true }))
      return results
    },
    pause: (id) => service.pause(id),
    resume: (id) => service.resume(id),
    cancel: (id) => service.cancel(id),
    retry: (id) => service.retry(id),
    errors: (id, offset, limit) => service.errors(id, offset, limit),
    throughput: (id) => service.throughput(id),
    preview: (id, choice) => service.preview(id, readingOf(choice)),
    confirmMapping: (id, choice) => service.confirmMapping(id, choice.mapping, choice.encoding),
    importAgain: (id, choice) => service.importAgain(id, readingOf(choice)),
    exportErrors: async (id): Promise<ExportResult> => {
      const summary = service.get(id)
      if (summary === null) return { ok: false, cancelled: false, message: 'This import no longer exists.' }
      const destination = await deps.saveFileDialog(errorsFileName(summary.fileName))
      if (destination === null) return { ok: false, cancelled: true }
      try {
        const rows = await service.exportErrors(id, expectAbsolutePath(destination))
        exported.add(destination)
        return { ok: true, path: destination, rows }
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error)
        return { ok: false, cancelled: false, message: `The errors could not be saved to "${basename(destination)}": ${reason}` }
      }
    },
    remove: (id) => service.remove(id),
    clearFinished: () => service.clearFinished(),
    showInFolder: (path) => {
      if (!exported.has(path)) throw new TypeError('Only a file this window exported can be shown in its folder.')
      deps.showItemInFolder(path)
    },
  }
}

/** Checks a call's arguments and runs its handler; one generic step so each method keeps its types. */
function invokeHandler<M extends keyof MainHandlers>(handlers: IpcHandlers, method: M, args: readonly unknown[]) {
  const channel = channelOf(method)
  expectArgCount(args, MAIN_METHODS[method], channel)
  const handler: (...checked: Parameters<MainHandlers[M]>) => unknown = handlers[method]
  return handler(...argumentChecks[method](args))
}

/**
 * Registers one ipcMain handler per method of MainHandlers (the handlers of createIpcHandlers over
 * the service), each checking its sender and its arguments, and forwards the service's updates to
 * deps.sendUpdate. Returns the unregister function.
 */
export function registerIpc(ipc: IpcMainLike, service: ImportServiceApi, deps: IpcDeps): () => void {
  const unserve = serveIpc(ipc, createIpcHandlers(service, deps), deps)
  const unsubscribe = service.onUpdate((update) => deps.sendUpdate(update))
  return () => {
    unsubscribe()
    unserve()
  }
}

/** Serves typed handlers on their channels behind the sender check. Returns the unregister function. */
export function serveIpc(ipc: IpcMainLike, handlers: IpcHandlers, deps: Pick<IpcDeps, 'isTrustedSender' | 'ready' | 'warn'>): () => void {
  const warn = deps.warn ?? ((message: string) => console.warn(message))
  const methods = Object.keys(MAIN_METHODS) as Array<keyof MainHandlers>
  for (const method of methods) {
    const channel = channelOf(method)
    ipc.handle(channel, async (event, ...args) => {
      try {
        assertTrustedSender(event, channel, deps.isTrustedSender)
      } catch (error) {
        warn(`${(error as Error).message} (${event?.senderFrame?.url ?? 'no frame'})`)
        throw error
      }
      // Read at each call: a host that starts the service again after a failure replaces it.
      await deps.ready
      return invokeHandler(handlers, method, args)
    })
  }

  let registered = true
  return () => {
    if (!registered) return
    registered = false
    for (const method of methods) ipc.removeHandler(channelOf(method))
  }
}
