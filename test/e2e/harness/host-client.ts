// Runs in the e2e test process: starts a host process (host.ts) and talks to it.
import { fork } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import type { ImportSummary } from '../../../preload/api.ts'
import type { FrameInfo, HostConfig, HostToTest, TestToHost } from './host-protocol.ts'
import { HOST_ENTRY, ROOT } from './paths.ts'
import type { InvokeReply } from './shim-names.ts'

export type DialogAnswerer = (dialog: 'open' | 'save', defaultName: string | undefined) => string | string[] | null

export interface HostOptions extends HostConfig {
  /** Extra environment for the host and its worker (e.g. IMPORTER_MAX_ROWS_PER_SECOND). */
  env?: Record<string, string>
}

export class Host {
  readonly process: ChildProcess
  /** Everything the host and its worker printed, and the service's log lines. */
  readonly log: string[] = []
  readonly ready: Promise<void>
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  workerPid: number | undefined
  /** Answers the system dialogs main would show; cancels them unless a test says otherwise. */
  answerDialog: DialogAnswerer = () => null
  /** Paths main asked the system file manager to show, in order. */
  readonly shownInFolder: string[] = []
  private seq = 0
  private readonly replies = new Map<number, (reply: InvokeReply) => void>()
  private readonly updateListeners = new Set<(summary: ImportSummary) => void>()
  private hasExited = false

  constructor(options: HostOptions) {
    const { env, ...config } = options
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env }
    // The runner's own loader flags are not the app's business.
    delete childEnv.NODE_OPTIONS
    this.process = fork(HOST_ENTRY, [JSON.stringify(config)], {
      cwd: ROOT,
      env: childEnv,
      execArgv: [],
      serialization: 'advanced',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    })
    const collect = (stream: NodeJS.ReadableStream | null, tag: string) =>
      stream?.setEncoding('utf8').on('data', (chunk: string) => {
        for (const line of chunk.split('\n')) if (line.trim() !== '') this.log.push(`${tag} ${line}`)
      })
    collect(this.process.stdout, '[stdout]')
    collect(this.process.stderr, '[stderr]')
    this.exited = new Promise((resolve) => {
      this.process.on('exit', (code, signal) => {
        this.hasExited = true
        this.log.push(`[host] exited (code ${code}, signal ${signal})`)
        for (const resolveReply of this.replies.values()) {
          resolveReply({ ok: false, error: { name: 'Error', message: 'The app is not running' } })
        }
        this.replies.clear()
        resolve({ code, signal })
      })
    })
    this.ready = new Promise((resolve, reject) => {
      this.process.on('message', (raw) => {
        const message = raw as HostToTest
        if (message.kind === 'ready') {
          this.workerPid = message.workerPid
          resolve()
        }
        this.receive(message)
      })
      void this.exited.then(({ code, signal }) => reject(new Error(`The host exited before it was ready (code ${code}, signal ${signal}):\n${this.log.join('\n')}`)))
    })
  }

  get pid(): number | undefined {
    return this.process.pid
  }

  get running(): boolean {
    return !this.hasExited
  }

  /** ipcRenderer.invoke from a frame, as main would receive it. */
  invoke(channel: string, args: unknown[], frame: FrameInfo): Promise<InvokeReply> {
    if (this.hasExited || !this.process.connected) {
      return Promise.resolve({ ok: false, error: { name: 'Error', message: 'The app is not running' } })
    }
    const seq = ++this.seq
    return new Promise((resolve) => {
      this.replies.set(seq, resolve)
      this.send({ kind: 'invoke', seq, channel, args, frame })
    })
  }

  onUpdate(listener: (summary: ImportSummary) => void): () => void {
    this.updateListeners.add(listener)
    return () => this.updateListeners.delete(listener)
  }

  /** Like quitting the app: the host unregisters IPC, shuts the service down (the worker checkpoints) and exits. */
  async quit(timeoutMs = 15_000): Promise<void> {
    if (this.hasExited) return
    this.send({ kind: 'quit' })
    const timer = setTimeout(() => this.process.kill('SIGKILL'), timeoutMs)
    const { code, signal } = await this.exited
    clearTimeout(timer)
    if (code !== 0) throw new Error(`The host did not quit cleanly (code ${code}, signal ${signal}):\n${this.log.join('\n')}`)
  }

  /** Like the app crashing: SIGKILL the host process; nothing of it runs another instruction. */
  async kill(): Promise<void> {
    if (this.hasExited) return
    this.process.kill('SIGKILL')
    await this.exited
  }

  private send(message: TestToHost): void {
    if (this.process.connected) this.process.send(message)
  }

  private receive(message: HostToTest): void {
    switch (message.kind) {
      case 'reply': {
        const resolve = this.replies.get(message.seq)
        this.replies.delete(message.seq)
        resolve?.(message.reply)
        return
      }
      case 'update':
        for (const listener of this.updateListeners) listener(message.summary)
        return
      case 'dialog': {
        let answer: string | string[] | null = null
        try {
          answer = this.answerDialog(message.dialog, message.defaultName)
        } catch (error) {
          this.log.push(`[test] the ${message.dialog} dialog answerer threw: ${(error as Error).message}`)
        }
        this.send({ kind: 'dialog-answer', seq: message.seq, answer })
        return
      }
      case 'worker':
        this.workerPid = message.workerPid
        return
      case 'log':
        this.log.push(`[service:${message.level}] ${message.message}`)
        return
      case 'shown-in-folder':
        this.shownInFolder.push(message.path)
        return
      case 'ready':
      case 'quitting':
        return
    }
  }
}
