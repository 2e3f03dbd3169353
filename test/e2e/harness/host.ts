// Runs as its own Node process, forked by an e2e test: the app's main process without Electron.
// The real ImportService (its worker a real child process on the real SQLite file) behind the real
// registerIpc handlers; a stand-in ipcMain receives the page's invokes relayed by the test process,
// and updates go back the same way. Being a process of its own, it can quit gracefully (the test
// sends 'quit', like app.quit()) or be SIGKILLed (the worker notices the lost parent and stops).
import { createSenderPolicy, registerIpc } from '../../../main/ipc.ts'
import type { InvokeEventLike, InvokeListener, IpcMainLike } from '../../../main/ipc.ts'
import { forkWorker } from '../../../main/service/child-process-port.ts'
import { ImportService } from '../../../main/service/import-service.ts'
import type { HostConfig, HostToTest, TestToHost } from './host-protocol.ts'
import type { InvokeReply } from './shim-names.ts'

const config = JSON.parse(process.argv[2] ?? '{}') as HostConfig
if (!config.dataDir || !config.appOrigin) throw new Error('host.ts needs a HostConfig as JSON in argv[2]')

function send(message: HostToTest): void {
  if (process.connected) process.send?.(message)
}

/** ipcMain's handle/removeHandler, and what Electron does with an invoke that arrives. */
class IpcMainStandIn implements IpcMainLike {
  private readonly handlers = new Map<string, InvokeListener>()
  handle(channel: string, listener: InvokeListener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    this.handlers.set(channel, listener)
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel)
  }
  async invoke(event: InvokeEventLike, channel: string, args: unknown[]): Promise<InvokeReply> {
    const handler = this.handlers.get(channel)
    if (!handler) return { ok: false, error: { name: 'Error', message: `No handler registered for '${channel}'` } }
    try {
      return { ok: true, value: await handler(event, ...args) }
    } catch (error) {
      const { name, message } = error instanceof Error ? error : new Error(String(error))
      return { ok: false, error: { name, message } }
    }
  }
}

// Dialogs are answered by the test (it plays the person in front of the system dialog).
let dialogSeq = 0
const dialogs = new Map<number, (answer: string | string[] | null) => void>()
function askDialog(dialog: 'open' | 'save', defaultName?: string): Promise<string | string[] | null> {
  const seq = ++dialogSeq
  return new Promise((resolve) => {
    dialogs.set(seq, resolve)
    send({ kind: 'dialog', seq, dialog, defaultName })
  })
}

const log = (level: string, message: string) => send({ kind: 'log', level, message })
const service = new ImportService({
  dataDir: config.dataDir,
  spawnWorker: (options) => forkWorker(options),
  shutdownTimeoutMs: config.shutdownTimeoutMs ?? 3000,
  log,
})
const ipc = new IpcMainStandIn()
const started = service.start()
const unregister = registerIpc(ipc, service, {
  // The page is served over http from the test's origin: the policy's dev-server branch, as in
  // `electron-vite dev`. Every invoke still goes through assertTrustedSender.
  isTrustedSender: createSenderPolicy({ devServerUrl: config.appOrigin }),
  ready: started,
  openFileDialog: async () => {
    const answer = await askDialog('open')
    return answer === null ? null : Array.isArray(answer) ? answer : [answer]
  },
  saveFileDialog: async (defaultName) => {
    const answer = await askDialog('save', defaultName)
    return typeof answer === 'string' ? answer : null
  },
  showItemInFolder: (path) => send({ kind: 'shown-in-folder', path }),
  sendUpdate: (summary) => send({ kind: 'update', summary }),
  warn: (message) => log('warn', message),
})

let quitting: Promise<void> | null = null
function quit(): Promise<void> {
  quitting ??= (async () => {
    send({ kind: 'quitting' })
    try {
      unregister()
      await service.shutdown()
    } catch (error) {
      log('error', `shutdown failed: ${(error as Error).message}`)
    } finally {
      process.exit(0)
    }
  })()
  return quitting
}

process.on('message', (raw) => {
  const message = raw as TestToHost
  switch (message.kind) {
    case 'invoke': {
      const event: InvokeEventLike = { senderFrame: { url: message.frame.url, parent: message.frame.top ? null : {} } }
      void ipc.invoke(event, message.channel, message.args).then((reply) => send({ kind: 'reply', seq: message.seq, reply }))
      return
    }
    case 'dialog-answer': {
      const resolve = dialogs.get(message.seq)
      dialogs.delete(message.seq)
      resolve?.(message.answer)
      return
    }
    case 'quit':
      void quit()
      return
  }
})
// The test process went away: quit like the app does on SIGTERM rather than linger.
process.on('disconnect', () => void quit())
process.on('SIGTERM', () => void quit())
process.on('SIGINT', () => void quit())

started.then(
  () => {
    send({ kind: 'ready', pid: process.pid, workerPid: service.workerPid })
    // The service replaces a worker that died; the test wants to know which process to watch.
    let lastWorkerPid = service.workerPid
    setInterval(() => {
      if (service.workerPid !== lastWorkerPid) {
        lastWorkerPid = service.workerPid
        send({ kind: 'worker', workerPid: lastWorkerPid })
      }
    }, 100).unref()
  },
  (error: unknown) => {
    log('error', `The importer could not start: ${(error as Error).message}`)
    process.exit(1)
  },
)
