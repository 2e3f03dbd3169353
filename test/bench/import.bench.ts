// Import benchmark (`npm run bench`): the CLI as a real child process against the sqlite3 shell,
// in the same run, on the same generated file.
//
//   node test/bench/import.bench.ts [--rows 1000000] [--big-rows 5000000] [--runs 3]
//                                    [--resume-runs 5] [--skip-big] [--skip-resume] [--big-breakdown]
//                                    [--huge [--huge-rows 10000000]] [--existing [--existing-contacts 5000000]]
//   BENCH_ROWS=N scales the run down (--big-rows defaults to 5 × rows).
//
// 1. N rows (default 1,000,000): ours = `node main/cli.ts import FILE --json --data-dir DIR` (fresh
//    data dir each run); shell = sqlite3 `.import --csv` into a staging table + ONE
//    INSERT … SELECT … ON CONFLICT(email) DO UPDATE into a contacts table like ours (WAL). Runs
//    alternate ours, shell, ours, shell, …; medians. Wall time, rows/s, peak RSS, ratio ours/shell.
//    In the same alternation, the same rows as European Excel saves them: Windows-1252, `;`, and
//    the headers "E-mail Address;First Name;Last Name;Company" (mapped by their aliases): wall time
//    relative to the UTF-8 run of the same round (goal ≤ 1.2×) and peak RSS.
//    Then the job alone in this process, with the phase clock on: where the time goes (read,
//    parse + validate, staging inserts, merge bounds and upserts, commits).
// 2. Peak RSS at 5 × N rows (ours and the shell's), to show memory does not grow with the file;
//    --big-breakdown adds the in-process phase breakdown at that size too.
// 3. Behind flags, as 1.: --huge: 10M rows (--huge-rows N) into an empty table; --existing: the
//    N-row file into a table already holding 5M contacts (--existing-contacts M) whose emails are
//    every other one of the file's, so half its emails are new and half are updates (ours and the
//    shell start from copies of the same contacts; the copy is not timed).
// 3. Resume at 90%: pause at ≥ 90% of the rows, shut down, relaunch, resume; time to the first
//    committed progress past the saved row (service) and, in process, from the stage step's
//    byte-offset cursor to its first new staged row, checkpoint and commit (engine events).
// Writes the summary as JSON to os.tmpdir()/importer-bench.json.
import { cpSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openWriter } from '../../main/db/open.ts'
import { generateContactsCsv } from '../support/csv-gen.ts'
import type { GeneratedStats } from '../support/csv-gen.ts'
import {
  fmtInt, fmtMb, fmtMs, fmtRatio, fmtS, hasFlag, machineLine, makeTemp, median, numberOption, printTable, removeTemp,
  sqlite3Path, writeJson,
} from './support/common.ts'
import { peakOf, runMeasured } from './support/measure-process.ts'
import type { MeasuredRun } from './support/measure-process.ts'
import { runInProcess } from './support/in-process.ts'
import type { InProcessRun } from './support/in-process.ts'
import { measureChunkAtOffset, measureEngineResume, measureServiceResume, makePausedTemplate } from './support/resume.ts'
import type { EngineResumeTiming, ServiceResumeTiming } from './support/resume.ts'
import { SHELL_FILTER, existingContactsSql, makeShellContacts, runShellImport } from './support/sqlite-shell.ts'
import type { ShellImportRun } from './support/sqlite-shell.ts'

const argv = process.argv.slice(2)
const ROWS = numberOption(argv, 'rows', 'BENCH_ROWS', 1_000_000)
const BIG_ROWS = numberOption(argv, 'big-rows', 'BENCH_BIG_ROWS', ROWS * 5)
const RUNS = numberOption(argv, 'runs', 'BENCH_RUNS', 3)
const RESUME_RUNS = numberOption(argv, 'resume-runs', null, 5)
const SKIP_BIG = hasFlag(argv, 'skip-big')
const SKIP_RESUME = hasFlag(argv, 'skip-resume')
const BIG_BREAKDOWN = hasFlag(argv, 'big-breakdown')
const HUGE = hasFlag(argv, 'huge')
const HUGE_ROWS = numberOption(argv, 'huge-rows', null, 10_000_000)
const EXISTING = hasFlag(argv, 'existing')
const EXISTING_CONTACTS = numberOption(argv, 'existing-contacts', null, 5_000_000)
const RESUME_AT = 0.9
const RSS_GOAL_MB = 200
const CLI = fileURLToPath(new URL('../../main/cli.ts', import.meta.url))
const OUT = join(tmpdir(), 'importer-bench.json')
const SEED = 20_240_601

