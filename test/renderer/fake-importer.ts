// Test double for window.importer: the boundary the renderer does not own. Every method is a vi.fn
// so tests can check which one a button called; onUpdate listeners can be fed by hand. Resume
// behaves as main does: the import is queued (pending) before resume() answers, and starts
// importing a moment later.
import { vi } from 'vitest'
import type { Mock } from 'vitest'
import type {
  ErrorPage,
  ExportResult,
  ImportErrorRow,
  ImporterApi,
  ImportPreview,
  ReadingSelection,
  ImportSummary,
  StartResult,
  ThroughputPoint,
} from '../../preload/api.ts'

let nextId = 100

export function summary(overrides: Partial<ImportSummary> = {}): ImportSummary {
  nextId += 1
  const id = overrides.id ?? nextId
  return {
    id,
    fileName: `file-${id}.csv`,
    filePath: `/data/file-${id}.csv`,
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
    fileHeaders: null, detectedFormat: null, reading: null,
    createdAt: 1_700_000_000_000 + id * 1000,
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

export function errorRow(index: number): ImportErrorRow {
  return {
    rowNumber: index * 7 + 3,
    lineNumber: index * 7 + 5,
    code: 'invalid_email',
    email: `person${index}@`,
    message: `Row ${index + 1}: the email is not valid`,
  }
}

export interface FakeImporter extends ImporterApi {
  startDroppedFile: Mock<ImporterApi['startDroppedFile']>
  emit(update: ImportSummary): void
  listenerCount(): number
  /** What File › Open… in the app menu does. */
  chooseOpenFromMenu(): void
  /** Resumed imports wait in the queue until release() (by default they start after QUEUED_MS). */
  holdQueue(): { release(): void }
}

/** How long a resumed import waits its turn before it imports again (ms). */
export const QUEUED_MS = 30

export function fakeImporter(initial: ImportSummary[] = [], history: ThroughputPoint[] = []): FakeImporter {
  const listeners = new Set<(update: ImportSummary) => void>()
  const menuListeners = new Set<() => void>()
  /** The last state main announced of each import. */
  const current = new Map(initial.map((s) => [s.id, s]))
  let queueTurn: Promise<void> | null = null
  const api: FakeImporter = {
    list: vi.fn((): Promise<ImportSummary[]> => Promise.resolve(initial)),
    get: vi.fn((id: number): Promise<ImportSummary | null> => Promise.resolve(initial.find((s) => s.id === id) ?? null)),
    startDroppedFile: vi.fn(
      (file: File): Promise<StartResult> =>
        Promise.resolve({ ok: true, import: summary({ fileName: file.name, fileSize: file.size }) }),
    ),
    chooseFile: vi.fn((): Promise<StartResult[] | null> => Promise.resolve(null)),
    pause: vi.fn((_id: number): Promise<void> => Promise.resolve()),
    resume: vi.fn((id: number): Promise<void> => {
      const paused = current.get(id)
      if (!paused) return Promise.resolve()
      api.emit({ ...paused, status: 'pending', rowsPerSecond: null, secondsLeft: null })
      const turn = queueTurn ?? new Promise<void>((resolve) => setTimeout(resolve, QUEUED_MS))
      void turn.then(() => {
        const queued = current.get(id)
        if (queued?.status === 'pending') api.emit({ ...queued, status: paused.totalRows === null ? 'validating' : 'processing' })
      })
      return Promise.resolve()
    }),
    cancel: vi.fn((_id: number): Promise<void> => Promise.resolve()),
    retry: vi.fn((_id: number): Promise<void> => Promise.resolve()),
    errors: vi.fn((id: number, offset: number, limit: number): Promise<ErrorPage> => {
      const total = initial.find((s) => s.id === id)?.errorCount ?? 0
      const rows: ImportErrorRow[] = []
      for (let i = offset; i < Math.min(total, offset + limit); i += 1) rows.push(errorRow(i))
      return Promise.resolve({ importId: id, total, offset, rows })
    }),
    throughput: vi.fn((_id: number): Promise<ThroughputPoint[]> => Promise.resolve(history)),
    exportErrors: vi.fn((_id: number): Promise<ExportResult> => Promise.resolve({ ok: false, cancelled: true })),
    preview: vi.fn((_id: number, _choice: ReadingSelection): Promise<ImportPreview> => Promise.resolve({
      encoding: 'utf-8', encodingTitle: 'UTF-8', headerLine: 1, skippedRecords: 0, columns: [], samples: [], mapping: {}, problem: null, rows: [],
    })),
    confirmMapping: vi.fn((_id: number, _choice: ReadingSelection): Promise<void> => Promise.resolve()),
    importAgain: vi.fn((id: number, _choice?: ReadingSelection): Promise<StartResult> => {
      const before = current.get(id)
      return Promise.resolve(
        before
          ? { ok: true, import: summary({ fileName: before.fileName, filePath: before.filePath, fileSize: before.fileSize }) }
          : { ok: false, fileName: '', message: 'This import no longer exists.' },
      )
    }),
    remove: vi.fn((id: number): Promise<void> => {
      current.delete(id)
      return Promise.resolve()
    }),
    clearFinished: vi.fn((): Promise<number[]> => {
      const ids = [...current.values()].filter((s) => ['completed', 'failed', 'cancelled'].includes(s.status)).map((s) => s.id)
      for (const id of ids) current.delete(id)
      return Promise.resolve(ids)
    }),
    showInFolder: vi.fn((_path: string): Promise<void> => Promise.resolve()),
    onOpenFileRequested: vi.fn((listener: () => void) => {
      menuListeners.add(listener)
      return () => menuListeners.delete(listener)
    }),
    holdQueue() {
      let release: () => void = () => {}
      queueTurn = new Promise<void>((resolve) => (release = resolve))
      return {
        release: () => {
          queueTurn = null
          release()
        },
      }
    },
    chooseOpenFromMenu() {
      for (const listener of menuListeners) listener()
    },
    onUpdate: vi.fn((listener: (update: ImportSummary) => void) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    }),
    emit(update) {
      current.set(update.id, update)
      for (const listener of listeners) listener(update)
    },
    listenerCount: () => listeners.size,
  }
  return api
}
