// Runs in Node: builds the renderer with Vite, serves it on 127.0.0.1 and opens it in Debian's
// Chromium through Playwright, with a fake main injected before the page's scripts run.
import { existsSync } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { createServer, type Server, type ServerResponse } from 'node:http'
import { extname, join, normalize, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright'
import { build } from 'vite'
import { fakeMain, type FakeMainConfig } from './fake-main.ts'

export const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)))
export const OUT_DIR = join(ROOT, '.bench', 'renderer')

/** A production build of renderer/ (what electron-vite ships), into .bench/renderer. */
export async function buildRenderer(): Promise<string> {
  await build({
    configFile: false,
    root: join(ROOT, 'renderer'),
    base: './',
    logLevel: 'warn',
    oxc: { jsx: { runtime: 'automatic' } },
    build: { outDir: OUT_DIR, emptyOutDir: true, sourcemap: false, reportCompressedSize: false },
  })
  return OUT_DIR
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
}

export interface Served {
  url: string
  close(): Promise<void>
}

/** Answers with the file the URL names under dir: 403 outside it, 404 where there is none. */
async function sendFile(dir: string, url: string, res: ServerResponse): Promise<void> {
  const path = decodeURIComponent(new URL(url, 'http://x').pathname)
  const file = normalize(join(dir, path === '/' ? 'index.html' : path))
  if (!file.startsWith(dir)) {
    res.writeHead(403).end()
    return
  }
  try {
    if (!(await stat(file)).isFile()) throw new Error('not a file')
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' })
    res.end(await readFile(file))
  } catch {
    res.writeHead(404).end()
  }
}

export async function serve(dir: string): Promise<Served> {
  const server: Server = createServer((req, res) => {
    // A URL that does not decode is the only way sendFile rejects.
    sendFile(dir, req.url ?? '/', res).catch(() => res.writeHead(400).end())
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => new Promise((done) => server.close(() => done())),
  }
}

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export async function launch(): Promise<Browser> {
  for (let waited = 0; !existsSync(CHROMIUM_PATH); waited += 5) {
    if (waited === 0) console.error(`Waiting for ${CHROMIUM_PATH} (apt may still be installing it)…`)
    if (waited > 900) throw new Error(`${CHROMIUM_PATH} did not appear; set CHROMIUM_PATH`)
    await sleep(5000)
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  })
}

export interface OpenOptions {
  colorScheme?: 'light' | 'dark'
  reducedMotion?: 'reduce' | 'no-preference'
  width?: number
  height?: number
  /** Browser zoom (1 = 100%): the CSS viewport shrinks by it and each CSS pixel takes that many device pixels. */
  zoom?: number
}

/** A page with the fake main injected; init scripts apply to page.goto, not to setContent. */
export async function openApp(browser: Browser, url: string, config: FakeMainConfig, options: OpenOptions = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: Math.round((options.width ?? 960) / (options.zoom ?? 1)), height: Math.round((options.height ?? 640) / (options.zoom ?? 1)) },
    deviceScaleFactor: options.zoom ?? 1,
    colorScheme: options.colorScheme ?? 'light',
    reducedMotion: options.reducedMotion ?? 'no-preference',
    locale: 'en-US',
  })
  const page = await context.newPage()
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`)
  })
  await page.addInitScript(fakeMain, config)
  await page.goto(url)
  await page.waitForSelector('.toolbar')
  if (problems.length > 0) throw new Error(problems.join('\n'))
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`))
  return page
}
