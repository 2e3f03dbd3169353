// Pause latency benchmark (`npm run bench:pause`): a real ImportService in this process with the
// real worker forked as a child process, importing a generated 1,000,000-row file.
//
//   node test/bench/pause-latency.bench.ts [--rows 1000000] [--pauses 50] [--shutdowns 5]
//   BENCH_ROWS=N scales the file down.
//
// Pause latency = service.pause(id) → the service's onUpdate with status 'paused' (sent only after
// the worker committed the interrupt). Pauses come at random instants of a running import (a
// random delay after the import is running again), each followed at once by resume(); when an
// import completes, a new one starts on a fresh data dir. Reported overall and per phase: stage =
// committed status validating, merge = processing. Validating is split into reading the file and
// "merge starting": the pause landed in the merge step although the committed status still said
// validating, i.e. it arrived between the last staged batch and merge's first flush (merge commits
// status processing only then). Each latency is split into: the worker committed and said
// so (its 'stopped' event reached the host), and the service emitted it (progress updates are
// coalesced to ~10/s; status changes should go out at once).
// Then service.shutdown() mid-import (graceful checkpoint + exit), per phase and overall.
// --merge-start-rows N (off by default): on an N-row file, one pause and one shutdown requested
// right after the last row was read, as the merge step starts (once the slowest instant to stop,
// when it sorted every row in one statement; the service kills a worker that has not stopped
// within its 3 s shutdown timeout).
// Writes os.tmpdir()/importer-bench-pause.json.
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { generateContactsCsv, prng } from '../support/csv-gen.ts'
import {
  distribution, fmtInt, fmtMs, fmtS, machineLine, makeTemp, median, numberOption, printTable, removeTemp, sleep, writeJson,
} from './support/common.ts'
import type { Distribution } from './support/common.ts'
import { landedStep, launchBenchService, phaseOf, refinePhase, statusPhase, waitFor } from './support/service.ts'
import type { BenchService, Phase } from './support/service.ts'

const argv = process.argv.slice(2)
const ROWS = numberOption(argv, 'rows', 'BENCH_ROWS', 1_000_000)
const PAUSES = numberOption(argv, 'pauses', null, 50)
const SHUTDOWNS = numberOption(argv, 'shutdowns', null, 5)
const MAX_DELAY_MS = numberOption(argv, 'max-delay', null, 250)
const MERGE_START_ROWS = argv.some((a) => a.startsWith('--merge-start-rows')) ? numberOption(argv, 'merge-start-rows', null, 5_000_000) : 0
const OUT = join(tmpdir(), 'importer-bench-pause.json')
const random = prng(Number(process.env.BENCH_SEED ?? 7))
/** Rows of the tables: the brief's phases by status, and validating split in two. */
const GROUPS: Array<{ label: string; match: (phase: Phase) => boolean }> = [
  { label: 'stage (validating)', match: (p) => statusPhase(p) === 'stage' },
  { label: '  · reading the file', match: (p) => p === 'reading' },
  { label: '  · merge starting (status still validating)', match: (p) => p === 'merge-start' },
  { label: 'merge (processing)', match: (p) => p === 'merge' },
]

interface PauseSample {
  phase: Phase
  /** pause() → onUpdate status 'paused'. */
  updateMs: number
  /** pause() → the worker's 'stopped' (paused) event reached the host: committed. */
  workerMs: number
  /** pause() → pause() resolved (the worker took the request). */
  ackMs: number
  /** resume() → the import is running again (committed validating/processing). */
  rerunMs: number
  rowsRead: number
  processed: number
}

