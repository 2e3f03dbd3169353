// "Resuming at 90% reaches its first new row within 100 ms": an import is paused at ~90% of its
// rows by a real service and worker, and that data dir is kept as a template. Each measurement
// copies the template and resumes it, either through the service (resume request → first
// committed progress past the saved row) or in this process with SqliteQueue + ProcessImportJob
// (engine events and hooks time the resumed stage step from its byte-offset cursor to its first
// new staged row, checkpoint and commit).
import Database from 'better-sqlite3'
import { cpSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { performance } from 'node:perf_hooks'
import { databasePath, openWriter } from '../../../main/db/open.ts'
import { onEngineEvent, registerJobClass } from '../../../main/engine/index.ts'
import type { ContinuableJob, EngineEvent } from '../../../main/engine/index.ts'
import { SqliteQueue } from '../../../main/engine/sqlite-queue.ts'
import type { TrackedStatement } from '../../../main/engine/sqlite-queue.ts'
import { RecordScanner, readLayout } from '../../../main/importer/csv/index.ts'
import { identifyFile } from '../../../main/importer/file-identity.ts'
import { ProcessImportJob } from '../../../main/importer/process-import-job.ts'
import { makeTemp, removeTemp, sleep } from './common.ts'
import { launchBenchService, waitFor } from './service.ts'

export interface PausedTemplate {
  dir: string
  importId: number
  jobId: string
  /** Rows read (and committed) when it paused. */
  savedRow: number
  /** The stage cursor's byte offset. */
  savedOffset: number
  fileSize: number
  totalRows: number
  /** Time of the first leg, start → paused (ms). */
  firstLegMs: number
}

/** Imports `csvPath` through a service paced at `pacing` rows/s, pauses at ≥ `fraction` of the rows, shuts down. */
export async function makePausedTemplate(csvPath: string, totalRows: number, fraction: number, pacing: number): Promise<PausedTemplate> {
  const dir = makeTemp('resume-template')
  const started = performance.now()
  const { service } = await launchBenchService(dir, { IMPORTER_MAX_ROWS_PER_SECOND: String(pacing) })
  try {
    const result = await service.startImport(csvPath)
    if (!result.ok) throw new Error(result.message)
    const id = result.import.id
    const target = Math.ceil(totalRows * fraction)
    const reached = await waitFor(service, id, (s) => s.rowsRead >= target, { everyMs: 1 })
    if (!reached) throw new Error('the import ended before it reached the pause point')
    await service.pause(id)
    await waitFor(service, id, (s) => s.status === 'paused', { stopWhenEnded: false })
  } finally {
    await service.shutdown()
  }
  const firstLegMs = performance.now() - started
  const db = new Database(databasePath(dir), { readonly: true })
  try {
    const row = db.prepare(`SELECT i.id, i.job_id, i.rows_read, i.file_size, j.continuation, j.state
      FROM imports i JOIN jobs j ON j.job_id = i.job_id`).get() as {
      id: number; job_id: string; rows_read: number; file_size: number; continuation: string; state: string
    }
    const continuation = JSON.parse(row.continuation) as { current?: [string, { offset: number; rowsRead: number }] }
    const current = continuation.current
    if (row.state !== 'held' || !current || current[0] !== 'stage') {
      throw new Error(`expected a held job paused in stage, found ${row.state} ${row.continuation}`)
    }
    if (current[1].rowsRead !== row.rows_read) throw new Error(`cursor row ${current[1].rowsRead} ≠ committed rows_read ${row.rows_read}`)
    return {
      dir, importId: row.id, jobId: row.job_id, savedRow: row.rows_read, savedOffset: current[1].offset,
      fileSize: row.file_size, totalRows, firstLegMs,
    }
  } finally {
    db.close()
  }
}

function copyTemplate(template: PausedTemplate, prefix: string): string {
  const dir = makeTemp(prefix)
  cpSync(template.dir, dir, { recursive: true })
  return dir
}

export interface ServiceResumeTiming {
  /** service.resume() resolved (the worker released the job). */
  ackMs: number
  /** A reader connection polled every ms first saw rows_read above the saved row. */
  committedMs: number
  /** The worker's progress event past the saved row reached the host. */
  workerEventMs: number
  /** The service's onUpdate first reported rowsRead above the saved row. */
  updateMs: number
  /** rowsRead of that first update. */
  firstRow: number
  /** Relaunch: new service + worker ready (before the resume request). */
  launchMs: number
}

/** Relaunch a service on a copy of the paused data dir and resume it (one measurement). */
export async function measureServiceResume(template: PausedTemplate): Promise<ServiceResumeTiming> {
  const dir = copyTemplate(template, 'resume-service')
  const launchStarted = performance.now()
  const bench = await launchBenchService(dir)
  const launchMs = performance.now() - launchStarted
  const { service } = bench
  const id = template.importId
  const saved = template.savedRow
  const reader = new Database(databasePath(dir), { readonly: true })
  const rowsRead = reader.prepare('SELECT rows_read FROM imports WHERE id = ?').pluck()
  let committedAt = 0
  let workerEventAt = 0
  let updateAt = 0
  let firstRow = 0
  bench.onWorkerEvent((event, at) => {
    if (!workerEventAt && event.type === 'progress' && event.importId === id && event.rowsRead > saved) workerEventAt = at
  })
  service.onUpdate((summary) => {
    if (!updateAt && summary.id === id && summary.rowsRead > saved) {
      updateAt = performance.now()
      firstRow = summary.rowsRead
    }
  })
  const poll = setInterval(() => {
    if (!committedAt && (rowsRead.get(id) as number) > saved) committedAt = performance.now()
  }, 1)
  try {
    if (service.get(id)?.status !== 'paused') throw new Error('the relaunched import is not paused')
    const t0 = performance.now()
    await service.resume(id)
    const ackAt = performance.now()
    const deadline = Date.now() + 30_000
    while (!(committedAt && workerEventAt && updateAt)) {
      if (Date.now() > deadline) throw new Error('no progress past the saved row within 30 s')
      await sleep(1)
    }
    return {
      ackMs: ackAt - t0, committedMs: committedAt - t0, workerEventMs: workerEventAt - t0, updateMs: updateAt - t0,
      firstRow, launchMs,
    }
  } finally {
    clearInterval(poll)
    reader.close()
    await service.shutdown()
    removeTemp(dir)
  }
}

export interface EngineResumeTiming {
  /** runNext() called → `step_started` (stage, resumed). */
  stepStartedMs: number
  /** step_started → the first INSERT into the staging table (first new staged row). */
  firstStagedRowMs: number
  /** step_started → the first checkpoint with a cursor past the saved row (uncommitted). */
  firstCheckpointMs: number
  /** step_started → the first durable commit past the saved row. */
  firstCommitMs: number
  /** runNext() called → the first durable commit past the saved row. */
  totalToCommitMs: number
  /** Rows of that first checkpoint past the saved row. */
  firstCheckpointRows: number
  /** Rows of the first commit past the saved row. */
  firstCommitRows: number
  cursorOffset: number
}

/** Resume the paused job of a copy of the template in this process, with the real SqliteQueue. */
export async function measureEngineResume(template: PausedTemplate): Promise<EngineResumeTiming> {
  const dir = copyTemplate(template, 'resume-engine')
  const saved = template.savedRow
  const db = openWriter(dir)
  registerJobClass(ProcessImportJob)
  let stepStartedAt = 0
  let firstStagedAt = 0
  let firstCheckpointAt = 0
  let firstCheckpointRows = 0
  let firstCommitAt = 0
  let firstCommitRows = 0
  let cursorOffset = -1

  class TimedQueue extends SqliteQueue {
    override checkpoint(job: ContinuableJob): void {
      if (!firstCheckpointAt) {
        const current = job.serialize().continuation.current
        const cursor = current?.[1] as { rowsRead?: number } | undefined
        if (current?.[0] === 'stage' && (cursor?.rowsRead ?? 0) > saved) {
          firstCheckpointAt = performance.now()
          firstCheckpointRows = cursor?.rowsRead ?? 0
        }
      }
      super.checkpoint(job)
    }

    override prepare(sql: string): TrackedStatement {
      const statement = super.prepare(sql)
      if (!/^INSERT INTO staging_\d+_rows /.test(sql)) return statement
      return {
        run: (...params: unknown[]) => {
          if (!firstStagedAt) firstStagedAt = performance.now()
          return statement.run(...params)
        },
      }
    }
  }

  const queue: TimedQueue = new TimedQueue({
    db,
    onCommit: (job) => {
      if (firstCommitAt || !(job instanceof ProcessImportJob)) return
      const rows = db.prepare('SELECT rows_read FROM imports WHERE id = ?').pluck().get(job.importId) as number
      if (rows > saved) {
        firstCommitAt = performance.now()
        firstCommitRows = rows
        queue.shutdown() // stop at the next checkpoint: one measurement is enough
      }
    },
  })
  const unsubscribe = onEngineEvent((event: EngineEvent) => {
    if (event.name === 'step_started' && event.step === 'stage' && event.resumed && !stepStartedAt) {
      stepStartedAt = performance.now()
      cursorOffset = (event.cursor as { offset: number }).offset
    }
  })
  const savedPacing = process.env.IMPORTER_MAX_ROWS_PER_SECOND
  delete process.env.IMPORTER_MAX_ROWS_PER_SECOND
  try {
    const status = db.prepare('SELECT status FROM imports WHERE id = ?').pluck().get(template.importId)
    if (status !== 'paused') throw new Error(`expected a paused import, found ${String(status)}`)
    // What the worker's resume request does.
    await queue.write(() => {
      if (!queue.setIdleJobState(template.jobId, 'scheduled')) throw new Error('the job is not idle')
      db.prepare('UPDATE jobs SET scheduled_at = NULL, last_error = NULL WHERE job_id = ?').run(template.jobId)
      db.prepare(`UPDATE imports SET status = 'pending' WHERE id = ?`).run(template.importId)
    })
    const t0 = performance.now()
    const ran = await queue.runNext()
    if (!ran || !stepStartedAt || !firstStagedAt || !firstCheckpointAt || !firstCommitAt) {
      throw new Error(`the resumed job did not reach its first commit (ran ${ran})`)
    }
    return {
      stepStartedMs: stepStartedAt - t0,
      firstStagedRowMs: firstStagedAt - stepStartedAt,
      firstCheckpointMs: firstCheckpointAt - stepStartedAt,
      firstCommitMs: firstCommitAt - stepStartedAt,
      totalToCommitMs: firstCommitAt - t0,
      firstCheckpointRows,
      firstCommitRows,
      cursorOffset,
    }
  } finally {
    if (savedPacing !== undefined) process.env.IMPORTER_MAX_ROWS_PER_SECOND = savedPacing
    unsubscribe()
    db.close()
    removeTemp(dir)
  }
}

export interface ChunkTiming {
  identifyMs: number
  layoutMs: number
  readMs: number
  parseMs: number
  records: number
}

/** The CSV side alone: identify the file, read its layout, read one chunk at the offset and parse it. */
export async function measureChunkAtOffset(csvPath: string, template: PausedTemplate, chunkBytes = 512 * 1024): Promise<ChunkTiming> {
  const db = new Database(databasePath(template.dir), { readonly: true })
  const continuation = JSON.parse(db.prepare('SELECT continuation FROM jobs WHERE job_id = ?').pluck().get(template.jobId) as string) as {
    current: [string, { offset: number; row: number; line: number }]
  }
  db.close()
  const cursor = continuation.current[1]
  const t0 = performance.now()
  await identifyFile(csvPath)
  const t1 = performance.now()
  const { layout } = await readLayout(csvPath)
  const t2 = performance.now()
  const handle = await open(csvPath, 'r')
  const buffer = Buffer.allocUnsafe(chunkBytes)
  const { bytesRead } = await handle.read(buffer, 0, buffer.length, cursor.offset)
  await handle.close()
  const t3 = performance.now()
  const scanner = new RecordScanner(layout, { offset: cursor.offset, row: cursor.row, line: cursor.line })
  const outcomes = scanner.push(buffer.subarray(0, bytesRead))
  const t4 = performance.now()
  return { identifyMs: t1 - t0, layoutMs: t2 - t1, readMs: t3 - t2, parseMs: t4 - t3, records: outcomes.length }
}