interface CliJson {
  status: string; totalRows: number; processedCount: number; createdCount: number; updatedCount: number; errorCount: number
  encoding?: string; mapping?: Record<string, string>
}

interface OursRun { wallMs: number; cpuMs: number; treeRssKb: number | null; cliKb: number | null; workerKb: number | null; json: CliJson }
interface ShellRun { wallMs: number; cpuMs: number; upsertMs: number; treeRssKb: number | null; contacts: number; staged: number; warnings: number }

const roleOf = (cmdline: string[]): string =>
  cmdline.some((a) => a.endsWith('worker/index.ts')) ? 'worker' : cmdline.some((a) => a.endsWith('cli.ts')) ? 'cli' : cmdline[0] ?? '?'

/** Contacts both sides start from: a data dir for ours, a database file for the shell. */
interface ExistingContacts { count: number; dataDir: string; shellFile: string }

async function runOurs(csv: string, existing: ExistingContacts | null = null): Promise<OursRun> {
  const dataDir = makeTemp('cli-data')
  try {
    if (existing) cpSync(existing.dataDir, dataDir, { recursive: true })
    const env = { ...process.env }
    delete env.IMPORTER_MAX_ROWS_PER_SECOND
    const run: MeasuredRun = await runMeasured(process.execPath, [CLI, 'import', csv, '--json', '--data-dir', dataDir], { env, roleOf })
    if (run.exitCode !== 0) throw new Error(`the CLI exited ${run.exitCode}: ${run.stderr.slice(-2000)}`)
    const json = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as CliJson
    if (json.status !== 'completed') throw new Error(`the import ended ${json.status}`)
    return { wallMs: run.wallMs, cpuMs: run.cpuMs ?? Number.NaN, treeRssKb: run.treeMaxRssKb, cliKb: peakOf(run, 'cli'), workerKb: peakOf(run, 'worker'), json }
  } finally {
    removeTemp(dataDir)
  }
}

async function runShell(csv: string, existing: ExistingContacts | null = null): Promise<ShellRun> {
  const work = makeTemp('shell')
  try {
    const run: ShellImportRun = await runShellImport(csv, work, existing?.shellFile ?? null)
    return {
      wallMs: run.wallMs, cpuMs: run.cpuMs ?? Number.NaN, upsertMs: run.upsertMs, treeRssKb: run.treeMaxRssKb, contacts: run.contacts, staged: run.stagedRows,
      warnings: run.importWarnings,
    }
  } finally {
    removeTemp(work)
  }
}

/** `count` contacts (existingContactsSql) in our database and in the shell's, made once per bench. */
function makeExisting(count: number): ExistingContacts {
  const dir = makeTemp('existing')
  const started = performance.now()
  const dataDir = join(dir, 'ours')
  const db = openWriter(dataDir)
  db.exec(existingContactsSql(count))
  db.close()
  const shellFile = join(dir, 'shell.sqlite')
  makeShellContacts(shellFile, count)
  console.log(`\n[existing] ${fmtInt(count)} contacts in our database and the shell's in ${fmtS(performance.now() - started)}`)
  return { count, dataDir, shellFile }
}

