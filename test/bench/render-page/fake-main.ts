// Runs in the page (via page.addInitScript): a stand-in for main behind window.importer, with the
// same shapes as preload/api.ts. It advances "live" imports on timers, one timer per import, so each
// update arrives in its own task the way IPC events do. Resume queues the import (pending) before it
// imports again, as main does. Self-contained: Playwright serializes it.
import type { ImportPreview, ImportSummary, ReadingSelection } from '../../../preload/api.ts'

export interface FakeMainConfig {
  imports: ImportSummary[]
  /** Imports that advance on their own, and how. */
  live: { ids: number[]; hz: number; durationMs: number } | null
  /** Record long tasks from the first frame on. */
  observeLongTasks: boolean
}

export interface BenchWindow {
  __longTasks: { start: number; duration: number }[]
  __updatesSent: number
  __liveDone: boolean
}

/** The little of the DOM the Node-side scripts touch inside page.evaluate (checked without DOM types). */
export interface PageDom {
  document: {
    querySelector(selector: string): { scrollTop: number; scrollHeight: number } | null
    querySelectorAll(selector: string): { length: number }
  }
}

export function fakeMain(config: FakeMainConfig): void {
  const page = globalThis as unknown as BenchWindow & { importer: unknown }
  page.__longTasks = []
  page.__updatesSent = 0
  page.__liveDone = config.live === null

  /** Sample values by column position: an address, two names, then the rest of a contacts export. */
  const SAMPLES = [['ann@example.com', 'bo@example.io'], ['Ann', 'Bo'], ['Smith', 'Lee'], ['Acme', 'Initech'], ['555-0100', '']]

  /** The preview main would give: the file's columns with samples; rows once every field has one. */
  function previewOf(fileHeaders: string[] | null, choice: ReadingSelection): ImportPreview {
    const columns = fileHeaders ?? ['email', 'first_name', 'last_name']
    const mapping = fileHeaders === null ? { email: 'email', first_name: 'first_name', last_name: 'last_name' } : { ...choice.mapping }
    const missing = (['email', 'first_name', 'last_name'] as const).filter((field) => mapping[field] === undefined)
    const sample = (field: 'email' | 'first_name' | 'last_name', k: number) => SAMPLES[columns.indexOf(mapping[field] ?? '')]?.[k] ?? ''
    return {
      encoding: 'windows-1252', encodingTitle: 'Windows-1252', headerLine: 1, skippedRecords: 0,
      columns,
      samples: columns.map((_, k) => SAMPLES[k] ?? []),
      mapping,
      problem: missing.length > 0 ? `Choose a column for ${missing.join(', ')}.` : null,
      rows: missing.length > 0 ? [] : [0, 1].map((k) => ({ row: k + 1, line: k + 2, email: sample('email', k), firstName: sample('first_name', k), lastName: sample('last_name', k), error: null })),
    }
  }

  if (config.observeLongTasks && typeof PerformanceObserver !== 'undefined') {
    try {
      const observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) page.__longTasks.push({ start: entry.startTime, duration: entry.duration })
      })
      // Node's types (this file is checked as Node code) do not list the browser's 'longtask'.
      observer.observe({ type: 'longtask', buffered: true } as unknown as { type: 'mark'; buffered: boolean })
    } catch {
      // longtask is Chromium-only; the bench runs in Chromium.
    }
  }

  const imports = new Map<number, ImportSummary>()
  for (const s of config.imports) imports.set(s.id, { ...s })
  const listeners = new Set<(update: ImportSummary) => void>()
  const emit = (s: ImportSummary): void => {
    imports.set(s.id, s)
    page.__updatesSent += 1
    // Structured clone, as IPC delivers it.
    for (const listener of listeners) listener({ ...s, fileHeaders: s.fileHeaders ? [...s.fileHeaders] : null })
  }
  const later = <T,>(value: T, ms = 2): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(value), ms))
  let nextId = Math.max(0, ...config.imports.map((s) => s.id)) + 1
  const codes = ['invalid_email', 'missing_email', 'field_count', 'missing_value'] as const

  const timers = new Map<number, ReturnType<typeof setInterval>>()
  const tick = (id: number, hz: number): void => {
    const s = imports.get(id)
    if (!s || (s.status !== 'processing' && s.status !== 'validating')) return
    const wobble = 0.85 + 0.3 * Math.abs(Math.sin(Date.now() / 1700 + id))
    const rate = Math.round((s.rowsPerSecond ?? 100_000) * 0.9 + 100_000 * wobble * 0.1 * (1 + (id % 5)))
    const total = s.totalRows ?? 1_000_000
    const step = Math.max(1, Math.round(rate / hz))
    const done = Math.min(total, s.processedCount + s.errorCount + step)
    const errors = s.errorCount + Math.round(step * (id % 3 === 0 ? 0.02 : 0.004))
    const processed = Math.max(0, done - errors)
    const updated = Math.round(processed * 0.07)
    const next: ImportSummary = {
      ...s,
      status: done >= total ? 'completed' : 'processing',
      startedAt: s.startedAt ?? Date.now(),
      rowsRead: done,
      processedCount: processed,
      createdCount: processed - updated,
      updatedCount: updated,
      errorCount: errors,
      bytesRead: Math.round((done / total) * s.fileSize),
      rowsPerSecond: done >= total ? null : rate,
      secondsLeft: done >= total ? null : (total - done) / rate,
      finishedAt: done >= total ? Date.now() : null,
    }
    emit(next)
  }
  const startTimer = (id: number): void => {
    if (!config.live || timers.has(id)) return
    const hz = config.live.hz
    timers.set(id, setInterval(() => tick(id, hz), 1000 / hz))
  }
  const stopTimer = (id: number): void => {
    const timer = timers.get(id)
    if (timer !== undefined) clearInterval(timer)
    timers.delete(id)
  }
  if (config.live) {
    for (const id of config.live.ids) startTimer(id)
    setTimeout(() => {
      for (const id of [...timers.keys()]) stopTimer(id)
      page.__liveDone = true
    }, config.live.durationMs)
  }

  const setStatus = (id: number, status: ImportSummary['status']): void => {
    const s = imports.get(id)
    if (!s) return
    emit({ ...s, status, rowsPerSecond: null, secondsLeft: null })
    if (status === 'processing') startTimer(id)
    else stopTimer(id)
  }

  const created = (name: string, size: number): ImportSummary => ({
    id: nextId++,
    fileName: name,
    filePath: `/home/me/${name}`,
    fileSize: size,
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
    detectedFormat: null,
    reading: null,
    createdAt: Date.now(),
    startedAt: null,
    finishedAt: null,
    resumedAtRow: null,
    rowsPerSecond: null,
    secondsLeft: null,
    unresponsive: false,
    waitingFor: null,
    canRetry: false,
  })

  page.importer = {
    list: () => later([...imports.values()].sort((a, b) => b.createdAt - a.createdAt)),
    get: (id: number) => later(imports.get(id) ?? null),
    startDroppedFile: (file: File) => {
      const s = created(file.name, file.size)
      imports.set(s.id, s)
      return later({ ok: true, import: s })
    },
    chooseFile: () => later(null),
    pause: (id: number) => later(setStatus(id, 'paused')),
    resume: (id: number) => {
      // Queued first (answered once that is committed), importing a moment later.
      setStatus(id, 'pending')
      setTimeout(() => {
        if (imports.get(id)?.status === 'pending') setStatus(id, 'processing')
      }, 400)
      return later(undefined)
    },
    cancel: (id: number) => later(setStatus(id, 'cancelled')),
    retry: (id: number) => later(setStatus(id, 'processing')),
    errors: (id: number, offset: number, limit: number) => {
      const total = imports.get(id)?.errorCount ?? 0
      const rows = []
      for (let i = offset; i < Math.min(total, offset + limit); i += 1) {
        const code = codes[i % codes.length]
        const rowNumber = i * 37 + 12
        const lineNumber = rowNumber + 2
        // Mostly typos as people make them ("bob@"), now and then a long address; worded as main/importer/csv/messages.ts words them.
        const email = code === 'missing_email' ? '' : code === 'invalid_email' ? (i % 8 === 0 ? `someone${i}@example-company` : 'bob@') : `someone${i}@example.com`
        const where = `Row ${rowNumber.toLocaleString('en-US')} (line ${lineNumber.toLocaleString('en-US')})`
        const message =
          code === 'invalid_email'
            ? `${where}: "${email}" is not a valid email address.`
            : code === 'missing_email'
              ? `${where} has no email address.`
              : code === 'field_count'
                ? `${where} has 4 fields, but the header has 3.`
                : `${where} has no first name.`
        rows.push({ rowNumber, lineNumber, code, email, message })
      }
      return later({ importId: id, total, offset, rows }, 8)
    },
    throughput: (_id: number) => later([]),
    exportErrors: (id: number) => later({ ok: true, path: `/home/me/Documents/${imports.get(id)?.fileName ?? 'import'}-errors.csv`, rows: imports.get(id)?.errorCount ?? 0 }),
    importAgain: (id: number) => {
      const before = imports.get(id)
      if (!before) return later({ ok: false, fileName: '', message: 'This import no longer exists.' })
      const s = created(before.fileName, before.fileSize)
      imports.set(s.id, s)
      return later({ ok: true, import: s })
    },
    // The form of "Import again with other columns or encoding…" (and of needs_mapping) reads the file's head.
    preview: (id: number, choice: ReadingSelection) => later(previewOf(imports.get(id)?.fileHeaders ?? null, choice)),
    confirmMapping: (id: number, _choice: unknown) => later(setStatus(id, 'processing')),
    remove: (id: number) => {
      imports.delete(id)
      return later(undefined)
    },
    clearFinished: () => {
      const ids = [...imports.values()].filter((s) => ['completed', 'failed', 'cancelled'].includes(s.status)).map((s) => s.id)
      for (const id of ids) imports.delete(id)
      return later(ids)
    },
    showInFolder: (_path: string) => later(undefined),
    onOpenFileRequested: (_listener: () => void) => () => {},
    onUpdate: (listener: (update: ImportSummary) => void) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}

