// Numbered migrations applied in order; PRAGMA user_version records the last one applied.
import type { Database } from 'better-sqlite3'
import { sql as m001 } from './migrations/001-imports-and-contacts.ts'
import { sql as m002 } from './migrations/002-jobs.ts'
import { sql as m003 } from './migrations/003-import-progress.ts'
import { sql as m004 } from './migrations/004-import-throughput.ts'
import { sql as m005 } from './migrations/005-import-reading.ts'
import { sql as m006 } from './migrations/006-file-samples.ts'
import { sql as m007 } from './migrations/007-detected-format.ts'

export const migrations: readonly string[] = [m001, m002, m003, m004, m005, m006, m007]

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number
}

/**
 * Applies the migrations after `user_version` up to `target`, each in its own transaction. The
 * version is read again inside each IMMEDIATE transaction: two processes opening a new database
 * at once must not both apply the same migration. An up-to-date database takes no write lock.
 */
export function migrate(db: Database, target = migrations.length): number {
  const applyNext = db.transaction((): void => {
    const version = checkedVersion(db)
    if (version >= target) return
    db.exec(migrations[version])
    db.pragma(`user_version = ${version + 1}`)
  })
  while (checkedVersion(db) < target) applyNext.immediate()
  return checkedVersion(db)
}

function checkedVersion(db: Database): number {
  const version = schemaVersion(db)
  if (version > migrations.length) {
    throw new Error(`The database is from a newer version of the app (schema ${version}, this app knows ${migrations.length}).`)
  }
  return version
}