interface SizeResult {
  rows: number
  label: string
  /** Contacts in the table before the import. */
  existingContacts: number
  /** The job in this process (no CLI, worker process or IPC), for where the time goes. */
  inProcess: InProcessRun[]
  fileBytes: number
  generated: GeneratedStats
  ours: OursRun[]
  shell: ShellRun[]
  /** Windows-1252 runs, one per round between ours and the shell (main size only). */
  legacy: OursRun[]
  summary: {
    oursMedianMs: number; shellMedianMs: number; ratio: number
    /** Median CPU time (user + sys of the process tree), and their ratio: less moved by other load than wall time. */
    oursCpuMs: number; shellCpuMs: number; cpuRatio: number; oursRowsPerS: number; shellRowsPerS: number
    oursPeakKb: number; oursWorkerKb: number; oursCliKb: number; shellPeakKb: number; shellUpsertMs: number
    sameContacts: boolean
    legacy: LegacySummary | null
  }
}

interface LegacySummary {
  medianMs: number
  peakKb: number
  /** Median over rounds of (Windows-1252 wall / UTF-8 wall of the same round). */
  ratioToUtf8: number
  ratioToShell: number
  /** Median over rounds of (Windows-1252 CPU time / UTF-8 CPU time of the same round). */
  cpuRatioToUtf8: number
}

/** European Excel's header for the generator's four columns: every name maps by an alias. */
const EXCEL_HEADER = ['E-mail Address', 'First Name', 'Last Name', 'Company'] as const

interface CompareOptions { inProcess: boolean; legacy: boolean; existing?: ExistingContacts }

async function compare(rows: number, label: string, options: CompareOptions): Promise<SizeResult> {
  const existing = options.existing ?? null
  const files = makeTemp('csv')
  const csv = join(files, `contacts-${rows}.csv`)
  const legacyCsv = join(files, `excel-windows-1252-${rows}.csv`)
  const genStarted = performance.now()
  const generated = await generateContactsCsv(csv, { rows, seed: SEED })
  if (options.legacy) await generateContactsCsv(legacyCsv, { rows, seed: SEED, delimiter: ';', header: EXCEL_HEADER, encoding: 'windows-1252' })
  const fileBytes = statSync(csv).size
  console.log(`\n[${label}] generated ${fmtInt(rows)} rows (${(fileBytes / 1e6).toFixed(1)} MB, ${fmtInt(generated.invalid)} invalid by construction)` +
    `${options.legacy ? ` and its Windows-1252 twin (${(statSync(legacyCsv).size / 1e6).toFixed(1)} MB)` : ''} in ${fmtS(performance.now() - genStarted)}`)
  const ours: OursRun[] = []
  const shell: ShellRun[] = []
  const legacy: OursRun[] = []
  const inProcess: InProcessRun[] = []
  const printOurs = (name: string, i: number, o: OursRun) =>
    console.log(`  run ${i + 1} ${name}: ${fmtS(o.wallMs).padStart(8)}  cpu ${fmtS(o.cpuMs)}  peak ${fmtMb(o.treeRssKb)} (worker ${fmtMb(o.workerKb)}, cli ${fmtMb(o.cliKb)})  ${fmtInt(o.json.processedCount)} imported, ${fmtInt(o.json.errorCount)} errors`)
  try {
    for (let i = 0; i < RUNS; i++) {
      const o = await runOurs(csv, existing)
      ours.push(o)
      printOurs('ours ', i, o)
      const s = await runShell(csv, existing)
      shell.push(s)
      console.log(`  run ${i + 1} shell: ${fmtS(s.wallMs).padStart(8)}  cpu ${fmtS(s.cpuMs)}  peak ${fmtMb(s.treeRssKb)}  upsert ${fmtS(s.upsertMs)}  ${fmtInt(s.contacts)} contacts`)
      if (!options.legacy) continue
      const w = await runOurs(legacyCsv)
      if (w.json.encoding !== 'windows-1252' || w.json.mapping?.email !== EXCEL_HEADER[0]) {
        throw new Error(`the Windows-1252 file was read as ${w.json.encoding} with ${JSON.stringify(w.json.mapping)}`)
      }
      legacy.push(w)
      printOurs('1252 ', i, w)
    }
    for (let i = 0; options.inProcess && i < RUNS; i++) {
      const r = await runInProcess(csv, existing?.dataDir ?? null)
      if (r.status !== 'completed') throw new Error(`the in-process import ended ${r.status}`)
      inProcess.push(r)
      console.log(`  run ${i + 1} in process: ${fmtS(r.totalMs)} (${Object.entries(r.steps).map(([k, v]) => `${k} ${fmtS(v)}`).join(', ')}; ${r.commits} commits)`)
    }
  } finally {
    removeTemp(files)
  }
  const oursMedianMs = median(ours.map((r) => r.wallMs))
  const shellMedianMs = median(shell.map((r) => r.wallMs))
  // The shell's table holds the existing contacts too.
  const contactCount = ours[0].json.createdCount + (existing?.count ?? 0)
  if (legacy.some((w) => w.json.processedCount !== ours[0].json.processedCount || w.json.errorCount !== ours[0].json.errorCount)) {
    throw new Error('the Windows-1252 twin imported other counts than the UTF-8 file')
  }
  return {
    rows, label, existingContacts: existing?.count ?? 0, fileBytes, generated, ours, shell, legacy, inProcess,
    summary: {
      oursMedianMs, shellMedianMs, ratio: oursMedianMs / shellMedianMs,
      oursCpuMs: median(ours.map((r) => r.cpuMs)), shellCpuMs: median(shell.map((r) => r.cpuMs)),
      cpuRatio: median(ours.map((r) => r.cpuMs)) / median(shell.map((r) => r.cpuMs)),
      oursRowsPerS: rows / (oursMedianMs / 1000), shellRowsPerS: rows / (shellMedianMs / 1000),
      oursPeakKb: median(ours.map((r) => r.treeRssKb ?? 0)),
      oursWorkerKb: median(ours.map((r) => r.workerKb ?? 0)),
      oursCliKb: median(ours.map((r) => r.cliKb ?? 0)),
      shellPeakKb: median(shell.map((r) => r.treeRssKb ?? 0)),
      shellUpsertMs: median(shell.map((r) => r.upsertMs)),
      sameContacts: shell.every((s) => s.contacts === contactCount),
      legacy: legacy.length === 0 ? null : {
        medianMs: median(legacy.map((r) => r.wallMs)),
        peakKb: median(legacy.map((r) => r.treeRssKb ?? 0)),
        ratioToUtf8: median(legacy.map((r, i) => r.wallMs / ours[i].wallMs)),
        ratioToShell: median(legacy.map((r, i) => r.wallMs / shell[i].wallMs)),
        cpuRatioToUtf8: median(legacy.map((r, i) => r.cpuMs / ours[i].cpuMs)),
      },
    },
  }
}