async function collectPauses(csv: string): Promise<{ samples: PauseSample[]; imports: number }> {
  const samples: PauseSample[] = []
  let imports = 0
  while (samples.length < PAUSES) {
    imports++
    const dir = makeTemp('pause-data')
    const bench = await launchBenchService(dir)
    const { service } = bench
    try {
      const started = await service.startImport(csv)
      if (!started.ok) throw new Error(started.message)
      const id = started.import.id
      let workerStoppedAt = 0
      bench.onWorkerEvent((event, at) => {
        if (event.type === 'stopped' && event.importId === id && event.status === 'paused') workerStoppedAt = at
      })
      let pausedUpdateAt = 0
      service.onUpdate((summary) => {
        if (summary.id === id && summary.status === 'paused' && !pausedUpdateAt) pausedUpdateAt = performance.now()
      })
      let rerunMs = 0
      while (samples.length < PAUSES) {
        // Running again (committed), then a random instant.
        const running = await waitFor(service, id, (s) => phaseOf(s) !== null)
        if (!running) break
        await sleep(random() * MAX_DELAY_MS)
        const before = service.get(id)
        const phase = before ? phaseOf(before) : null
        if (!before || phase === null) break
        workerStoppedAt = 0
        pausedUpdateAt = 0
        const t0 = performance.now()
        try {
          await service.pause(id)
        } catch (error) {
          // It completed meanwhile: this instant was after the end.
          if (service.get(id)?.status === 'completed') break
          throw error
        }
        const ackMs = performance.now() - t0
        // A pause that lands after the last checkpoint finds the import completing instead.
        const paused = await waitFor(service, id, (s) => (pausedUpdateAt > 0 && workerStoppedAt > 0) || s.status === 'completed', { everyMs: 1, stopWhenEnded: false, timeoutMs: 60_000 })
        if (!paused || paused.status !== 'paused') break
        samples.push({
          phase: refinePhase(phase, landedStep(dir, id)), updateMs: pausedUpdateAt - t0, workerMs: workerStoppedAt - t0, ackMs, rerunMs,
          rowsRead: paused.rowsRead, processed: paused.processedCount,
        })
        const r0 = performance.now()
        await service.resume(id)
        await waitFor(service, id, (s) => phaseOf(s) !== null, { everyMs: 1 })
        rerunMs = performance.now() - r0
        if (samples.length % 10 === 0) console.log(`  ${samples.length} pauses (import ${imports}, at row ${fmtInt(paused.rowsRead)} read / ${fmtInt(paused.processedCount)} merged)`)
      }
    } finally {
      await service.shutdown()
      removeTemp(dir)
    }
  }
  return { samples, imports }
}

interface ShutdownSample {
  phase: Phase
  /** shutdown() called → resolved (worker checkpointed, closed its database and exited). */
  ms: number
  /** shutdown() called → the worker's 'stopped' event (interrupt committed) reached the host. */
  stoppedMs: number
  /** shutdown() called → the worker process exited. */
  workerExitMs: number
  /** A new service + worker on the same data dir, ready. */
  relaunchMs: number
}

async function collectShutdowns(csv: string): Promise<ShutdownSample[]> {
  const samples: ShutdownSample[] = []
  const wanted = (phase: 'stage' | 'merge') => samples.filter((s) => statusPhase(s.phase) === phase).length < SHUTDOWNS
  let attempts = 0
  while ((wanted('stage') || wanted('merge')) && attempts < 6) {
    attempts++
    const dir = makeTemp('shutdown-data')
    let bench: BenchService | null = null
    try {
      let launchedAt = performance.now()
      bench = await launchBenchService(dir)
      let relaunchMs = performance.now() - launchedAt
      const started = await bench.service.startImport(csv)
      if (!started.ok) throw new Error(started.message)
      const id = started.import.id
      for (;;) {
        // Once stage has its share, wait for merge (status processing) so that merge gets its own.
        const running = await waitFor(bench.service, id, (s) => {
          const phase = phaseOf(s)
          return phase !== null && (wanted('stage') || phase === 'merge')
        })
        if (!running) break // completed: the next attempt starts a new import
        await sleep(random() * (wanted('stage') ? MAX_DELAY_MS : MAX_DELAY_MS / 2))
        const summary = bench.service.get(id)
        const phase = summary ? phaseOf(summary) : null
        let exitAt = 0
        let stoppedAt = 0
        bench.onWorkerExit((at) => (exitAt = at))
        bench.onWorkerEvent((event, at) => {
          if (event.type === 'stopped' && event.importId === id && !stoppedAt) stoppedAt = at
        })
        const t0 = performance.now()
        const closing = bench
        bench = null
        await closing.service.shutdown()
        const ms = performance.now() - t0
        if (phase !== null) {
          samples.push({ phase: refinePhase(phase, landedStep(dir, id)), ms, stoppedMs: stoppedAt ? stoppedAt - t0 : Number.NaN, workerExitMs: exitAt - t0, relaunchMs })
        }
        if (!wanted('stage') && !wanted('merge')) break
        launchedAt = performance.now()
        bench = await launchBenchService(dir)
        relaunchMs = performance.now() - launchedAt
      }
    } finally {
      if (bench) await bench.service.shutdown()
      removeTemp(dir)
    }
  }
  return samples
}

