// Engine benchmark (`npm run bench:engine`): the real SqliteQueue on a real SQLite file
// (openWriter: WAL, synchronous=NORMAL), side by side with the sqlite3 shell.
//
//   node test/bench/engine.bench.ts [--calls 10000000] [--flushes 20000] [--rows 100000] [--runs 3]
//                                    [--skip-checkpoint-bench]
//
// (a) a checkpoint call with no flush due: a step calling step.checkpoint() / step.advance()
//     millions of times under a huge flushIntervalMs (and, for scale, under the default 100 ms);
// (b) a durable flush: flushEveryCheckpoints 1 and no other writes (persist + COMMIT + BEGIN);
// (c) rows/s of the 100,000-row CounterJob (INSERT + UPDATE per row) flushing every 100 ms vs
//     every row, against the sqlite3 shell doing the same SQL in one transaction and with a commit
//     per row, and against plain better-sqlite3 without the engine. Runs alternate; medians.
// Also runs test/bench/engine-checkpoint.bench.ts (the engine alone, in-memory adapters).
// Writes os.tmpdir()/importer-bench-engine.json.
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openWriter } from '../../main/db/open.ts'
import { ContinuableJob, onEngineEvent } from '../../main/engine/index.ts'
import type { Step } from '../../main/engine/index.ts'
import { SqliteQueue } from '../../main/engine/sqlite-queue.ts'
import type { SqliteQueueOptions } from '../../main/engine/sqlite-queue.ts'
import { CounterJob, createCounterTables } from '../support/counter-job.ts'
import {
  fmtInt, fmtMs, fmtRatio, hasFlag, machineLine, makeTemp, median, numberOption, printTable, removeTemp, sqlite3Path,
  writeJson,
} from './support/common.ts'
import { counterScript, runShellCounter } from './support/sqlite-shell.ts'

const argv = process.argv.slice(2)
const CALLS = numberOption(argv, 'calls', null, 10_000_000)
const FLUSHES = numberOption(argv, 'flushes', null, 20_000)
const ROWS = numberOption(argv, 'rows', 'BENCH_ENGINE_ROWS', 100_000)
const RUNS = numberOption(argv, 'runs', 'BENCH_RUNS', 3)
const OUT = join(tmpdir(), 'importer-bench-engine.json')
const HUGE_MS = 1e12

// ---- (a) + (b): a step that only checkpoints ---------------------------------------------------

type Kind = 'checkpoint' | 'advance' | 'set-object' | 'tracked-write' | 'raw-write'

class CheckpointLoopJob extends ContinuableJob<[Kind, number, number]> {
  static override resumeOptions = { wait: 0 }
  static nsPerCall = 0

  async perform(kind: Kind, warmup: number, n: number): Promise<void> {
    const queue = this.queueAdapter as SqliteQueue
    const tracked = queue.prepare('UPDATE scratch SET n = n + 1')
    const raw = queue.db.prepare('UPDATE scratch SET n = n + 1')
    const write = kind === 'tracked-write' ? () => tracked.run() : () => raw.run()
    await this.step('loop', (step) => {
      loop(step, kind, warmup, write)
      const started = process.hrtime.bigint()
      loop(step, kind, n, write)
      CheckpointLoopJob.nsPerCall = Number(process.hrtime.bigint() - started) / n
    }, { start: 0 })
  }
}

function loop(step: Step, kind: Kind, n: number, write: () => unknown): void {
  if (kind === 'checkpoint') for (let i = 0; i < n; i++) step.checkpoint()
  else if (kind === 'tracked-write') {
    // A write through the queue since the last checkpoint: the checkpoint that follows moves the
    // rollback point (RELEASE + SAVEPOINT on the next write).
    for (let i = 0; i < n; i++) {
      write()
      step.checkpoint()
    }
  } else if (kind === 'raw-write') for (let i = 0; i < n; i++) write()
  else if (kind === 'advance') for (let i = 0; i < n; i++) step.advance()
  else {
    // The stage step's cursor shape: a fresh object per call.
    const base = (step.cursor as { offset?: number } | number | null) ?? 0
    let offset = typeof base === 'number' ? base : base.offset ?? 0
    for (let i = 0; i < n; i++) {
      offset += 48
      step.set({ offset, row: i, line: i + 1, rowsRead: i, valid: i, errors: 0, bytesRead: offset })
    }
  }
}