function printComparison(result: SizeResult): void {
  const s = result.summary
  const into = result.existingContacts > 0 ? ` into ${fmtInt(result.existingContacts)} contacts` : ''
  printTable(`${fmtInt(result.rows)} rows (${(result.fileBytes / 1e6).toFixed(1)} MB)${into}, median of ${RUNS} alternating runs`, ['', 'wall', 'rows/s', 'peak RSS', 'note'], [
    ['ours (CLI → worker)', fmtS(s.oursMedianMs), fmtInt(s.oursRowsPerS), fmtMb(s.oursPeakKb), `worker ${fmtMb(s.oursWorkerKb)}, cli ${fmtMb(s.oursCliKb)}`],
    ['sqlite3 shell', fmtS(s.shellMedianMs), fmtInt(s.shellRowsPerS), fmtMb(s.shellPeakKb), `.import ${fmtS(s.shellMedianMs - s.shellUpsertMs)} + upsert ${fmtS(s.shellUpsertMs)}`],
    ['ratio ours/shell (time)', fmtRatio(s.ratio), fmtRatio(s.oursRowsPerS / s.shellRowsPerS), fmtRatio(s.oursPeakKb / s.shellPeakKb), ''],
    ['CPU time ours / shell', `${fmtS(s.oursCpuMs)} / ${fmtS(s.shellCpuMs)}`, '', '', `${fmtRatio(s.cpuRatio)} (user + sys, whole process tree)`],
    ...(s.legacy ? [
      ['ours, Windows-1252 `;` mapped', fmtS(s.legacy.medianMs), fmtInt(result.rows / (s.legacy.medianMs / 1000)), fmtMb(s.legacy.peakKb), `${fmtRatio(s.legacy.ratioToUtf8)} of UTF-8 (CPU ${fmtRatio(s.legacy.cpuRatioToUtf8)}), ${fmtRatio(s.legacy.ratioToShell)} of shell, per round`],
    ] : []),
  ])
  if (result.inProcess.length > 0) printBreakdown(result.inProcess, s.oursMedianMs)
  const o = result.ours[0].json
  console.log(`ours: ${fmtInt(o.processedCount)} imported (${fmtInt(o.createdCount)} created, ${fmtInt(o.updatedCount)} updated), ${fmtInt(o.errorCount)} errors${into}; ` +
    `shell: ${fmtInt(result.shell[0].contacts)} contacts from ${fmtInt(result.shell[0].staged)} staged rows (${fmtInt(result.shell[0].warnings)} short-row warnings); ` +
    `same contact count: ${s.sameContacts ? 'yes' : 'NO'}`)
}

