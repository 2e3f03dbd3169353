// The import job in this process, without the CLI, the worker process or IPC: where the time
// goes, step by step (engine `step` events) and phase by phase (the engine's phase clock).
import { execFileSync } from 'node:child_process'
import { cpSync } from 'node:fs'
import { basename } from 'node:path'
import { performance } from 'node:perf_hooks'
import { openWriter } from '../../../main/db/open.ts'
import { onEngineEvent, registerJobClass } from '../../../main/engine/index.ts'
import { startPhaseClock, stopPhaseClock } from '../../../main/engine/phase-clock.ts'
import type { PhaseTotal } from '../../../main/engine/phase-clock.ts'
import { SqliteQueue } from '../../../main/engine/sqlite-queue.ts'
import { identifyFile } from '../../../main/importer/file-identity.ts'
import { ProcessImportJob } from '../../../main/importer/process-import-job.ts'
import { makeTemp, removeTemp } from './common.ts'

export interface InProcessRun {
  totalMs: number
  /** Duration of each step (engine `step` events), ms. */
  steps: Record<string, number>
  /** Time and intervals by phase (read file, parse + validate, staging inserts, …, commits). */
  phases: Record<string, PhaseTotal>
  commits: number
  status: string
  processed: number
}

/** `existingDataDir`: a data dir whose contacts the import starts from (copied, not timed). */
export async function runInProcess(csvPath: string, existingDataDir: string | null = null): Promise<InProcessRun> {
  const dir = makeTemp('in-process')
  if (existingDataDir) cpSync(existingDataDir, dir, { recursive: true })
  // The copy's (and earlier runs') dirty pages are written back before the clock starts.
  execFileSync('sync')
  const db = openWriter(dir)
  const saved = process.env.IMPORTER_MAX_ROWS_PER_SECOND
  delete process.env.IMPORTER_MAX_ROWS_PER_SECOND
  let commits = 0
  const steps: Record<string, number> = {}
  const unsubscribe = onEngineEvent((event) => {
    if (event.name === 'step' && event.jobClass === 'ProcessImportJob' && event.step) steps[event.step] = event.duration ?? Number.NaN
  })
  try {
    registerJobClass(ProcessImportJob)
    const queue = new SqliteQueue({ db, onCommit: () => commits++ })
    const identity = await identifyFile(csvPath)
    // What the worker's createImport does, in plain SQL (the columns of ARCHITECTURE §5 + 003).
    const importId = Number(db.prepare(`INSERT INTO imports (file_path, file_name, file_size, file_mtime_ms, file_head_hash, status, created_at)
      VALUES (?, ?, ?, ?, ?, 'pending', ?)`).run(csvPath, basename(csvPath), identity.size, identity.mtimeMs, identity.headHash, Date.now()).lastInsertRowid)
    const data = await ProcessImportJob.performLater(queue, importId)
    db.prepare('UPDATE imports SET job_id = ? WHERE id = ?').run(data.jobId, importId)
    startPhaseClock()
    const started = performance.now()
    while (await queue.runNext()) {
      // a job interrupted with wait 0 is due again at once
    }
    const totalMs = performance.now() - started
    const phases = stopPhaseClock()
    const row = db.prepare('SELECT status, processed_count FROM imports WHERE id = ?').get(importId) as { status: string; processed_count: number }
    return { totalMs, steps, phases, commits, status: row.status, processed: row.processed_count }
  } finally {
    stopPhaseClock()
    if (saved !== undefined) process.env.IMPORTER_MAX_ROWS_PER_SECOND = saved
    unsubscribe()
    db.close()
    removeTemp(dir)
  }
}
