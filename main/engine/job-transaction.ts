// The running job's transaction on the writer connection: open from one commit to the next, with a
// savepoint at the first write after each checkpoint, so a failing step rolls back to its last
// checkpoint. It also remembers when the transaction can no longer be trusted (a failed COMMIT, a
// storage fault in a write): the run must then end from the last commit, not from memory.
import type { Database, Statement } from 'better-sqlite3'
import { storageFaultOf } from './storage-fault.ts'

/** A prepared write whose effects roll back to the last checkpoint if the step then fails. */
export interface TrackedStatement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint }
}

export class JobTransaction {
  private readonly db: Database
  private readonly stmts: { begin: Statement; commit: Statement; rollback: Statement; savepoint: Statement; release: Statement; rollbackTo: Statement }
  private dirtySinceCheckpoint = false
  private savepointOpen = false
  /** What ended the transaction's trust (see the file comment), or null. */
  lostBy: { error: unknown } | null = null

  constructor(db: Database) {
    this.db = db
    this.stmts = {
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      savepoint: db.prepare('SAVEPOINT checkpoint'),
      release: db.prepare('RELEASE checkpoint'),
      rollbackTo: db.prepare('ROLLBACK TO checkpoint'),
    }
  }

  get open(): boolean {
    return this.db.inTransaction
  }

  /** True when the run can no longer end from its last checkpoint: it must end from the last commit. */
  get lost(): boolean {
    return this.lostBy !== null || !this.db.inTransaction
  }

  begin(): void {
    this.dirtySinceCheckpoint = false
    this.savepointOpen = false
    this.stmts.begin.run()
  }

  /** COMMIT; when it fails the transaction is lost (SQLite may or may not have rolled it back). */
  commit(): void {
    try {
      this.stmts.commit.run()
    } catch (error) {
      this.markLost(error)
      throw error
    }
    this.savepointOpen = false
    this.dirtySinceCheckpoint = false
  }

  /** Rolls back whatever is open; a connection that cannot even do that has nothing to keep. */
  discard(): void {
    try {
      if (this.db.inTransaction) this.stmts.rollback.run()
    } catch {
      // A failed ROLLBACK leaves SQLite to roll back on the next BEGIN or on close.
    }
    this.savepointOpen = false
    this.dirtySinceCheckpoint = false
  }

  markLost(error: unknown): void {
    this.lostBy ??= { error }
  }

  /** A checkpoint: the next write opens a new savepoint. */
  checkpointed(): void {
    this.dirtySinceCheckpoint = false
  }

  /** Undoes the writes since the last checkpoint. */
  undoSinceCheckpoint(): void {
    if (this.dirtySinceCheckpoint) this.stmts.rollbackTo.run()
    this.dirtySinceCheckpoint = false
  }

  /** Prepare a write for job code. Its effects since the last checkpoint roll back if the step fails. */
  prepare(sql: string): TrackedStatement {
    const statement = this.db.prepare(sql)
    return {
      run: (...params: unknown[]) => {
        if (!this.dirtySinceCheckpoint) this.markDirty()
        try {
          return statement.run(...params)
        } catch (error) {
          // SQLite may have rolled the whole transaction back (it does for some FULL and IOERR cases).
          if (storageFaultOf(error) !== null || !this.db.inTransaction) this.markLost(error)
          throw error
        }
      },
    }
  }

  private markDirty(): void {
    if (this.savepointOpen) this.stmts.release.run()
    this.stmts.savepoint.run()
    this.savepointOpen = true
    this.dirtySinceCheckpoint = true
  }
}