/**
 * What each phase of the phase clock covers, in the order of the job. Reads and parsing run in the
 * reader thread, beside the job: they overlap the job's own phases, which are what adds up to its
 * time, with the job waiting for parsed rows when the thread is behind.
 */
const PHASES: ReadonlyArray<[phase: string, label: string, inThread?: 'reader thread']> = [
  ['read file', 'stage: read the file (512 KiB reads), reader thread', 'reader thread'],
  ['parse + validate', 'stage: parse + validate (decode, rules, sort and pack the batch), reader thread', 'reader thread'],
  ['waiting for parsed rows', 'stage: waiting for parsed rows (the job idle on the reader)'],
  ['staging inserts', 'stage: staging inserts (sorted runs + row errors)'],
  ['merge: chunk bounds', 'merge: chunk bounds (one query on the bound sample)'],
  ['merge: upserts', 'merge: upserts into contacts'],
  ['drop staging', 'finalize: drop staging'],
  ['commits', 'commits (progress rows, COMMIT incl. WAL auto-checkpoints)'],
]

/** The in-process runs, phase by phase (medians); what no phase of the job covers is the engine and event loop. */
function printBreakdown(runs: readonly InProcessRun[], cliWallMs: number): void {
  const total = median(runs.map((r) => r.totalMs))
  const phase = (name: string, key: 'ms' | 'count') => median(runs.map((r) => r.phases[name]?.[key] ?? 0))
  const share = (ms: number) => `${((ms / total) * 100).toFixed(0)}%`
  const threadPhases = new Set(PHASES.filter(([, , inThread]) => inThread).map(([name]) => name))
  const covered = median(runs.map((r) => Object.entries(r.phases).reduce((sum, [name, p]) => sum + (threadPhases.has(name) ? 0 : p.ms), 0)))
  printTable(`where ours spends it: the job in this process (no CLI, worker process, IPC), phase clock on, median of ${runs.length}; reader-thread phases overlap the rest`, ['', 'time', 'share', 'intervals'], [
    ...PHASES.map(([name, label]) => [label, fmtS(phase(name, 'ms')), share(phase(name, 'ms')), fmtInt(phase(name, 'count'))]),
    ['other (engine checkpoints, savepoints, event-loop yields)', fmtS(total - covered), share(total - covered), ''],
    ['job total', fmtS(total), '', ''],
    ['CLI wall − job total (2 Node starts, IPC, service; this process lacks the worker heap flags)', fmtS(cliWallMs - total), `${(((cliWallMs - total) / cliWallMs) * 100).toFixed(0)}% of wall`, ''],
  ])
}

