// Render benchmark (not a test): the built renderer in Debian's Chromium with a fake main that runs
// 20 imports, each sending 10 updates a second for 30 seconds, while the first one is selected (its
// chart, counters and growing error table live). Long tasks (> 50 ms) are the measure: any one of
// them is a moment the window could not respond.
//
//   node test/bench/render.bench.ts [--imports 20] [--hz 10] [--seconds 30] [--no-build]
//   BENCH_DEBUG=1 also lists every long task by its time from the start of the run.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { ImportSummary } from '../../preload/api.ts'
import type { BenchWindow, PageDom } from './render-page/fake-main.ts'
import { OUT_DIR, buildRenderer, launch, openApp, serve } from './render-page/harness.ts'

const { values } = parseArgs({
  options: {
    imports: { type: 'string', default: '20' },
    hz: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '30' },
    'no-build': { type: 'boolean', default: false },
  },
})
const count = Number(values.imports)
const hz = Number(values.hz)
const seconds = Number(values.seconds)

function benchImport(i: number, now: number): ImportSummary {
  const id = i + 1
  const totalRows = 20_000_000 + i * 1_000_000
  return {
    id,
    fileName: `contacts-${String(id).padStart(2, '0')}.csv`,
    filePath: `/home/me/contacts-${id}.csv`,
    fileSize: totalRows * 52,
    status: 'processing',
    totalRows,
    processedCount: 0,
    createdCount: 0,
    updatedCount: 0,
    errorCount: 0,
    rowsRead: 0,
    bytesRead: 0,
    failureReason: null,
    failureMessage: null,
    fileHeaders: ['email', 'first_name', 'last_name'],
    detectedFormat: null,
    reading: null,
    createdAt: now - i * 1000,
    startedAt: now - i * 1000,
    finishedAt: null,
    resumedAtRow: i % 4 === 0 ? 412_338 : null,
    rowsPerSecond: 120_000,
    secondsLeft: null,
    unresponsive: false,
    waitingFor: null,
    canRetry: false,
  }
}

const started = Date.now()
if (!values['no-build'] || !existsSync(join(OUT_DIR, 'index.html'))) {
  process.stderr.write('Building the renderer with Vite… ')
  await buildRenderer()
  process.stderr.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`)
}

const server = await serve(OUT_DIR)
const browser = await launch()
try {
  const now = Date.now()
  const imports = Array.from({ length: count }, (_, i) => benchImport(i, now))
  const page = await openApp(browser, server.url, {
    imports,
    live: { ids: imports.map((s) => s.id), hz, durationMs: seconds * 1000 },
    observeLongTasks: true,
  })
  await page.waitForSelector('.row')
  const liveFrom = await page.evaluate(() => performance.now())
  process.stderr.write(`Running ${count} imports at ${hz} updates/s each for ${seconds} s in ${browser.version()}…\n`)

  // Scroll the error table now and then, as a person reading it would.
  const scrolling = (async () => {
    for (let s = 0; s < seconds; s += 3) {
      await page.waitForTimeout(3000)
      await page.evaluate(() => {
        const { document } = globalThis as unknown as PageDom
        const scroller = document.querySelector('.err-scroller')
        if (scroller) scroller.scrollTop = Math.random() * scroller.scrollHeight
      })
    }
  })()

  await page.waitForFunction(() => (globalThis as unknown as BenchWindow).__liveDone, undefined, {
    timeout: (seconds + 30) * 1000,
    polling: 500,
  })
  await scrolling
  await page.waitForTimeout(300)

  const result = await page.evaluate(() => {
    const w = globalThis as unknown as BenchWindow
    const { document } = globalThis as unknown as PageDom
    return {
      longTasks: w.__longTasks,
      updates: w.__updatesSent,
      rows: document.querySelectorAll('.row').length,
      errorRowsInDom: document.querySelectorAll('.err-scroller [role="row"]').length,
    }
  })
  if (process.env.BENCH_DEBUG) console.log(result.longTasks.map((t) => `${((t.start - liveFrom) / 1000).toFixed(2)}s ${t.duration.toFixed(0)}ms`).join("\n"))
  const startup = result.longTasks.filter((t) => t.start < liveFrom).map((t) => t.duration)
  const durations = result.longTasks.filter((t) => t.start >= liveFrom).map((t) => t.duration)
  const worst = durations.length > 0 ? Math.max(...durations) : 0
  const over50 = durations.filter((d) => d > 50).length
  const blocking = durations.reduce((sum, d) => sum + Math.max(0, d - 50), 0)

  console.log(`updates delivered        ${result.updates.toLocaleString('en-US')} (${count} imports × ${hz}/s × ${seconds} s)`)
  console.log(`rows in list             ${result.rows}`)
  console.log(`error rows in the DOM    ${result.errorRowsInDom}`)
  console.log(`startup long tasks       ${startup.length}${startup.length > 0 ? ` (worst ${Math.max(...startup).toFixed(0)} ms: parse, first render)` : ''}`)
  console.log(`long tasks over 50 ms    ${over50}  (while updating)`)
  console.log(`worst long task          ${worst.toFixed(0)} ms`)
  console.log(`total blocking time      ${blocking.toFixed(0)} ms`)
  console.log(JSON.stringify({ bench: 'render', imports: count, hz, seconds, updates: result.updates, longTasksOver50ms: over50, worstLongTaskMs: Math.round(worst), totalBlockingMs: Math.round(blocking), startupLongTasks: startup.map(Math.round) }))
} finally {
  await browser.close()
  await server.close()
}
