// Runs in Node: screenshots of the window's main states, light and dark, from the built renderer in
// Debian's Chromium with the fake main. Writes docs/screenshots/renderer-<state>-<scheme>.png.
//
//   node test/bench/render-page/screenshots.ts [--no-build]
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright'
import type { FakeMainConfig } from './fake-main.ts'
import { OUT_DIR, ROOT, buildRenderer, launch, openApp, serve } from './harness.ts'
import { sampleImports } from './sample-imports.ts'

const SHOTS = join(ROOT, 'docs', 'screenshots')
const everything = sampleImports()

interface Shot {
  name: string
  config: FakeMainConfig
  width?: number
  height?: number
  zoom?: number
  prepare(page: Page): Promise<void>
}

async function select(page: Page, fileName: string): Promise<void> {
  await page.getByRole('list', { name: 'Imports' }).getByRole('button', { name: fileName, exact: true }).click()
}

const shots: Shot[] = [
  { name: 'first-run', config: { imports: [], live: null, observeLongTasks: false }, prepare: async () => {} },
  {
    name: 'importing',
    config: { imports: everything, live: { ids: [5], hz: 10, durationMs: 60_000 }, observeLongTasks: false },
    prepare: async (page) => {
      await select(page, 'contacts-2026.csv')
      await page.waitForTimeout(3500)
      const detail = page.getByRole('region', { name: 'contacts-2026.csv' })
      await detail.getByRole('button', { name: 'Pause' }).click()
      await page.waitForTimeout(1500)
      await detail.getByRole('button', { name: 'Resume' }).click()
      await page.waitForTimeout(4000)
      await page.mouse.move(900, 40)
    },
  },
  {
    name: 'done-with-errors',
    config: { imports: everything, live: null, observeLongTasks: false },
    prepare: async (page) => {
      await select(page, 'old.csv')
      await page.waitForSelector('.err-scroller [role="row"] .err-code')
      await page.mouse.move(900, 40)
    },
  },
  {
    name: 'failed',
    config: { imports: everything, live: null, observeLongTasks: false },
    prepare: async (page) => {
      await select(page, 'customers.csv')
      await page.mouse.move(900, 40)
    },
  },
  {
    name: 'needs-columns',
    config: { imports: everything, live: null, observeLongTasks: false },
    prepare: async (page) => {
      await select(page, 'crm-export.csv')
      const form = page.getByRole('form')
      await form.getByLabel('Email', { exact: true }).selectOption('E-Mail-Adresse')
      await form.getByLabel('First name', { exact: true }).selectOption('Vorname')
      await form.getByLabel('Last name', { exact: true }).selectOption('Nachname')
      await page.getByRole('cell', { name: 'ann@example.com' }).waitFor()
      await page.mouse.move(900, 40)
    },
  },
  {
    name: 'paused',
    config: { imports: everything, live: null, observeLongTasks: false },
    prepare: async (page) => {
      await select(page, 'leads.csv')
      await page.waitForSelector('.err-scroller [role="row"] .err-code')
      await page.mouse.move(900, 40)
    },
  },
  {
    name: 'drag-over',
    config: { imports: everything, live: null, observeLongTasks: false },
    prepare: async (page) => {
      await page.evaluate(() => {
        const g = globalThis as unknown as {
          DataTransfer: new () => { items: { add(file: unknown): void } }
          File: new (parts: string[], name: string, options: { type: string }) => unknown
          DragEvent: new (type: string, init: { dataTransfer: unknown; bubbles: boolean; cancelable: boolean }) => unknown
          dispatchEvent(event: unknown): boolean
        }
        const transfer = new g.DataTransfer()
        transfer.items.add(new g.File(['email\n'], 'more.csv', { type: 'text/csv' }))
        g.dispatchEvent(new g.DragEvent('dragenter', { dataTransfer: transfer, bubbles: true, cancelable: true }))
      })
      await page.waitForSelector('.drop-overlay')
    },
  },
  {
    name: 'dropped-several',
    config: { imports: everything, live: null, observeLongTasks: false },
    prepare: async (page) => {
      await page.evaluate(() => {
        const g = globalThis as unknown as {
          DataTransfer: new () => { items: { add(file: unknown): void } }
          File: new (parts: string[], name: string, options: { type: string }) => unknown
          DragEvent: new (type: string, init: { dataTransfer: unknown; bubbles: boolean; cancelable: boolean }) => unknown
          dispatchEvent(event: unknown): boolean
        }
        const transfer = new g.DataTransfer()
        transfer.items.add(new g.File(['email,first_name,last_name\n'], 'march.csv', { type: 'text/csv' }))
        transfer.items.add(new g.File(['x'], 'contacts.xlsx', { type: '' }))
        transfer.items.add(new g.File(['x'], 'photo.jpg', { type: 'image/jpeg' }))
        g.dispatchEvent(new g.DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }))
      })
      await page.waitForSelector('.notice')
      await page.mouse.move(900, 40)
    },
  },
  {
    name: 'small-window',
    width: 720,
    height: 480,
    config: { imports: everything, live: { ids: [5], hz: 10, durationMs: 60_000 }, observeLongTasks: false },
    prepare: async (page) => {
      await select(page, 'contacts-2026.csv')
      await page.waitForTimeout(3000)
      await page.mouse.move(700, 30)
    },
  },
  {
    name: 'zoom-200',
    zoom: 2,
    config: { imports: everything, live: { ids: [5], hz: 10, durationMs: 60_000 }, observeLongTasks: false },
    prepare: async (page) => {
      await select(page, 'contacts-2026.csv')
      await page.waitForTimeout(2500)
    },
  },
  {
    name: 'small-window-200',
    width: 720,
    height: 480,
    zoom: 2,
    config: { imports: everything, live: null, observeLongTasks: false },
    prepare: async (page) => {
      await select(page, 'crm-export.csv')
    },
  },
  {
    name: 'small-window-125',
    width: 720,
    height: 480,
    zoom: 1.25,
    config: { imports: everything, live: null, observeLongTasks: false },
    prepare: async (page) => {
      await select(page, 'old.csv')
      await page.waitForSelector('.err-scroller [role="row"] .err-code')
    },
  },
  {
    name: 'cancel-question',
    config: { imports: everything, live: { ids: [5], hz: 10, durationMs: 60_000 }, observeLongTasks: false },
    prepare: async (page) => {
      await select(page, 'contacts-2026.csv')
      await page.waitForTimeout(1500)
      await page.getByRole('region', { name: 'contacts-2026.csv' }).getByRole('button', { name: 'Cancel', exact: true }).click()
      await page.waitForSelector('.dialog')
    },
  },
  {
    name: 'exported',
    config: { imports: everything, live: null, observeLongTasks: false },
    prepare: async (page) => {
      await select(page, 'test-export.csv')
      await page.getByRole('button', { name: 'Export errors…' }).click()
      await page.waitForSelector('.notice-action')
      await page.mouse.move(900, 40)
    },
  },
]

async function take(browser: Browser, url: string, shot: Shot, scheme: 'light' | 'dark'): Promise<void> {
  const page = await openApp(browser, url, shot.config, {
    colorScheme: scheme,
    reducedMotion: 'reduce',
    width: shot.width,
    height: shot.height,
    zoom: shot.zoom,
  })
  await page.waitForSelector(shot.config.imports.length > 0 ? '.row' : '.dropzone')
  await shot.prepare(page)
  const file = join(SHOTS, `renderer-${shot.name}-${scheme}.png`)
  await page.screenshot({ path: file })
  console.log(file)
  await page.context().close()
}

if (!process.argv.includes('--no-build') || !existsSync(join(OUT_DIR, 'index.html'))) await buildRenderer()
mkdirSync(SHOTS, { recursive: true })
const server = await serve(OUT_DIR)
const browser = await launch()
try {
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7)
  for (const shot of shots) {
    if (only && !only.split(',').includes(shot.name)) continue
    for (const scheme of ['light', 'dark'] as const) await take(browser, server.url, shot, scheme)
  }
} finally {
  await browser.close()
  await server.close()
}