interface ResumeResult {
  template: { savedRow: number; savedOffset: number; fraction: number; firstLegMs: number; pacing: number }
  service: ServiceResumeTiming[]
  engine: EngineResumeTiming[]
  chunk: Awaited<ReturnType<typeof measureChunkAtOffset>>[]
  medians: Record<string, number>
}

async function resumeAt90(rows: number): Promise<ResumeResult> {
  const files = makeTemp('resume-csv')
  const csv = join(files, `contacts-${rows}.csv`)
  await generateContactsCsv(csv, { rows, seed: SEED })
  // Paced so the pause lands close to 90%: 16 KiB chunks, a commit every 100 ms ≈ 2% of 1M rows.
  const pacing = Math.max(2_000, Math.round(rows / 5))
  try {
    const template = await makePausedTemplate(csv, rows, RESUME_AT, pacing)
    const fraction = template.savedRow / rows
    console.log(`\n[resume] paused at row ${fmtInt(template.savedRow)} of ${fmtInt(rows)} (${(fraction * 100).toFixed(1)}%), byte ${fmtInt(template.savedOffset)} of ${fmtInt(template.fileSize)}; first leg ${fmtS(template.firstLegMs)} paced at ${fmtInt(pacing)} rows/s`)
    const service: ServiceResumeTiming[] = []
    const engine: EngineResumeTiming[] = []
    const chunk: ResumeResult['chunk'] = []
    for (let i = 0; i < RESUME_RUNS; i++) {
      const s = await measureServiceResume(template)
      service.push(s)
      const e = await measureEngineResume(template)
      engine.push(e)
      chunk.push(await measureChunkAtOffset(csv, template))
      console.log(`  run ${i + 1} service: resume→ack ${fmtMs(s.ackMs)}, →committed ${fmtMs(s.committedMs)}, →worker event ${fmtMs(s.workerEventMs)}, →onUpdate ${fmtMs(s.updateMs)} (row ${fmtInt(s.firstRow)})` +
        ` | engine: runNext→step_started ${fmtMs(e.stepStartedMs)}, →first staged row +${fmtMs(e.firstStagedRowMs)}, →first checkpoint +${fmtMs(e.firstCheckpointMs)} (row ${fmtInt(e.firstCheckpointRows)}), →first commit +${fmtMs(e.firstCommitMs)} (row ${fmtInt(e.firstCommitRows)})`)
    }
    removeTemp(template.dir)
    const med = (values: number[]) => median(values)
    return {
      template: { savedRow: template.savedRow, savedOffset: template.savedOffset, fraction, firstLegMs: template.firstLegMs, pacing },
      service, engine, chunk,
      medians: {
        relaunchMs: med(service.map((s) => s.launchMs)),
        ackMs: med(service.map((s) => s.ackMs)),
        committedMs: med(service.map((s) => s.committedMs)),
        workerEventMs: med(service.map((s) => s.workerEventMs)),
        updateMs: med(service.map((s) => s.updateMs)),
        engineStepStartedMs: med(engine.map((e) => e.stepStartedMs)),
        engineFirstStagedRowMs: med(engine.map((e) => e.firstStagedRowMs)),
        engineFirstCheckpointMs: med(engine.map((e) => e.firstCheckpointMs)),
        engineFirstCommitMs: med(engine.map((e) => e.firstCommitMs)),
        engineTotalToCommitMs: med(engine.map((e) => e.totalToCommitMs)),
        engineFirstCheckpointRows: med(engine.map((e) => e.firstCheckpointRows - template.savedRow)),
        identifyMs: med(chunk.map((c) => c.identifyMs)),
        layoutMs: med(chunk.map((c) => c.layoutMs)),
        readChunkMs: med(chunk.map((c) => c.readMs)),
        parseChunkMs: med(chunk.map((c) => c.parseMs)),
        chunkRecords: med(chunk.map((c) => c.records)),
      },
    }
  } finally {
    removeTemp(files)
  }
}