/** One run of the loop job on a fresh database; returns ns per call and how many commits it made. */
async function runLoop(kind: Kind, warmup: number, n: number, queueOptions: Partial<SqliteQueueOptions>): Promise<{ ns: number; commits: number }> {
  const dir = makeTemp('engine')
  const db = openWriter(dir)
  try {
    db.exec('CREATE TABLE scratch (n INTEGER NOT NULL); INSERT INTO scratch VALUES (0)')
    let commits = 0
    const queue = new SqliteQueue({ db, ...queueOptions, onCommit: () => commits++ })
    await CheckpointLoopJob.performLater(queue, kind, warmup, n)
    if (!(await queue.runNext())) throw new Error('the loop job did not run')
    return { ns: CheckpointLoopJob.nsPerCall, commits }
  } finally {
    db.close()
    removeTemp(dir)
  }
}

/** Plain better-sqlite3 doing what one flush does to the jobs row: UPDATE + COMMIT + BEGIN IMMEDIATE. */
function rawFlushes(n: number): number {
  const dir = makeTemp('raw-flush')
  const db = openWriter(dir)
  try {
    db.prepare(`INSERT INTO jobs (job_id, job_class, arguments, continuation, state, enqueued_at, locked_by)
      VALUES ('j', 'X', '[]', '{}', 'running', 0, 'me')`).run()
    const update = db.prepare(`UPDATE jobs SET continuation = ?, resumptions = 0, executions = 1,
      exception_executions = '{}', heartbeat_at = ? WHERE job_id = 'j' AND locked_by = 'me'`)
    const begin = db.prepare('BEGIN IMMEDIATE')
    const commit = db.prepare('COMMIT')
    begin.run()
    const started = process.hrtime.bigint()
    for (let i = 0; i < n; i++) {
      update.run(`{"completed":[],"current":["loop",${i}]}`, Date.now())
      commit.run()
      begin.run()
    }
    const ns = Number(process.hrtime.bigint() - started) / n
    commit.run()
    return ns
  } finally {
    db.close()
    removeTemp(dir)
  }
}

// ---- (c): the CounterJob --------------------------------------------------------------------

interface CounterRun { ms: number; commits: number }

async function runCounterJob(rows: number, queueOptions: Partial<SqliteQueueOptions>): Promise<CounterRun> {
  const dir = makeTemp('counter')
  const db = openWriter(dir)
  let writeMs = Number.NaN
  const unsubscribe = onEngineEvent((event) => {
    if (event.name === 'step' && event.step === 'write' && event.jobClass === 'CounterJob') writeMs = event.duration ?? Number.NaN
  })
  try {
    createCounterTables(db)
    let commits = 0
    const queue = new SqliteQueue({ db, ...queueOptions, onCommit: () => commits++ })
    await CounterJob.performLater(queue, rows, 0)
    if (!(await queue.runNext())) throw new Error('the counter job did not run')
    const n = db.prepare('SELECT n FROM counter').pluck().get() as number
    if (n !== rows) throw new Error(`counter is ${n}, expected ${rows}`)
    return { ms: writeMs, commits }
  } finally {
    unsubscribe()
    db.close()
    removeTemp(dir)
  }
}

