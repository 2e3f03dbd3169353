// The sqlite3 shell baselines the benchmarks run side by side with ours.
import { copyFileSync, writeFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { sqlite3Path } from './common.ts'
import { runMeasured } from './measure-process.ts'
import type { MeasuredRun } from './measure-process.ts'

const CONTACTS = `CREATE TABLE contacts (
  id          INTEGER PRIMARY KEY,
  email       TEXT    NOT NULL UNIQUE,
  first_name  TEXT    NOT NULL,
  last_name   TEXT    NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);`

/** What the shell's SELECT keeps, in words (it has no CSV rules of its own). */
export const SHELL_FILTER =
  "rows with all 4 columns (.import pads short rows with NULL: company IS NOT NULL); " +
  "e = lower(trim(email)) with e LIKE '%_@_%._%', no space in e, not two '@'; " +
  "trim(first_name) <> '' and trim(last_name) <> '' (trim of space, tab, CR, LF); " +
  'upsert in file order, so the last row of an email wins'

const WS = `' ' || char(9, 10, 13)`

/**
 * `.import --csv` into a staging table, then ONE INSERT … SELECT … ON CONFLICT(email) DO UPDATE
 * into a contacts table shaped like ours, in WAL mode with synchronous=NORMAL like our writer.
 * The CSV generator's header is email,first_name,last_name,company.
 */
export function importScript(csvPath: string, contactsExist = false): string {
  const email = `lower(trim(email, ${WS}))`
  return `PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
${contactsExist ? '' : CONTACTS}
CREATE TABLE staging (email TEXT, first_name TEXT, last_name TEXT, company TEXT);
.import --csv --skip 1 '${csvPath.replaceAll("'", "''")}' staging
.timer on
INSERT INTO contacts (email, first_name, last_name, created_at, updated_at)
SELECT ${email}, trim(first_name, ${WS}), trim(last_name, ${WS}), unixepoch() * 1000, unixepoch() * 1000
FROM staging
WHERE company IS NOT NULL
  AND ${email} LIKE '%_@_%._%'
  AND instr(${email}, ' ') = 0
  AND ${email} NOT LIKE '%@%@%'
  AND trim(first_name, ${WS}) <> ''
  AND trim(last_name, ${WS}) <> ''
ORDER BY rowid
ON CONFLICT (email) DO UPDATE SET first_name = excluded.first_name, last_name = excluded.last_name,
  updated_at = excluded.updated_at;
.timer off
SELECT 'counts', (SELECT count(*) FROM staging), (SELECT count(*) FROM contacts);
`
}

export interface ShellImportRun extends MeasuredRun {
  /** Wall time of the INSERT … ON CONFLICT alone (.timer), ms. */
  upsertMs: number
  stagedRows: number
  contacts: number
  /** Lines .import warned about (short or long rows). */
  importWarnings: number
}

/**
 * `existing`: a database file holding contacts already (made by makeShellContacts), copied to
 * the work dir before the run; otherwise the run starts from an empty database.
 */
export async function runShellImport(csvPath: string, workDir: string, existing: string | null = null): Promise<ShellImportRun> {
  const script = join(workDir, 'import.sql')
  const database = join(workDir, 'shell.sqlite')
  if (existing) copyFileSync(existing, database)
  writeFileSync(script, importScript(csvPath, existing !== null))
  const run = await runMeasured(sqlite3Path(), ['-bail', database], { stdinFile: script })
  if (run.exitCode !== 0) throw new Error(`sqlite3 import failed (${run.exitCode}): ${run.stderr.slice(-2000)}`)
  const timer = /Run Time: real ([\d.]+)/.exec(run.stdout)
  const counts = /^counts\|(\d+)\|(\d+)$/m.exec(run.stdout)
  return {
    ...run,
    upsertMs: timer ? Number(timer[1]) * 1000 : Number.NaN,
    stagedRows: counts ? Number(counts[1]) : Number.NaN,
    contacts: counts ? Number(counts[2]) : Number.NaN,
    importWarnings: run.stderr.split('\n').filter((l) => l.includes('expected')).length,
  }
}

/**
 * SQL that fills an empty contacts table with `count` contacts whose emails are
 * user0@example.com, user2@example.com, … (the even numbers): a generated file then finds every
 * other email already there. Inserted in email order, as one earlier import's merge leaves them.
 */
export function existingContactsSql(count: number): string {
  return `WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < ${count - 1})
INSERT INTO contacts (email, first_name, last_name, created_at, updated_at)
SELECT 'user' || (2 * i) || '@example.com', 'Existing', 'Contact ' || i, 0, 0 FROM k ORDER BY 1`
}

/** A database file for the shell with `count` existing contacts (existingContactsSql), checkpointed. */
export function makeShellContacts(path: string, count: number): void {
  execFileSync(sqlite3Path(), ['-bail', path], {
    input: `${CONTACTS}\n${existingContactsSql(count)};\n`,
    stdio: ['pipe', 'ignore', 'inherit'],
  })
}

/**
 * The CounterJob's work done by the shell: per row, INSERT INTO items + UPDATE counter, as plain
 * SQL text (the shell parses and prepares every statement). `oneTransaction`: all rows in one
 * BEGIN … COMMIT; otherwise a BEGIN … COMMIT per row, WAL with synchronous=NORMAL.
 */
export function counterScript(rows: number, oneTransaction: boolean): string {
  const parts: string[] = [
    'PRAGMA journal_mode = WAL;',
    'PRAGMA synchronous = NORMAL;',
    'CREATE TABLE items (i INTEGER PRIMARY KEY, written_at INTEGER NOT NULL);',
    'CREATE TABLE counter (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);',
    'INSERT INTO counter (id, n) VALUES (1, 0);',
  ]
  const now = Date.now()
  if (oneTransaction) parts.push('BEGIN;')
  for (let i = 0; i < rows; i++) {
    const row = `INSERT INTO items (i, written_at) VALUES (${i}, ${now + i}); UPDATE counter SET n = n + 1 WHERE id = 1;`
    parts.push(oneTransaction ? row : `BEGIN; ${row} COMMIT;`)
  }
  if (oneTransaction) parts.push('COMMIT;')
  parts.push("SELECT 'counts', (SELECT count(*) FROM items), (SELECT n FROM counter);")
  return `${parts.join('\n')}\n`
}

export async function runShellCounter(scriptPath: string, dbPath: string): Promise<MeasuredRun & { items: number; counter: number }> {
  const run = await runMeasured(sqlite3Path(), ['-bail', dbPath], { stdinFile: scriptPath })
  if (run.exitCode !== 0) throw new Error(`sqlite3 counter failed (${run.exitCode}): ${run.stderr.slice(-2000)}`)
  const counts = /^counts\|(\d+)\|(\d+)$/m.exec(run.stdout)
  return { ...run, items: counts ? Number(counts[1]) : Number.NaN, counter: counts ? Number(counts[2]) : Number.NaN }
}
