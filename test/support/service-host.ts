// A test host: a real ImportService with the real worker in a child process, on a temp data dir.
import Database from 'better-sqlite3'
import { databasePath } from '../../main/db/open.ts'
import { forkWorker } from '../../main/service/child-process-port.ts'
import { ImportService } from '../../main/service/import-service.ts'
import type { ReadingChoice } from '../../main/worker/protocol.ts'
import type { ImportSummary } from '../../preload/api.ts'

const launched = new Set<ImportService>()

/** Shuts down every service a test launched and left running (call it in afterEach). */
/** Before a test removes a data folder: its worker may be writing there (the WAL) until shut down. */
export async function shutdownAllServices(): Promise<void> {
  await Promise.all([...launched].map((service) => service.shutdown()))
  launched.clear()
}

export async function launchService(dataDir: string, env: NodeJS.ProcessEnv = {}, options: { resumeUnfinished?: boolean } = {}): Promise<ImportService> {
  const service = new ImportService({
    dataDir,
    spawnWorker: (spawn) => forkWorker({ ...spawn, env: { ...process.env, ...env } }),
    log: (level, message) => {
      if (level === 'error') process.stderr.write(`[service] ${message}\n`)
    },
  })
  launched.add(service)
  await service.start(options)
  return service
}

/** Starts an import of a file that must be accepted (`reading`: as the app starts it, `{ waitForMapping: true }`); returns its id. */
export async function startAccepted(service: ImportService, filePath: string, reading?: ReadingChoice): Promise<number> {
  const started = await service.startImport(filePath, reading)
  if (!started.ok) throw new Error(`${filePath} was refused: ${started.message}`)
  return started.import.id
}

/** Polls get(id) until the predicate holds. */
export async function waitForImport(
  service: ImportService,
  id: number,
  predicate: (summary: ImportSummary) => boolean,
  timeoutMs = 60_000,
): Promise<ImportSummary> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const summary = service.get(id)
    if (summary && predicate(summary)) return summary
    if (Date.now() > deadline) throw new Error(`import ${id} did not reach the expected state; last: ${JSON.stringify(summary)}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** SIGKILLs the service's worker and waits until the service has a new one running. */
export async function killWorker(service: ImportService): Promise<void> {
  const pid = service.workerPid
  if (pid === undefined) throw new Error('the service has no worker to kill')
  process.kill(pid, 'SIGKILL')
  const deadline = Date.now() + 30_000
  while (service.workerPid === undefined || service.workerPid === pid) {
    if (Date.now() > deadline) throw new Error('the service did not restart its worker')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

export const isEnded = (summary: ImportSummary): boolean =>
  summary.status === 'completed' || summary.status === 'failed' || summary.status === 'cancelled'

export interface DatabaseDump {
  imports: Array<Record<string, unknown>>
  contacts: Array<[string, string, string]>
  errors: Array<[number, number, number, string, string, string]>
}

/** Everything an import decides, in a comparable form (no timestamps, no ids of contacts). */
export function dumpDatabase(dataDir: string): DatabaseDump {
  const db = new Database(databasePath(dataDir), { readonly: true })
  try {
    return {
      imports: db
        .prepare(`SELECT id, status, total_rows, processed_count, created_count, updated_count, error_count, rows_read,
          failure_reason FROM imports ORDER BY id`)
        .all() as Array<Record<string, unknown>>,
      contacts: db.prepare('SELECT email, first_name, last_name FROM contacts ORDER BY email').raw().all() as Array<[string, string, string]>,
      errors: db
        .prepare('SELECT import_id, row_number, line_number, code, email, message FROM import_errors ORDER BY import_id, row_number')
        .raw()
        .all() as Array<[number, number, number, string, string, string]>,
    }
  } finally {
    db.close()
  }
}

export function countStagingTables(dataDir: string): number {
  const db = new Database(databasePath(dataDir), { readonly: true })
  try {
    return db.prepare(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name LIKE 'staging_%'`).pluck().get() as number
  } finally {
    db.close()
  }
}
