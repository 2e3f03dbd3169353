// Runs in the test process: "the app" as the built renderer in Debian's Chromium, its preload the
// real preload bundled with the Electron shim, its main a host process (host.ts) running the real
// registerIpc over the real ImportService and worker. Only Electron's transport is replaced:
// invokes travel page → Playwright binding → this process → host; updates host → here → page.
import type { Browser, BrowserContext, Page } from '@playwright/test'
import { channelOf } from '../../../preload/api.ts'
import type { AppDriver, LaunchOptions, RunningApp } from './driver.ts'
import { waitForExit } from './driver.ts'
import { Host } from './host-client.ts'
import { installTraceRecorder, TRACE_KEY } from './page-side.ts'
import { preloadBundle } from './paths.ts'
import { E2E_EMIT_HOOK, E2E_INVOKE_BINDING, E2E_REGISTER_HOOK } from './shim-names.ts'

/** The window's default size (UI.md), light theme and a fixed locale for numbers. */
export const WINDOW = { viewport: { width: 960, height: 640 }, locale: 'en-US', colorScheme: 'light' as const }

class BrowserApp implements RunningApp {
  private readonly prompts: string[] = []
  private saveAnswer: string | null = null
  private closed = false

  readonly page: Page
  private readonly context: BrowserContext
  private readonly host: Host

  constructor(page: Page, context: BrowserContext, host: Host) {
    this.page = page
    this.context = context
    this.host = host
    host.answerDialog = (dialog, defaultName) => {
      if (dialog === 'open') return null
      this.prompts.push(defaultName ?? '')
      return this.saveAnswer
    }
  }

  async prepareDrop(name: string, path: string): Promise<void> {
    await this.page.evaluate(
      ([hook, fileName, filePath]) => (globalThis as unknown as Record<string, (name: string, path: string) => void>)[hook](fileName, filePath),
      [E2E_REGISTER_HOOK, name, path] as const,
    )
  }

  answerSaveDialog(path: string | null): Promise<void> {
    this.saveAnswer = path
    return Promise.resolve()
  }

  savePrompts(): Promise<string[]> {
    return Promise.resolve([...this.prompts])
  }

  workerPid(): Promise<number | undefined> {
    return Promise.resolve(this.host.workerPid)
  }

  async quit(): Promise<void> {
    // As in Electron: the window stays up while main checkpoints the import, then goes with the app.
    await this.host.quit()
    await this.close()
  }

  async kill(options: { worker?: boolean } = {}): Promise<void> {
    const workerPid = this.host.workerPid
    await this.host.kill()
    if (options.worker && workerPid !== undefined) {
      try {
        process.kill(workerPid, 'SIGKILL')
      } catch {
        // Already gone.
      }
      await waitForExit(workerPid, 5000)
    }
    await this.close()
  }

  diagnostics(): string {
    return this.host.log.join('\n')
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.context.close().catch(() => {})
  }

  async dispose(): Promise<void> {
    await this.host.kill()
    await this.close()
  }
}

export class BrowserDriver implements AppDriver {
  readonly name = 'chromium'
  private readonly apps: BrowserApp[] = []

  private readonly browser: Browser
  private readonly appOrigin: string

  constructor(browser: Browser, appOrigin: string) {
    this.browser = browser
    this.appOrigin = appOrigin
  }

  async launch(options: LaunchOptions): Promise<RunningApp> {
    const host = new Host({ dataDir: options.dataDir, appOrigin: this.appOrigin, env: options.env })
    const context = await this.browser.newContext(WINDOW)
    const page = await context.newPage()
    const app = new BrowserApp(page, context, host)
    this.apps.push(app)

    // ipcRenderer.invoke → main, with the sender frame main's handlers check.
    await page.exposeBinding(E2E_INVOKE_BINDING, ({ frame }, channel: string, args: unknown[]) =>
      host.invoke(channel, args, { url: frame.url(), top: frame.parentFrame() === null }),
    )
    // webContents.send(update): one at a time, in the order main sent them, to the page as it is
    // now (an update that meets no listener is lost, as in Electron).
    let delivered = Promise.resolve()
    host.onUpdate((summary) => {
      delivered = delivered.then(async () => {
        if (page.isClosed()) return
        await page
          .evaluate(
            ([hook, channel, update]) =>
              (globalThis as unknown as Record<string, ((c: string, u: unknown) => void) | undefined>)[hook]?.(channel, update),
            [E2E_EMIT_HOOK, channelOf('update'), summary] as const,
          )
          .catch(() => {})
      })
    })
    await page.addInitScript(installTraceRecorder, TRACE_KEY)
    await page.addInitScript({ path: preloadBundle() })
    // Electron opens the window while the service starts; the handlers wait for it.
    await Promise.all([page.goto(`${this.appOrigin}/index.html`), host.ready])
    return app
  }

  async dispose(): Promise<void> {
    await Promise.all(this.apps.map((app) => app.dispose()))
  }

  /** Host logs of every launch, for a failing test's report. */
  diagnostics(): string {
    return this.apps.map((app, index) => `── launch ${index + 1} ──\n${app.diagnostics()}`).join('\n')
  }
}
