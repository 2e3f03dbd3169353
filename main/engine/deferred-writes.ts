// Writes from outside the running job (a new import, a pause): each runs in its own transaction
// between two of the job's, so it never mixes with the job's uncommitted writes.
import type { Database } from 'better-sqlite3'

export class DeferredWrites {
  private readonly db: Database
  private queued: Array<{ write: () => unknown; resolve: (value: unknown) => void; reject: (error: unknown) => void }> = []

  constructor(db: Database) {
    this.db = db
  }

  get pending(): boolean {
    return this.queued.length > 0
  }

  /** Resolves with `write`'s result once its transaction is committed (by runAll). */
  add<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queued.push({ write, resolve: resolve as (value: unknown) => void, reject })
    })
  }

  /** Each commits whole or not at all, and is answered once its COMMIT is done. */
  runAll(): void {
    for (const { write, resolve, reject } of this.queued.splice(0)) {
      try {
        resolve(this.db.transaction(write).immediate())
      } catch (error) {
        reject(error)
      }
    }
  }
}