interface MergeStartSample {
  kind: 'pause' | 'shutdown'
  /** pause(): → onUpdate paused; shutdown(): → resolved. */
  ms: number
  /** The worker's 'stopped' event (interrupt committed) reached the host; NaN when it never did. */
  workerMs: number
  /** The service gave up waiting and killed the worker. */
  killed: boolean
  /** After a kill: relaunch → merge committed its first progress (the index is built again). */
  recoveryMs: number
  landedIn: string | null
}

/** One pause and one shutdown requested as soon as the last row is committed (merge starting). */
async function collectMergeStart(rows: number): Promise<{ rows: number; samples: MergeStartSample[] }> {
  const dir = makeTemp('merge-start-csv')
  const csvPath = join(dir, `contacts-${rows}.csv`)
  await generateContactsCsv(csvPath, { rows, seed: 20_240_601 })
  const samples: MergeStartSample[] = []
  try {
    for (const kind of ['pause', 'shutdown'] as const) {
      const data = makeTemp('merge-start-data')
      let killed = false
      const onLog = (_level: string, message: string) => {
        if (message.includes('killing it')) killed = true
      }
      let bench: BenchService | null = await launchBenchService(data, {}, { onLog })
      try {
        const started = await bench.service.startImport(csvPath)
        if (!started.ok) throw new Error(started.message)
        const id = started.import.id
        await waitFor(bench.service, id, (s) => s.totalRows !== null, { everyMs: 1, timeoutMs: 600_000 })
        let workerAt = 0
        bench.onWorkerEvent((event, at) => {
          if (event.type === 'stopped' && event.importId === id && !workerAt) workerAt = at
        })
        const t0 = performance.now()
        let ms: number
        let recoveryMs = Number.NaN
        if (kind === 'pause') {
          let updateAt = 0
          bench.service.onUpdate((summary) => {
            if (summary.id === id && summary.status === 'paused' && !updateAt) updateAt = performance.now()
          })
          await bench.service.pause(id)
          await waitFor(bench.service, id, () => updateAt > 0 && workerAt > 0, { everyMs: 1, stopWhenEnded: false, timeoutMs: 600_000 })
          ms = updateAt - t0
        } else {
          const closing = bench
          bench = null
          await closing.service.shutdown()
          ms = performance.now() - t0
          if (killed) {
            const r0 = performance.now()
            bench = await launchBenchService(data, {}, { onLog })
            await waitFor(bench.service, id, (s) => s.status === 'processing' && s.processedCount > 0, { everyMs: 5, timeoutMs: 600_000 })
            recoveryMs = performance.now() - r0
          }
        }
        samples.push({ kind, ms, workerMs: workerAt ? workerAt - t0 : Number.NaN, killed, recoveryMs, landedIn: landedStep(data, id) })
        console.log(`  merge start, ${kind}: ${fmtMs(ms)}${killed ? ' — the worker was KILLED after the shutdown timeout' : ''}`)
      } finally {
        if (bench) await bench.service.shutdown()
        removeTemp(data)
      }
    }
  } finally {
    removeTemp(dir)
  }
  return { rows, samples }
}

// ---- main -----------------------------------------------------------------------------------

console.log(`pause latency benchmark · ${await machineLine()}`)
console.log(`${fmtInt(ROWS)} rows · ${PAUSES} pauses at random instants (0–${MAX_DELAY_MS} ms after the import runs again) · shutdowns: ${SHUTDOWNS} per phase`)
const files = makeTemp('pause-csv')
const csv = join(files, `contacts-${ROWS}.csv`)
await generateContactsCsv(csv, { rows: ROWS, seed: 20_240_601 })
const startedAt = performance.now()