/** The same two statements per row with plain better-sqlite3 (prepared once), no engine. */
function runRawCounter(rows: number, commitPerRow: boolean): CounterRun {
  const dir = makeTemp('raw-counter')
  const db = openWriter(dir)
  try {
    createCounterTables(db)
    const insert = db.prepare('INSERT INTO items (i, written_at) VALUES (?, ?)')
    const bump = db.prepare('UPDATE counter SET n = n + 1 WHERE id = 1')
    const begin = db.prepare('BEGIN IMMEDIATE')
    const commit = db.prepare('COMMIT')
    const started = performance.now()
    if (!commitPerRow) begin.run()
    for (let i = 0; i < rows; i++) {
      if (commitPerRow) begin.run()
      insert.run(i, Date.now())
      bump.run()
      if (commitPerRow) commit.run()
    }
    if (!commitPerRow) commit.run()
    return { ms: performance.now() - started, commits: commitPerRow ? rows : 1 }
  } finally {
    db.close()
    removeTemp(dir)
  }
}

// ---- main -----------------------------------------------------------------------------------

console.log(`engine benchmark · ${await machineLine()}`)
console.log(`sqlite3 ${sqlite3Path()} · checkpoint calls ${fmtInt(CALLS)} · flushes ${fmtInt(FLUSHES)} · counter rows ${fmtInt(ROWS)} · ${RUNS} runs`)

// (a)
const checkpointRows: string[][] = []
const checkpointResults: Record<string, { best: number; median: number; commits: number }> = {}
const warmup = Math.min(CALLS, 1_000_000)
/** Calls that also write a row are ~30× slower: fewer of them. */
const WRITE_CALLS = Math.max(1000, Math.round(CALLS / 20))
for (const [label, kind, options] of [
  ['step.checkpoint(), flushIntervalMs 1e12', 'checkpoint', { flushIntervalMs: HUGE_MS }],
  ['step.advance(),    flushIntervalMs 1e12', 'advance', { flushIntervalMs: HUGE_MS }],
  ['step.set({…7 keys}), flushIntervalMs 1e12', 'set-object', { flushIntervalMs: HUGE_MS }],
  ['tracked UPDATE + step.checkpoint(), 1e12', 'tracked-write', { flushIntervalMs: HUGE_MS }],
  ['plain UPDATE, no checkpoint (baseline)', 'raw-write', { flushIntervalMs: HUGE_MS }],
  ['step.checkpoint(), default 100 ms flushes', 'checkpoint', {}],
  ['step.advance(),    default 100 ms flushes', 'advance', {}],
] as const) {
  const samples: number[] = []
  let commits = 0
  for (let run = 0; run < 5; run++) {
    const writes = kind === 'tracked-write' || kind === 'raw-write'
    const r = await runLoop(kind, writes ? Math.min(warmup, WRITE_CALLS) : warmup, writes ? WRITE_CALLS : CALLS, options)
    samples.push(r.ns)
    commits = r.commits
  }
  const best = Math.min(...samples)
  checkpointResults[label] = { best, median: median(samples), commits }
  const goal = kind === 'raw-write' ? '' : kind === 'tracked-write' ? '' : '< 200 ns'
  checkpointRows.push([label, `${best.toFixed(1)} ns`, `${median(samples).toFixed(1)} ns`, fmtInt(commits), goal])
}
const savepointNs = checkpointResults['tracked UPDATE + step.checkpoint(), 1e12'].median - checkpointResults['plain UPDATE, no checkpoint (baseline)'].median
printTable(`(a) checkpoint call, real SqliteQueue, ${fmtInt(CALLS)} calls per run (+${fmtInt(warmup)} warm-up; write rows ${fmtInt(WRITE_CALLS)}), 5 runs`,
  ['', 'best', 'median', 'commits/run', 'goal'], checkpointRows)
console.log(`a checkpoint after a tracked write costs ${savepointNs.toFixed(0)} ns more than the write alone (RELEASE + SAVEPOINT + checkpoint)`)

