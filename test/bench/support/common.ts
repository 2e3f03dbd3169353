// Shared helpers of the benchmarks: options, temp dirs that are always cleaned up, statistics and
// plain-text tables. Benchmarks print numbers; they never assert timings.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** `--name N`, `--name=N`, else env[envName], else the fallback. */
export function numberOption(argv: readonly string[], name: string, envName: string | null, fallback: number): number {
  const raw = stringOption(argv, name) ?? (envName ? process.env[envName] : undefined)
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw.replaceAll('_', ''))
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} takes a positive number, not ${raw}`)
  return value
}

export function stringOption(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === `--${name}`) return argv[i + 1]
    if (argv[i].startsWith(`--${name}=`)) return argv[i].slice(name.length + 3)
  }
  return undefined
}

export function hasFlag(argv: readonly string[], name: string): boolean {
  return argv.includes(`--${name}`)
}

// ---- temp dirs ------------------------------------------------------------------------------

const made = new Set<string>()
let hooked = false

function removeAll(): void {
  for (const dir of made) rmSync(dir, { recursive: true, force: true })
  made.clear()
}

/** A fresh directory under os.tmpdir(), removed by removeTemp() or at exit (also on Ctrl-C). */
export function makeTemp(prefix: string): string {
  if (!hooked) {
    hooked = true
    process.on('exit', removeAll)
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.on(signal, () => {
        removeAll()
        process.exit(130)
      })
    }
  }
  const dir = mkdtempSync(join(tmpdir(), `importer-bench-${prefix}-`))
  made.add(dir)
  return dir
}

export function removeTemp(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
  made.delete(dir)
}

// ---- tools ----------------------------------------------------------------------------------

/** Debian's sqlite3 CLI (apt-get install -y sqlite3), overridable with SQLITE3. */
export function sqlite3Path(): string {
  const path = process.env.SQLITE3 ?? '/usr/bin/sqlite3'
  if (!existsSync(path)) throw new Error(`${path} is missing: apt-get install -y sqlite3 (or set SQLITE3)`)
  return path
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

// ---- statistics -----------------------------------------------------------------------------

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** Nearest-rank percentile (p in 0..100): with 50 samples p99 is the maximum. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length))
  return sorted[Math.min(sorted.length, rank) - 1]
}

export interface Distribution {
  n: number
  p50: number
  p95: number
  p99: number
  max: number
  min: number
}

export function distribution(values: readonly number[]): Distribution {
  return {
    n: values.length,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    max: values.length ? Math.max(...values) : Number.NaN,
    min: values.length ? Math.min(...values) : Number.NaN,
  }
}

// ---- formatting -----------------------------------------------------------------------------

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })

export const fmtInt = (n: number): string => (Number.isFinite(n) ? integer.format(n) : '–')
export const fmtMs = (ms: number, digits = 1): string => (Number.isFinite(ms) ? `${ms.toFixed(digits)} ms` : '–')
export const fmtS = (ms: number): string => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : '–')
export const fmtMb = (kb: number | null | undefined): string => (kb ? `${(kb / 1024).toFixed(1)} MB` : '–')
export const fmtRatio = (r: number): string => (Number.isFinite(r) ? `${r.toFixed(2)}×` : '–')

/** A left-aligned first column, the others right-aligned. */
export function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd()
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

export function printTable(title: string, headers: readonly string[], rows: ReadonlyArray<readonly string[]>): void {
  console.log(`\n${title}\n${table(headers, rows)}`)
}

export function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`)
}

/** One line of context every report starts with: where and on what it ran. */
export async function machineLine(): Promise<string> {
  const os = await import('node:os')
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ')
  return `node ${process.version} · ${os.cpus().length} cpu (${os.cpus()[0]?.model ?? '?'}) · load ${load} · tmp ${tmpdir()}`
}
