// The per-import staging tables, written by the stage step and read by the merge step:
//   staging_<import>_rows    (run, email, seq, first_name, last_name), keyed (run, email, seq)
//                            WITHOUT ROWID: each parsed batch is one run, its rows sorted by email
//                            in the reader thread, so staging appends every row once, at the right
//                            edge of the tree, and needs no sort or second index
//   staging_<import>_runs    the runs, which a merge chunk walks: one range seek in each
//   staging_<import>_bounds  the bound sample the merge chunks end at (isBoundSampleRow)
// Imports staged by an earlier version kept rows in rowid partitions, staging_<import>_<k>; they
// are moved into runs before the import goes on (ImportWriter.prepareStaging).
import type { Database } from 'better-sqlite3'

function stagingPrefix(importId: number): string {
  if (!Number.isSafeInteger(importId) || importId <= 0) throw new Error(`Bad import id ${importId}`)
  return `staging_${importId}_`
}

export interface StagingNames {
  rows: string
  runs: string
  bounds: string
}

export function stagingNames(importId: number): StagingNames {
  const prefix = stagingPrefix(importId)
  return { rows: `${prefix}rows`, runs: `${prefix}runs`, bounds: `${prefix}bounds` }
}

export function createStagingSql({ rows, runs, bounds }: StagingNames): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${runs} (run INTEGER PRIMARY KEY)`,
    `CREATE TABLE IF NOT EXISTS ${rows} (run INTEGER NOT NULL, email TEXT NOT NULL, seq INTEGER NOT NULL,
      first_name TEXT NOT NULL, last_name TEXT NOT NULL, PRIMARY KEY (run, email, seq)) WITHOUT ROWID`,
    `CREATE TABLE IF NOT EXISTS ${bounds} (email TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (email, seq)) WITHOUT ROWID`,
  ]
}

/** Every staging table of an import (dropped together). */
export function stagingTables(db: Database, importId: number): string[] {
  const prefix = stagingPrefix(importId)
  return db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, ?) = ? ORDER BY name`)
    .pluck()
    .all(prefix.length, prefix) as string[]
}

/** The rowid partitions an earlier version staged rows in (staging_<import>_<k>), in order. */
export function legacyPartitionTables(db: Database, importId: number): string[] {
  const prefix = stagingPrefix(importId)
  return stagingTables(db, importId)
    .filter((name) => /^\d+$/.test(name.slice(prefix.length)))
    .sort((a, b) => Number(a.slice(prefix.length)) - Number(b.slice(prefix.length)))
}

export function dropStagingTables(db: Database, importId: number): void {
  for (const table of stagingTables(db, importId)) db.exec(`DROP TABLE IF EXISTS ${table}`)
}

/**
 * Staged rows whose (email, row) also go to the import's bound sample: a fixed pseudo-random 1 in
 * `every` of the rows by row number (Fibonacci hashing), blind to the order of the file: a merge
 * chunk of about `size` rows ends at the email size / every sampled rows on, whether the file is
 * shuffled or sorted. The same rule in SQL (boundSampleSql) samples rows staged without it.
 */
export function isBoundSampleRow(row: number, every: number): boolean {
  return Math.imul(row, 0x9e3779b1) >>> 0 < boundSampleThreshold(every)
}

/** isBoundSampleRow as an SQL condition on a `seq` column. */
export function boundSampleSql(every: number): string {
  return `((seq * 2654435761) & 4294967295) < ${boundSampleThreshold(every)}`
}

function boundSampleThreshold(every: number): number {
  return Math.floor(2 ** 32 / Math.max(1, every))
}

/** Sampled rows per merge chunk: the chunk's size is then within about 1/8 of the one asked for. */
const BOUND_SAMPLES_PER_CHUNK = 64
/** Tiny chunks (tests, paced demos) sample no more than 1 row in 8, so sampling stays a small extra write. */
const MIN_BOUND_SAMPLE_EVERY = 8

/** One staged row in this many is in the bound sample when merge chunks hold `chunkRows` rows. */
export function boundSampleEvery(chunkRows: number): number {
  return Math.max(MIN_BOUND_SAMPLE_EVERY, Math.floor(chunkRows / BOUND_SAMPLES_PER_CHUNK))
}