const { samples, imports } = await collectPauses(csv)
const dist = (values: number[]): Distribution => distribution(values)
const row = (label: string, d: Distribution): string[] => [label, String(d.n), fmtMs(d.p50), fmtMs(d.p95), fmtMs(d.p99), fmtMs(d.max)]
const pauseRows: string[][] = []
const byGroup = (label: string, pick: (s: PauseSample) => number) => {
  pauseRows.push(row(`all: ${label}`, dist(samples.map(pick))))
  for (const group of GROUPS) {
    const of = samples.filter((s) => group.match(s.phase))
    if (of.length) pauseRows.push(row(`${group.label}`, dist(of.map(pick))))
  }
}
byGroup('pause() → onUpdate paused', (s) => s.updateMs)
byGroup('pause() → worker committed + told host', (s) => s.workerMs)
pauseRows.push(row('all: service coalescing (onUpdate − worker event)', dist(samples.map((s) => s.updateMs - s.workerMs))))
pauseRows.push(row('all: pause() resolved (worker took the request)', dist(samples.map((s) => s.ackMs))))
pauseRows.push(row('resume() → running again (committed)', dist(samples.filter((s) => s.rerunMs > 0).map((s) => s.rerunMs))))
printTable(`pause latency over ${samples.length} pauses in ${imports} import(s) of ${fmtInt(ROWS)} rows (nearest-rank percentiles)`,
  ['', 'n', 'p50', 'p95', 'p99', 'max'], pauseRows)

const shutdowns = await collectShutdowns(csv)
const shutdownRow = (label: string, of: ShutdownSample[]): string[] => [
  label, String(of.length), fmtMs(median(of.map((s) => s.ms))), fmtMs(median(of.map((s) => s.stoppedMs).filter(Number.isFinite))),
  fmtMs(median(of.map((s) => s.workerExitMs))), fmtMs(Math.max(...of.map((s) => s.ms))),
]
const shutdownRows: string[][] = [shutdownRow('all', shutdowns)]
for (const group of GROUPS) {
  const of = shutdowns.filter((s) => group.match(s.phase))
  if (of.length) shutdownRows.push(shutdownRow(group.label, of))
}
printTable('service.shutdown() mid-import (graceful checkpoint + worker exit), medians', ['phase', 'n', 'shutdown()', '→ interrupt committed', '→ worker exited', 'max'], shutdownRows)
console.log(`relaunch (new service + worker ready) median ${fmtMs(median(shutdowns.map((s) => s.relaunchMs)))}`)
removeTemp(files)

let mergeStart: Awaited<ReturnType<typeof collectMergeStart>> | null = null
if (MERGE_START_ROWS > 0) {
  console.log(`\nmerge start on ${fmtInt(MERGE_START_ROWS)} rows (a stop requested as soon as the last row is committed)`)
  mergeStart = await collectMergeStart(MERGE_START_ROWS)
  printTable(`stop requested as merge starts, ${fmtInt(MERGE_START_ROWS)} rows, one each`,
    ['', 'latency', '→ interrupt committed', 'killed', 'landed in', 'after kill: relaunch → merge progress'],
    mergeStart.samples.map((s) => [
      s.kind === 'pause' ? 'pause() → onUpdate paused' : 'shutdown() → resolved', fmtMs(s.ms), fmtMs(s.workerMs), s.killed ? 'yes' : 'no',
      s.landedIn ?? '–', fmtMs(s.recoveryMs),
    ]))
}

const all = dist(samples.map((s) => s.updateMs))
const summary = [
  ['pause → paused (onUpdate), p50 / p95 / p99 / max', `${fmtMs(all.p50)} / ${fmtMs(all.p95)} / ${fmtMs(all.p99)} / ${fmtMs(all.max)}`],
  ...GROUPS.filter((g) => samples.some((s) => g.match(s.phase))).map((group) => {
    const d = dist(samples.filter((s) => group.match(s.phase)).map((s) => s.updateMs))
    return [`  ${group.label.trim()} (n=${d.n})`, `${fmtMs(d.p50)} / ${fmtMs(d.p95)} / ${fmtMs(d.p99)} / ${fmtMs(d.max)}`]
  }),
  ['shutdown() mid-import, median of all', `${fmtMs(median(shutdowns.map((s) => s.ms)))} (n=${shutdowns.length})`],
  ...(mergeStart?.samples ?? []).map((s) => [
    `${s.kind}() as merge starts, ${fmtInt(mergeStart?.rows ?? 0)} rows`, `${fmtMs(s.ms)}${s.killed ? ' (worker killed)' : ''}`,
  ]),
]
printTable(`summary (pause) · total ${fmtS(performance.now() - startedAt)}`, ['', 'value'], summary)
writeJson(OUT, { generatedAt: new Date().toISOString(), machine: await machineLine(), rows: ROWS, pauses: samples, imports, shutdowns, mergeStart, table: summary })
console.log(`\nwrote ${OUT}`)
