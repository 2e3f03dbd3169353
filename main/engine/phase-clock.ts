// Opt-in accounting of where a running job spends its time, by named phase (benchmarks only).
// Off unless startPhaseClock() was called: then phaseStart() is one null test and returns a
// constant, and phaseEnd() returns at its first line, so the marks cost nothing measurable.

export interface PhaseTotal {
  /** Sum of the phase's intervals, ms. */
  ms: number
  /** Number of intervals. */
  count: number
}

interface Running {
  ns: bigint
  count: number
}

let totals: Map<string, Running> | null = null

/** Starts (or restarts, from zero) gathering phase times in this process. */
export function startPhaseClock(): void {
  totals = new Map()
}

/** Stops gathering and returns the totals by phase, in the order phases first ended. */
export function stopPhaseClock(): Record<string, PhaseTotal> {
  const result: Record<string, PhaseTotal> = {}
  for (const [phase, { ns, count }] of totals ?? []) result[phase] = { ms: Number(ns) / 1e6, count }
  totals = null
  return result
}

/** The start of an interval, for phaseEnd(); 0n when the clock is off. */
export function phaseStart(): bigint {
  return totals === null ? 0n : process.hrtime.bigint()
}

/** Whether the clock is gathering: work done in another thread times itself only then. */
export function phaseClockRunning(): boolean {
  return totals !== null
}

/** Adds the interval since `started` to `phase`. */
export function phaseEnd(phase: string, started: bigint): void {
  if (totals === null || started === 0n) return // 0n: started before the clock was
  phaseAdd(phase, process.hrtime.bigint() - started)
}

/** Adds an interval measured elsewhere (another thread) to `phase`. */
export function phaseAdd(phase: string, elapsed: bigint): void {
  if (totals === null) return
  const total = totals.get(phase)
  if (total) {
    total.ns += elapsed
    total.count++
  } else {
    totals.set(phase, { ns: elapsed, count: 1 })
  }
}