function printResume(result: ResumeResult): void {
  const m = result.medians
  printTable(`resume at ${(result.template.fraction * 100).toFixed(1)}% (row ${fmtInt(result.template.savedRow)}), median of ${RESUME_RUNS}`, ['from → to', 'median', 'goal'], [
    ['service: resume() → acknowledged', fmtMs(m.ackMs), ''],
    ['service: resume() → first commit past saved row (DB)', fmtMs(m.committedMs), '≤ 100 ms'],
    ['service: resume() → worker progress event', fmtMs(m.workerEventMs), ''],
    ['service: resume() → onUpdate past saved row', fmtMs(m.updateMs), ''],
    ['engine: runNext() → step_started (resumed stage)', fmtMs(m.engineStepStartedMs), ''],
    ['engine: step_started → first new staged row', fmtMs(m.engineFirstStagedRowMs), '≤ 100 ms'],
    ['engine: step_started → first checkpoint past saved row', fmtMs(m.engineFirstCheckpointMs), ''],
    ['engine: step_started → first commit past saved row', fmtMs(m.engineFirstCommitMs), ''],
    ['csv: identify file (stat + sha256 of 64 KiB)', fmtMs(m.identifyMs, 2), ''],
    ['csv: read layout (header)', fmtMs(m.layoutMs, 2), ''],
    ['csv: read 512 KiB at the cursor offset', fmtMs(m.readChunkMs, 2), ''],
    [`csv: parse that chunk (${fmtInt(m.chunkRecords)} records)`, fmtMs(m.parseChunkMs, 2), ''],
  ])
  console.log(`relaunch (new service + worker ready) median ${fmtMs(m.relaunchMs)}; first checkpoint covers ${fmtInt(m.engineFirstCheckpointRows)} new rows`)
}

// ---- main -----------------------------------------------------------------------------------

console.log(`import benchmark · ${await machineLine()}`)
console.log(`sqlite3 ${sqlite3Path()} · rows ${fmtInt(ROWS)} · big ${SKIP_BIG ? 'skipped' : fmtInt(BIG_ROWS)} · ${RUNS} runs each, alternating ours/shell`)
console.log(`shell SELECT keeps: ${SHELL_FILTER}`)
const startedAt = performance.now()

const main = await compare(ROWS, 'main', { inProcess: true, legacy: true })
printComparison(main)

let resume: ResumeResult | null = null
if (!SKIP_RESUME) {
  resume = await resumeAt90(ROWS)
  printResume(resume)
}

let big: SizeResult | null = null
if (!SKIP_BIG) {
  big = await compare(BIG_ROWS, 'big', { inProcess: BIG_BREAKDOWN, legacy: false })
  printComparison(big)
}

let huge: SizeResult | null = null
if (HUGE) {
  huge = await compare(HUGE_ROWS, 'huge', { inProcess: BIG_BREAKDOWN, legacy: false })
  printComparison(huge)
}

let intoExisting: SizeResult | null = null
if (EXISTING) {
  const existing = makeExisting(EXISTING_CONTACTS)
  intoExisting = await compare(ROWS, 'existing', { inProcess: true, legacy: false, existing })
  printComparison(intoExisting)
  removeTemp(dirname(existing.dataDir))
}

// ---- summary --------------------------------------------------------------------------------

