// Runs in the test process: "the app" as the built Electron app (out/main/index.js) under
// Playwright's _electron: the real main process, utility-process worker, preload and window.
// Only the system save dialog is answered by the test (dialog.showSaveDialog replaced in main).
import { _electron } from '@playwright/test'
import type { ElectronApplication, Page } from '@playwright/test'
import { existsSync } from 'node:fs'
import { basename } from 'node:path'
import type { AppDriver, LaunchOptions, RunningApp } from '../e2e/harness/driver.ts'
import { waitForExit } from '../e2e/harness/driver.ts'
import { installTraceRecorder, TRACE_KEY } from '../e2e/harness/page-side.ts'
import { ROOT } from '../e2e/harness/paths.ts'
import { MAIN_BUNDLE } from './electron-binary.ts'

/** serviceName of the worker's utility process (main/utility-port.ts). */
const WORKER_SERVICE_NAME = 'Contacts Importer worker'
const SAVE_PROMPTS = '__importerE2eSavePrompts'

class ElectronApp implements RunningApp {
  readonly page: Page
  private readonly app: ElectronApplication
  private readonly log: string[]
  private readonly closed: Promise<void>

  constructor(app: ElectronApplication, page: Page, log: string[]) {
    this.app = app
    this.page = page
    this.log = log
    this.closed = new Promise((resolve) => {
      if (app.process().exitCode !== null) resolve()
      else app.process().once('exit', () => resolve())
    })
  }

  async prepareDrop(): Promise<void> {
    // webUtils.getPathForFile knows the path of a File from disk.
  }

  async answerSaveDialog(path: string | null): Promise<void> {
    await this.app.evaluate(
      ({ dialog }, [answer, key]) => {
        const scope = globalThis as unknown as Record<string, string[] | undefined>
        const prompts = (scope[key] ??= [])
        const answerDialog = (...args: unknown[]) => {
          const options = (args.length > 1 ? args[1] : args[0]) as { defaultPath?: string } | undefined
          prompts.push(options?.defaultPath ?? '')
          return Promise.resolve({ canceled: answer === null, filePath: answer ?? '' })
        }
        dialog.showSaveDialog = answerDialog
      },
      [path, SAVE_PROMPTS] as const,
    )
  }

  async savePrompts(): Promise<string[]> {
    const paths = await this.app.evaluate((_electron, key) => (globalThis as unknown as Record<string, string[] | undefined>)[key] ?? [], SAVE_PROMPTS)
    return paths.map((path) => basename(path))
  }

  async workerPid(): Promise<number | undefined> {
    return this.app.evaluate(({ app }, name) => {
      const metric = app.getAppMetrics().find((m) => m.type === 'Utility' && (m.serviceName === name || m.name === name))
      return metric?.pid
    }, WORKER_SERVICE_NAME)
  }

  async quit(): Promise<void> {
    // app.quit(): main's before-quit handler checkpoints the import, then the app exits.
    await this.app.close()
    await this.closed
    const code = this.app.process().exitCode
    if (code !== 0) throw new Error(`The app did not quit cleanly (exit code ${code}):\n${this.diagnostics()}`)
  }

  async kill(options: { worker?: boolean } = {}): Promise<void> {
    const workerPid = options.worker ? await this.workerPid() : undefined
    this.app.process().kill('SIGKILL')
    if (workerPid !== undefined) {
      try {
        process.kill(workerPid, 'SIGKILL')
      } catch {
        // Already gone with the app.
      }
      await waitForExit(workerPid, 5000)
    }
    await this.closed
  }

  diagnostics(): string {
    return this.log.join('\n')
  }

  async dispose(): Promise<void> {
    if (this.app.process().exitCode === null && this.app.process().signalCode === null) this.app.process().kill('SIGKILL')
    await this.closed
  }
}

export class ElectronDriver implements AppDriver {
  readonly name = 'electron'
  private readonly apps: ElectronApp[] = []
  private readonly logs: string[][] = []

  async launch(options: LaunchOptions): Promise<RunningApp> {
    if (!existsSync(MAIN_BUNDLE)) throw new Error(`${MAIN_BUNDLE} is missing: run npm run test:electron (it builds the app first)`)
    const env: Record<string, string> = {}
    for (const [key, value] of Object.entries({ ...process.env, ...options.env })) if (value !== undefined) env[key] = value
    // Not the dev server: the built page, as a user's app loads it.
    delete env.ELECTRON_RENDERER_URL
    // --lang: numbers on screen grouped as the scenarios read them (en-US), whatever the machine's locale.
    // The app folder, as `npm start` does: Electron reads package.json (name, main → MAIN_BUNDLE).
    const app = await _electron.launch({ args: ['--lang=en-US', ROOT, '--data-dir', options.dataDir], env, cwd: ROOT })
    const log: string[] = []
    this.logs.push(log)
    for (const stream of [app.process().stdout, app.process().stderr]) {
      stream?.setEncoding('utf8').on('data', (chunk: string) => {
        for (const line of chunk.split('\n')) if (line.trim() !== '') log.push(line)
      })
    }
    await app.context().addInitScript(installTraceRecorder, TRACE_KEY)
    const page = await app.firstWindow()
    await page.waitForLoadState('domcontentloaded')
    // The first window may have started loading before the init script was registered.
    const recording = await page.evaluate((key) => key in globalThis, TRACE_KEY)
    if (!recording) await page.evaluate(installTraceRecorder, TRACE_KEY)
    const running = new ElectronApp(app, page, log)
    this.apps.push(running)
    return running
  }

  async dispose(): Promise<void> {
    await Promise.all(this.apps.map((app) => app.dispose()))
  }

  diagnostics(): string {
    return this.logs.map((log, index) => `── launch ${index + 1} ──\n${log.join('\n')}`).join('\n')
  }
}
