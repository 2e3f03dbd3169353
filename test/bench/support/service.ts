// A real ImportService in this process with the real worker forked as a child process (as the CLI
// does), with a tap on the worker's messages so a benchmark can time what the worker reported
// separately from what the service then emitted (the service coalesces updates to ~10/s).
import Database from 'better-sqlite3'
import { databasePath } from '../../../main/db/open.ts'
import { forkWorker } from '../../../main/service/child-process-port.ts'
import { ImportService } from '../../../main/service/import-service.ts'
import type { WorkerPort } from '../../../main/service/worker-port.ts'
import type { WorkerEvent, WorkerToHost } from '../../../main/worker/protocol.ts'
import type { ImportSummary } from '../../../preload/api.ts'
import { sleep } from './common.ts'

export interface BenchService {
  service: ImportService
  /** Called with every event the worker sends, stamped with performance.now(). */
  onWorkerEvent(listener: (event: WorkerEvent, at: number) => void): () => void
  onWorkerExit(listener: (at: number) => void): void
}

/**
 * The worker's environment is this process's minus IMPORTER_MAX_ROWS_PER_SECOND (a benchmark
 * never paces by accident), plus `env`.
 */
export async function launchBenchService(
  dataDir: string,
  env: Record<string, string> = {},
  options: { resumeUnfinished?: boolean; onLog?: (level: string, message: string) => void } = {},
): Promise<BenchService> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env }
  delete childEnv.IMPORTER_MAX_ROWS_PER_SECOND
  Object.assign(childEnv, env)
  const eventListeners = new Set<(event: WorkerEvent, at: number) => void>()
  const exitListeners: Array<(at: number) => void> = []
  const tap = (port: WorkerPort): WorkerPort => {
    port.onMessage((message: WorkerToHost) => {
      if (message.kind !== 'event') return
      const at = performance.now()
      for (const listener of eventListeners) listener(message.event, at)
    })
    port.onExit(() => {
      const at = performance.now()
      for (const listener of exitListeners) listener(at)
    })
    return port
  }
  const service = new ImportService({
    dataDir,
    spawnWorker: (spawn) => tap(forkWorker({ ...spawn, env: childEnv })),
    log: (level, message) => {
      options.onLog?.(level, message)
      if (level === 'warn' || level === 'error') process.stderr.write(`[service ${level}] ${message}\n`)
    },
  })
  await service.start({ resumeUnfinished: options.resumeUnfinished })
  return {
    service,
    onWorkerEvent(listener) {
      eventListeners.add(listener)
      return () => eventListeners.delete(listener)
    },
    onWorkerExit(listener) {
      exitListeners.push(listener)
    },
  }
}

/** Polls get(id) every `everyMs` until the predicate holds; null when the import ended first or on timeout. */
export async function waitFor(
  service: ImportService,
  id: number,
  predicate: (summary: ImportSummary) => boolean,
  { everyMs = 2, timeoutMs = 120_000, stopWhenEnded = true } = {},
): Promise<ImportSummary | null> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const summary = service.get(id)
    if (summary && predicate(summary)) return summary
    if (stopWhenEnded && summary && ['completed', 'failed', 'cancelled'].includes(summary.status)) return null
    if (Date.now() > deadline) throw new Error(`import ${id} did not reach the expected state; last: ${JSON.stringify(summary)}`)
    await sleep(everyMs)
  }
}

/** Where an import is, as seen from its committed row. */
export type Phase = 'reading' | 'merge-start' | 'merge'

/**
 * By committed status: validating = the stage step, processing = the merge step. A committed row
 * can lag the worker by up to one flush interval (100 ms), and merge commits status processing
 * only at its first flush, after building its index: see refinePhase().
 */
export function phaseOf(summary: ImportSummary): Phase | null {
  if (summary.status === 'processing') return 'merge'
  if (summary.status === 'validating') return 'reading'
  return null
}

/**
 * A stop requested while the committed status still said validating but that landed in the merge
 * step was taken while merge was starting (building its covering index, before its first commit):
 * `merge-start`. `landedIn` is the step of the saved continuation.
 */
export function refinePhase(phase: Phase, landedIn: string | null): Phase {
  return phase === 'reading' && landedIn === 'merge' ? 'merge-start' : phase
}

/** The step a stopped import's job saved its continuation in (null when none is current). */
export function landedStep(dataDir: string, importId: number): string | null {
  const db = new Database(databasePath(dataDir), { readonly: true })
  try {
    const continuation = db
      .prepare('SELECT j.continuation FROM jobs j JOIN imports i ON i.job_id = j.job_id WHERE i.id = ?')
      .pluck()
      .get(importId) as string | undefined
    if (!continuation) return null
    return (JSON.parse(continuation) as { current?: [string, unknown] }).current?.[0] ?? null
  } finally {
    db.close()
  }
}

/** The status-level phase of the brief: stage = validating, merge = processing. */
export function statusPhase(phase: Phase): 'stage' | 'merge' {
  return phase === 'merge' ? 'merge' : 'stage'
}