// (b)
const flushSamples: Record<string, number[]> = { advance: [], object: [], raw: [] }
for (let run = 0; run < RUNS; run++) {
  flushSamples.advance.push((await runLoop('advance', 1000, FLUSHES, { flushIntervalMs: HUGE_MS, flushEveryCheckpoints: 1 })).ns)
  flushSamples.raw.push(rawFlushes(FLUSHES))
  flushSamples.object.push((await runLoop('set-object', 1000, FLUSHES, { flushIntervalMs: HUGE_MS, flushEveryCheckpoints: 1 })).ns)
}
const us = (ns: number) => `${(ns / 1000).toFixed(1)} µs`
const flushRows = [
  ['durable flush, step.advance() (integer cursor)', us(median(flushSamples.advance)), fmtInt(1e9 / median(flushSamples.advance))],
  ['durable flush, step.set({…7 keys}) (stage-like cursor)', us(median(flushSamples.object)), fmtInt(1e9 / median(flushSamples.object))],
  ['plain better-sqlite3: UPDATE jobs + COMMIT + BEGIN', us(median(flushSamples.raw)), fmtInt(1e9 / median(flushSamples.raw))],
]
printTable(`(b) durable flush (flushEveryCheckpoints 1, no other writes), ${fmtInt(FLUSHES)} per run, median of ${RUNS}`,
  ['', 'per flush', 'flushes/s'], flushRows)

// (c)
const shellDir = makeTemp('shell-counter')
const oneTxnScript = join(shellDir, 'one-transaction.sql')
const perRowScript = join(shellDir, 'commit-per-row.sql')
writeFileSync(oneTxnScript, counterScript(ROWS, true))
writeFileSync(perRowScript, counterScript(ROWS, false))
const counter: Record<string, number[]> = {
  ours100ms: [], oursEveryRow: [], shellOneTxn: [], shellPerRow: [], rawOneTxn: [], rawPerRow: [],
}
const commitsSeen: Record<string, number> = {}
for (let run = 0; run < RUNS; run++) {
  const a = await runCounterJob(ROWS, { flushIntervalMs: 100 })
  counter.ours100ms.push(a.ms)
  commitsSeen.ours100ms = a.commits
  const s1 = await runShellCounter(oneTxnScript, join(shellDir, `one-${run}.sqlite`))
  if (s1.items !== ROWS || s1.counter !== ROWS) throw new Error('the shell did not write every row')
  counter.shellOneTxn.push(s1.wallMs)
  const b = await runCounterJob(ROWS, { flushIntervalMs: HUGE_MS, flushEveryCheckpoints: 1 })
  counter.oursEveryRow.push(b.ms)
  commitsSeen.oursEveryRow = b.commits
  const s2 = await runShellCounter(perRowScript, join(shellDir, `per-row-${run}.sqlite`))
  if (s2.items !== ROWS || s2.counter !== ROWS) throw new Error('the shell did not write every row')
  counter.shellPerRow.push(s2.wallMs)
  counter.rawOneTxn.push(runRawCounter(ROWS, false).ms)
  counter.rawPerRow.push(runRawCounter(ROWS, true).ms)
  console.log(`  run ${run + 1}: ours 100 ms ${fmtMs(a.ms, 0)}, shell 1 txn ${fmtMs(s1.wallMs, 0)}, ours every row ${fmtMs(b.ms, 0)}, shell commit/row ${fmtMs(s2.wallMs, 0)}, raw 1 txn ${fmtMs(counter.rawOneTxn[run], 0)}, raw commit/row ${fmtMs(counter.rawPerRow[run], 0)}`)
}
removeTemp(shellDir)
const med = Object.fromEntries(Object.entries(counter).map(([k, v]) => [k, median(v)])) as Record<keyof typeof counter, number>
const rps = (ms: number) => fmtInt(ROWS / (ms / 1000))
const counterRows = [
  ['ours: CounterJob, flush every 100 ms', fmtMs(med.ours100ms, 0), rps(med.ours100ms), fmtInt(commitsSeen.ours100ms), fmtRatio(med.ours100ms / med.shellOneTxn)],
  ['sqlite3 shell: one transaction', fmtMs(med.shellOneTxn, 0), rps(med.shellOneTxn), '1', ''],
  ['ours: CounterJob, flush every row', fmtMs(med.oursEveryRow, 0), rps(med.oursEveryRow), fmtInt(commitsSeen.oursEveryRow), fmtRatio(med.oursEveryRow / med.shellPerRow)],
  ['sqlite3 shell: commit per row (WAL, NORMAL)', fmtMs(med.shellPerRow, 0), rps(med.shellPerRow), fmtInt(ROWS), ''],
  ['plain better-sqlite3: one transaction', fmtMs(med.rawOneTxn, 0), rps(med.rawOneTxn), '1', ''],
  ['plain better-sqlite3: commit per row', fmtMs(med.rawPerRow, 0), rps(med.rawPerRow), fmtInt(ROWS), ''],
]
printTable(`(c) ${fmtInt(ROWS)} rows of INSERT + UPDATE, median of ${RUNS} alternating runs (ours = the 'write' step's duration; shell = whole process)`,
  ['', 'time', 'rows/s', 'commits', 'ours/shell (time)'], counterRows)
