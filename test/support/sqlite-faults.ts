// Fault injection at the SQLite boundary, as SQLite's own tests do with a failing VFS: the K-th
// COMMIT or the K-th write statement of a writable connection fails with SQLITE_FULL or
// SQLITE_IOERR. better-sqlite3 is not ours, so its Statement#run is wrapped in this test process;
// nothing in the product knows about it.
import Database from 'better-sqlite3'
import type { Statement } from 'better-sqlite3'

export type FaultTarget = 'commit' | 'write'

export interface FaultPlan {
  target: FaultTarget
  /** 1-based: the K-th COMMIT or write statement from when the plan was armed. */
  at: number
  code: keyof typeof MESSAGES
  /** SQLite may roll the whole transaction back on these errors, or only the statement: test both. */
  rollsBack: boolean
}

interface StatementInternals extends Statement {
  readonly source: string
  readonly reader: boolean
  readonly database: Database.Database
}

const MESSAGES = {
  SQLITE_FULL: 'database or disk is full',
  SQLITE_IOERR_WRITE: 'disk I/O error',
  SQLITE_READONLY: 'attempt to write a readonly database',
}

const CONTROL = /^(BEGIN|SAVEPOINT|RELEASE|ROLLBACK|COMMIT)\b/i

let plan: FaultPlan | null = null
let fired = false
const seen = { commits: 0, writes: 0 }
let installed = false

/** Wraps Statement#run once per process. */
export function installFaults(): void {
  if (installed) return
  installed = true
  const probe = new Database(':memory:')
  const proto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as { run: (...params: unknown[]) => unknown }
  probe.close()
  const run = proto.run
  proto.run = function (this: StatementInternals, ...params: unknown[]) {
    if (plan !== null && !this.database.readonly) {
      const sql = this.source.trimStart()
      const isCommit = /^COMMIT\b/i.test(sql)
      const isWrite = !this.reader && !CONTROL.test(sql)
      if (isCommit) seen.commits++
      if (isWrite) seen.writes++
      const count = plan.target === 'commit' ? (isCommit ? seen.commits : 0) : isWrite ? seen.writes : 0
      if (!fired && count === plan.at) {
        fired = true
        if (plan.rollsBack && this.database.inTransaction) this.database.exec('ROLLBACK')
        throw new Database.SqliteError(MESSAGES[plan.code], plan.code)
      }
    }
    return run.apply(this, params)
  }
}

/** From now on, count COMMITs and writes and fail the one the plan names (once). */
export function armFault(next: FaultPlan): void {
  plan = next
  fired = false
  seen.commits = 0
  seen.writes = 0
}

/** Stops injecting (counting stops too); says whether the fault fired and what was counted. */
export function disarmFault(): { fired: boolean; commits: number; writes: number } {
  plan = null
  return { fired, ...seen }
}