const m = main.summary
const rows: string[][] = [
  [`wall, ${fmtInt(ROWS)} rows`, fmtS(m.oursMedianMs), fmtS(m.shellMedianMs), fmtRatio(m.ratio), '≤ 0.65× (issue 11)'],
  [`CPU time, ${fmtInt(ROWS)} rows`, fmtS(m.oursCpuMs), fmtS(m.shellCpuMs), fmtRatio(m.cpuRatio), ''],
  [`rows/s, ${fmtInt(ROWS)} rows`, fmtInt(m.oursRowsPerS), fmtInt(m.shellRowsPerS), fmtRatio(m.oursRowsPerS / m.shellRowsPerS), ''],
  [`peak RSS, ${fmtInt(ROWS)} rows`, fmtMb(m.oursPeakKb), fmtMb(m.shellPeakKb), fmtRatio(m.oursPeakKb / m.shellPeakKb), `≤ ${RSS_GOAL_MB} MB`],
]
if (big) {
  const b = big.summary
  rows.push(
    [`wall, ${fmtInt(BIG_ROWS)} rows`, fmtS(b.oursMedianMs), fmtS(b.shellMedianMs), fmtRatio(b.ratio), ''],
    [`CPU time, ${fmtInt(BIG_ROWS)} rows`, fmtS(b.oursCpuMs), fmtS(b.shellCpuMs), fmtRatio(b.cpuRatio), ''],
    [`rows/s, ${fmtInt(BIG_ROWS)} rows`, fmtInt(b.oursRowsPerS), fmtInt(b.shellRowsPerS), fmtRatio(b.oursRowsPerS / b.shellRowsPerS), ''],
    [`peak RSS, ${fmtInt(BIG_ROWS)} rows`, fmtMb(b.oursPeakKb), fmtMb(b.shellPeakKb), fmtRatio(b.oursPeakKb / b.shellPeakKb), `≤ ${RSS_GOAL_MB} MB`],
    [`peak RSS growth ${fmtInt(ROWS)} → ${fmtInt(BIG_ROWS)}`, `${(((b.oursPeakKb - m.oursPeakKb) / 1024)).toFixed(1)} MB`, `${(((b.shellPeakKb - m.shellPeakKb) / 1024)).toFixed(1)} MB`, '', 'flat'],
  )
}
for (const extra of [huge, intoExisting]) {
  if (!extra) continue
  const e = extra.summary
  const what = `${fmtInt(extra.rows)} rows${extra.existingContacts > 0 ? ` into ${fmtInt(extra.existingContacts)} contacts` : ''}`
  rows.push(
    [`wall, ${what}`, fmtS(e.oursMedianMs), fmtS(e.shellMedianMs), fmtRatio(e.ratio), ''],
    [`CPU time, ${what}`, fmtS(e.oursCpuMs), fmtS(e.shellCpuMs), fmtRatio(e.cpuRatio), ''],
    [`peak RSS, ${what}`, fmtMb(e.oursPeakKb), fmtMb(e.shellPeakKb), fmtRatio(e.oursPeakKb / e.shellPeakKb), `≤ ${RSS_GOAL_MB} MB`],
  )
}
const legacy = m.legacy
if (legacy) {
  rows.push([`wall, ${fmtInt(ROWS)} rows, Windows-1252 mapped`, fmtS(legacy.medianMs), '', `${fmtRatio(legacy.ratioToUtf8)} of UTF-8`, '≤ 1.2 × UTF-8'])
  rows.push([`CPU time, Windows-1252 mapped`, '', '', `${fmtRatio(legacy.cpuRatioToUtf8)} of UTF-8`, ''])
  rows.push([`peak RSS, Windows-1252 mapped`, fmtMb(legacy.peakKb), '', '', `≤ ${RSS_GOAL_MB} MB`])
}
if (resume) {
  rows.push(
    ['resume@90%: resume() → first commit past saved row', fmtMs(resume.medians.committedMs), '', '', '≤ 100 ms'],
    ['resume@90%: resume() → onUpdate past saved row', fmtMs(resume.medians.updateMs), '', '', ''],
    ['resume@90%: cursor → first new staged row', fmtMs(resume.medians.engineFirstStagedRowMs), '', '', '≤ 100 ms'],
    ['resume@90%: cursor → first commit past saved row', fmtMs(resume.medians.engineFirstCommitMs), '', '', ''],
  )
}
printTable(`summary (medians) · total bench time ${fmtS(performance.now() - startedAt)}`, ['', 'ours', 'sqlite3 shell', 'ours/shell', 'goal'], rows)

writeJson(OUT, {
  generatedAt: new Date().toISOString(),
  machine: await machineLine(),
  rows: ROWS, bigRows: SKIP_BIG ? null : BIG_ROWS, runs: RUNS,
  shellFilter: SHELL_FILTER,
  main, big, huge, intoExisting, resume,
  table: rows,
})
console.log(`\nwrote ${OUT}`)
