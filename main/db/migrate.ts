// Numbered migrations applied in order; PRAGMA user_version records the last one applied.
import type { Database } from 'better-sqlite3'
import { sql as m001 } from './migrations/001-imports-and-contacts.ts'
import { sql as m002 } from './migrations/002-jobs.ts'
import { sql as m003 } from './migrations/003-import-progress.ts'

export const migrations: readonly string[] = [m001, m002, m003]

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number
}

/** Applies the migrations after `user_version` up to `target`, each in its own transaction. */
export function migrate(db: Database, target = migrations.length): number {
  let version = schemaVersion(db)
  if (version > migrations.length) {
    throw new Error(`The database is from a newer version of the app (schema ${version}, this app knows ${migrations.length}).`)
  }
  while (version < target) {
    const next = version + 1
    db.transaction(() => {
      db.exec(migrations[version])
      db.pragma(`user_version = ${next}`)
    }).immediate()
    version = next
  }
  return version
}
