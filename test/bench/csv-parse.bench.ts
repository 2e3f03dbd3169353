// Benchmark of the CSV reader: `node test/bench/csv-parse.bench.ts [rows] [--keep]`.
// Generates a contacts file in os.tmpdir() (2% invalid rows, 5% duplicate emails, quoted fields
// with commas and line breaks, non-ASCII names), then scans it in 1 MiB chunks.
import { closeSync, openSync, readSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { RecordScanner, readLayout, type RecordOutcome } from '../../main/importer/csv/index.ts'

const ROWS = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 1_000_000)
const CHUNK = 1 << 20

const FIRST = ['Ann', 'Bob', 'Chloé', 'Dmitri', 'Émile', 'Fatima', 'Günther', 'Hana', 'Ivan', 'José', 'Kai', 'Lena', '美咲', 'Zoë']
const LAST = ['Smith', 'Müller', 'García', 'Øster', 'Nguyen', 'Kowalski', "O'Brien", 'Dubois', 'Rossi', 'Ivanova', '佐藤', 'Brown']
const COMPANY = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark Industries', 'Wayne Enterprises']

/** Deterministic PRNG so every run scans the same file. */
function mulberry32(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function generate(path: string, rows: number): void {
  const rand = mulberry32(42)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]
  const parts: string[] = ['email,first_name,last_name,company,phone\n']
  for (let r = 1; r <= rows; r++) {
    const dup = rand() < 0.05 && r > 100
    const id = dup ? Math.floor(rand() * (r - 1)) + 1 : r
    let email = `user${id}.${id % 97}@example${id % 13}.com`
    let first = pick(FIRST)
    const last = pick(LAST)
    let company = pick(COMPANY)
    let extra = ''
    const x = rand()
    if (x < 0.005) email = `user${id}@example` // invalid email
    else if (x < 0.01) email = ''
    else if (x < 0.015) first = ' '
    else if (x < 0.02) extra = ',surplus' // field_count
    if (rand() < 0.05) company = `"${company}, Inc."`
    else if (rand() < 0.02) company = `"${company}\nBuilding ""B"""`
    if (rand() < 0.1) email = email.toUpperCase()
    parts.push(`${email},${first},${last},${company},+1 555 ${String(r % 10000).padStart(4, '0')}${extra}\n`)
    if (parts.length >= 10_000) {
      writeFileSync(path, parts.join(''), { flag: r <= 10_000 ? 'w' : 'a' })
      parts.length = 0
    }
  }
  writeFileSync(path, parts.join(''), { flag: rows < 10_000 ? 'w' : 'a' })
}

const path = join(tmpdir(), `csv-parse-bench-${ROWS}.csv`)
const t = performance.now()
generate(path, ROWS)
const size = statSync(path).size
console.log(`generated ${ROWS.toLocaleString('en-US')} rows, ${(size / 1e6).toFixed(1)} MB in ${((performance.now() - t) / 1000).toFixed(1)} s: ${path}`)

const { layout, start } = await readLayout(path)

interface Run {
  rows: number
  errors: number
  wallMs: number
  /** CPU time of this thread only: steadier than wall time on a shared machine. */
  cpuMs: number
}

function cpuNow(): number {
  const { user, system } = process.threadCpuUsage()
  return (user + system) / 1000
}

function scan(next: (scanner: RecordScanner, take: (outcomes: RecordOutcome[]) => void) => void): Run {
  const run: Run = { rows: 0, errors: 0, wallMs: 0, cpuMs: 0 }
  const take = (outcomes: RecordOutcome[]): void => {
    run.rows += outcomes.length
    for (const o of outcomes) if (o.kind === 'error') run.errors++
  }
  const wall = performance.now()
  const cpu = cpuNow()
  const scanner = new RecordScanner(layout, start)
  next(scanner, take)
  take(scanner.end())
  run.wallMs = performance.now() - wall
  run.cpuMs = cpuNow() - cpu
  return run
}

function rate(run: Run, ms: number): string {
  return `${Math.round(run.rows / (ms / 1000)).toLocaleString('en-US')} rows/s, ${(size / 1e6 / (ms / 1000)).toFixed(0)} MB/s`
}

function report(label: string, runs: Run[]): void {
  const median = (xs: number[]): number => xs.sort((a, b) => a - b)[xs.length >> 1]
  const wall = median(runs.map((r) => r.wallMs))
  const cpu = median(runs.map((r) => r.cpuMs))
  const r = runs[0]
  console.log(`${label}: ${r.rows.toLocaleString('en-US')} rows (${r.errors.toLocaleString('en-US')} errors), median of ${runs.length}`)
  console.log(`  wall ${wall.toFixed(0)} ms → ${rate(r, wall)}`)
  console.log(`  cpu  ${cpu.toFixed(0)} ms → ${rate(r, cpu)}`)
}

const RUNS = 5

// The reader alone, from memory.
const bytes = readFileSync(path)
const memory: Run[] = []
for (let i = 0; i < RUNS; i++) {
  memory.push(
    scan((scanner, take) => {
      for (let at = start.offset; at < bytes.length; at += CHUNK) take(scanner.push(bytes.subarray(at, at + CHUNK)))
    }),
  )
}
report('scan from memory, 1 MiB chunks', memory)

// From the file through one reused 1 MiB buffer, as the import job reads it.
const fromFile: Run[] = []
for (let i = 0; i < RUNS; i++) {
  fromFile.push(
    scan((scanner, take) => {
      const fd = openSync(path, 'r')
      const chunk = Buffer.allocUnsafe(CHUNK)
      for (let at = start.offset; ; ) {
        const n = readSync(fd, chunk, 0, CHUNK, at)
        if (n === 0) break
        at += n
        take(scanner.push(chunk.subarray(0, n)))
      }
      closeSync(fd)
    }),
  )
}
report('read + scan from the file, 1 MiB chunks', fromFile)

if (!process.argv.includes('--keep')) unlinkSync(path)