console.log(`engine overhead per row at 100 ms flushes vs plain better-sqlite3 in one transaction: ${(((med.ours100ms - med.rawOneTxn) / ROWS) * 1e6).toFixed(0)} ns`)

// The engine alone (in-memory adapters), the existing benchmark.
let engineOnly: string[] = []
if (!hasFlag(argv, 'skip-checkpoint-bench')) {
  const script = fileURLToPath(new URL('./engine-checkpoint.bench.ts', import.meta.url))
  const result = spawnSync(process.execPath, [script], { encoding: 'utf8' })
  engineOnly = result.stdout.trim().split('\n')
  console.log(`\ntest/bench/engine-checkpoint.bench.ts (in-memory adapters, no SQLite):\n${engineOnly.map((l) => `  ${l}`).join('\n')}`)
  if (result.status !== 0) console.log(result.stderr)
}

// Summary
const a1 = checkpointResults['step.checkpoint(), flushIntervalMs 1e12']
const a2 = checkpointResults['step.advance(),    flushIntervalMs 1e12']
const summary = [
  ['checkpoint(), no flush due (best / median)', `${a1.best.toFixed(1)} / ${a1.median.toFixed(1)} ns`, '', '< 200 ns'],
  ['advance(), no flush due (best / median)', `${a2.best.toFixed(1)} / ${a2.median.toFixed(1)} ns`, '', '< 200 ns'],
  ['checkpoint after a tracked write (savepoint move)', `${savepointNs.toFixed(0)} ns`, '', ''],
  ['durable flush (advance, integer cursor)', us(median(flushSamples.advance)), `raw UPDATE+COMMIT+BEGIN ${us(median(flushSamples.raw))}`, ''],
  ['CounterJob rows/s, flush every 100 ms', rps(med.ours100ms), `shell 1 txn ${rps(med.shellOneTxn)} (${fmtRatio(med.ours100ms / med.shellOneTxn)} time)`, ''],
  ['CounterJob rows/s, flush every row', rps(med.oursEveryRow), `shell commit/row ${rps(med.shellPerRow)} (${fmtRatio(med.oursEveryRow / med.shellPerRow)} time)`, ''],
]
printTable('summary (engine)', ['', 'ours', 'baseline', 'goal'], summary)
writeJson(OUT, {
  generatedAt: new Date().toISOString(), machine: await machineLine(), calls: CALLS, flushes: FLUSHES, rows: ROWS, runs: RUNS,
  checkpoint: checkpointResults, savepointNs, flushNs: flushSamples, counterMs: counter, counterCommits: commitsSeen, engineOnly, table: summary,
})
console.log(`\nwrote ${OUT}`)
