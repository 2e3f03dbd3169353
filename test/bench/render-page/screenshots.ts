// Runs in Node: screenshots of the window's main states, light and dark, from the built renderer in
// Debian's Chromium with the fake main. Writes docs/screenshots/renderer-<state>-<scheme>.png.
//
//   node test/bench/render-page/screenshots.ts [--no-build]
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright'
import type { ImportSummary } from '../../../preload/api.ts'
import type { FakeMainConfig } from './fake-main.ts'
import { OUT_DIR, ROOT, buildRenderer, launch, openApp, serve } from './harness.ts'

const SHOTS = join(ROOT, 'docs', 'screenshots')
const MIN = 60_000
const now = Date.now()

function make(id: number, overrides: Partial<ImportSummary>): ImportSummary {
  return {
    id,
    fileName: `file-${id}.csv`,
    filePath: `/home/me/file-${id}.csv`,
    fileSize: 48_600_000,
    status: 'pending',
    totalRows: null,
    processedCount: 0,
    createdCount: 0,
    updatedCount: 0,
    errorCount: 0,
    rowsRead: 0,
    bytesRead: 0,
    failureReason: null,
    failureMessage: null,
    fileHeaders: null,
    reading: null,
    createdAt: now - (10 - id) * MIN,
    startedAt: null,
    finishedAt: null,
    resumedAtRow: null,
    rowsPerSecond: null,
    secondsLeft: null,
    unresponsive: false,
    waitingFor: null,
    canRetry: false,
    ...overrides,
  }
}

const headersFailed = make(1, {
  fileName: 'crm-export.csv',
  fileSize: 1_240_000,
  status: 'failed',
  failureReason: 'missing_headers',
  failureMessage: 'Rename the column in your spreadsheet (or add it), save the file as CSV and drop it again.',
  fileHeaders: ['email', 'name', 'last_name', 'company', 'phone'],
  startedAt: now - 9 * MIN,
  finishedAt: now - 9 * MIN,
})
const done = make(2, {
  fileName: 'old.csv',
  fileSize: 5_400_000,
  status: 'completed',
  totalRows: 100_000,
  rowsRead: 100_000,
  bytesRead: 5_400_000,
  processedCount: 97_912,
  createdCount: 91_004,
  updatedCount: 6_908,
  errorCount: 2_088,
  startedAt: now - 8 * MIN,
  finishedAt: now - 8 * MIN + 21_000,
})
const paused = make(3, {
  fileName: 'leads.csv',
  fileSize: 19_800_000,
  status: 'paused',
  totalRows: 1_000_000,
  rowsRead: 380_112,
  bytesRead: 7_500_000,
  processedCount: 376_410,
  createdCount: 350_118,
  updatedCount: 26_292,
  errorCount: 3_702,
  startedAt: now - 7 * MIN,
})
const running = make(5, {
  fileName: 'contacts-2026.csv',
  fileSize: 260_000_000,
  status: 'processing',
  totalRows: 5_000_000,
  rowsRead: 412_338,
  bytesRead: 21_400_000,
  processedCount: 404_100,
  createdCount: 371_772,
  updatedCount: 32_328,
  errorCount: 8_238,
  rowsPerSecond: 180_000,
  secondsLeft: 26,
  resumedAtRow: 412_338,
  startedAt: now - 3 * MIN,
})
const queued = make(6, {
  fileName: 'newsletter-signups.csv',
  fileSize: 812_000,
  status: 'pending',
  waitingFor: 5,
})
const cancelled = make(0, {
  fileName: 'test-export.csv',
  fileSize: 2_100_000,
  status: 'cancelled',
  totalRows: 40_000,
  rowsRead: 12_000,
  processedCount: 11_950,
  createdCount: 11_950,
  errorCount: 50,
  createdAt: now - 11 * MIN,
})

const everything = [queued, running, paused, done, headersFailed, cancelled]

interface Shot {
  name: string
  config: FakeMainConfig
  width?: number
  height?: number
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
      await select(page, 'crm-export.csv')
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
]

async function take(browser: Browser, url: string, shot: Shot, scheme: 'light' | 'dark'): Promise<void> {
  const page = await openApp(browser, url, shot.config, {
    colorScheme: scheme,
    reducedMotion: 'reduce',
    width: shot.width,
    height: shot.height,
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
