// Runs in the page (e2e only), bundled into the real preload in place of the `electron` module: the
// three renderer-side Electron APIs preload/index.ts uses, carried by Playwright instead of Chromium
// IPC. Nothing else of Electron is offered, so a preload that reached for more would fail to build.
//   contextBridge.exposeInMainWorld(k, v) → window[k] = v
//   ipcRenderer.invoke                     → the Playwright binding INVOKE_BINDING → the host process
//   ipcRenderer.on / removeListener        → listeners the test process feeds through EMIT_HOOK
//   webUtils.getPathForFile(file)          → the paths the test registered (REGISTER_HOOK) before a drop
import { E2E_EMIT_HOOK, E2E_INVOKE_BINDING, E2E_REGISTER_HOOK } from './shim-names.ts'
import type { InvokeReply } from './shim-names.ts'

type Listener = (event: IpcRendererEventLike, ...args: unknown[]) => void

interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>
  on(channel: string, listener: Listener): IpcRendererLike
  removeListener(channel: string, listener: Listener): IpcRendererLike
}

interface IpcRendererEventLike {
  sender: IpcRendererLike
}

const scope = globalThis as unknown as Record<string, unknown>
const listeners = new Map<string, Listener[]>()
const droppedFiles = new Map<string, string>()

function defineHook(name: string, value: unknown): void {
  // Not enumerable and not writable: page code cannot replace the transport by accident.
  Object.defineProperty(scope, name, { value, enumerable: false, writable: false, configurable: false })
}

export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown): void {
    if (key in scope) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${key}`)
    scope[key] = api
  },
}

export const ipcRenderer: IpcRendererLike = {
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    // Playwright's exposeBinding puts it there; the host answers every invoke with an InvokeReply.
    const binding = scope[E2E_INVOKE_BINDING] as ((channel: string, args: unknown[]) => Promise<InvokeReply>) | undefined
    if (typeof binding !== 'function') throw new Error(`The e2e binding ${E2E_INVOKE_BINDING} is missing`)
    const reply = await binding(channel, args)
    if (reply.ok) return reply.value
    // Electron's wording for a handler that threw; the renderer strips this prefix for people.
    throw new Error(`Error invoking remote method '${channel}': ${reply.error.name}: ${reply.error.message}`)
  },
  on(channel: string, listener: Listener): IpcRendererLike {
    listeners.set(channel, [...(listeners.get(channel) ?? []), listener])
    return ipcRenderer
  },
  removeListener(channel: string, listener: Listener): IpcRendererLike {
    const list = listeners.get(channel) ?? []
    const index = list.indexOf(listener)
    if (index >= 0) listeners.set(channel, [...list.slice(0, index), ...list.slice(index + 1)])
    return ipcRenderer
  },
}

export const webUtils = {
  getPathForFile(file: unknown): string {
    // Electron throws for anything but a File, and returns '' for a File with no file on disk.
    if (!(file instanceof File)) throw new TypeError('webUtils.getPathForFile expects a File')
    return droppedFiles.get(file.name) ?? ''
  },
}

defineHook(E2E_EMIT_HOOK, (channel: string, payload: unknown): void => {
  const event: IpcRendererEventLike = { sender: ipcRenderer }
  for (const listener of listeners.get(channel) ?? []) listener(event, payload)
})

defineHook(E2E_REGISTER_HOOK, (name: string, path: string): void => {
  droppedFiles.set(name, path)
})
