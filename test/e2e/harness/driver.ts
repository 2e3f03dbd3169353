// Runs in the test process: what the scenarios need from "the app", whichever way it runs: the built
// renderer in Debian's Chromium over a Node host (browser-driver.ts), or the built Electron app
// (test/electron/electron-driver.ts). The scenarios are written once against this.
import type { Page } from '@playwright/test'
import { isProcessRunning } from '../../../main/engine/local-process.ts'

export interface LaunchOptions {
  dataDir: string
  /** Extra environment for the app and its worker (IMPORTER_MAX_ROWS_PER_SECOND). */
  env?: Record<string, string>
}

export interface RunningApp {
  readonly page: Page
  /** Makes a file on disk droppable (the shim learns its path; Electron knows it already). */
  prepareDrop(name: string, path: string): Promise<void>
  /** What the system save dialog answers from now on (null: the person cancels it). */
  answerSaveDialog(path: string | null): Promise<void>
  /** The file names the save dialogs proposed, in order. */
  savePrompts(): Promise<string[]>
  /** The worker's process id, when the driver can see it. */
  workerPid(): Promise<number | undefined>
  /** Quit the app gracefully: the running import checkpoints, the app exits. */
  quit(): Promise<void>
  /**
   * SIGKILL the app's main process (the e2e host). With `worker`, the import worker is SIGKILLed at
   * the same instant; without, it is left to notice on its own. Resolves once the main process is gone.
   */
  kill(options?: { worker?: boolean }): Promise<void>
  /** Lines the app printed, for a failing test's report. */
  diagnostics(): string
}

export interface AppDriver {
  readonly name: 'chromium' | 'electron'
  launch(options: LaunchOptions): Promise<RunningApp>
  /** Ends whatever the test left running. */
  dispose(): Promise<void>
  /** What every launch printed, for a failing test's report. */
  diagnostics(): string
}

/** Waits until the process is gone; false if it still runs after timeoutMs. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (isProcessRunning(pid)) {
    if (Date.now() > deadline) return false
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  return true
}
