// The messages between the e2e test process and a host process (child_process.fork, advanced
// serialization): what crosses where Electron would carry IPC between the page and main.
import type { ImportSummary } from '../../../preload/api.ts'
import type { InvokeReply } from './shim-names.ts'

/** The frame an invoke came from, as Electron's event.senderFrame would describe it. */
export interface FrameInfo {
  url: string
  /** False for a sub-frame (Electron: senderFrame.parent !== null). */
  top: boolean
}

export type TestToHost =
  | { kind: 'invoke'; seq: number; channel: string; args: unknown[]; frame: FrameInfo }
  /** The answer to a dialog the host asked for (null: the person cancelled it). */
  | { kind: 'dialog-answer'; seq: number; answer: string | string[] | null }
  /** Quit the app: unregister IPC, service.shutdown() (the worker checkpoints), exit 0. */
  | { kind: 'quit' }

export type HostToTest =
  | { kind: 'ready'; pid: number; workerPid: number | undefined }
  | { kind: 'reply'; seq: number; reply: InvokeReply }
  /** webContents.send(channelOf('update'), summary) */
  | { kind: 'update'; summary: ImportSummary }
  | { kind: 'dialog'; seq: number; dialog: 'open' | 'save'; defaultName?: string }
  | { kind: 'worker'; workerPid: number | undefined }
  | { kind: 'log'; level: string; message: string }
  /** shell.showItemInFolder(path) */
  | { kind: 'shown-in-folder'; path: string }
  | { kind: 'quitting' }

/** Given to the host as JSON in argv[2]. */
export interface HostConfig {
  dataDir: string
  /** The origin the built renderer is served from: the only sender the host trusts. */
  appOrigin: string
  shutdownTimeoutMs?: number
}
