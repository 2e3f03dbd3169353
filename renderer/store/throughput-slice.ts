// Runs in the renderer: rows/s samples per import for the throughput chart: the history main keeps
// in SQLite (so a relaunch shows what came before), then the updates this window receives. A null
// value is a break in the line (paused, stopped, or nothing for a while, e.g. the app was closed).
import type { ThroughputPoint } from '../../preload/api.ts'

export interface Sample {
  /** Epoch ms when the update arrived. */
  t: number
  /** Rows per second; null marks a gap. */
  v: number | null
}

export interface ThroughputSlice {
  throughput: Readonly<Record<number, readonly Sample[]>>
  /** Imports whose history has been asked for (loaded, or on its way). */
  throughputHistory: Readonly<Record<number, true>>
}

export const initialThroughput: ThroughputSlice = { throughput: {}, throughputHistory: {} }

/** Beyond this many samples, neighbours are merged pairwise so a long import costs bounded memory. */
export const MAX_SAMPLES = 600
/** No sample for this long while running counts as a gap. */
export const GAP_MS = 3000

function halve(samples: readonly Sample[]): Sample[] {
  const out: Sample[] = []
  for (let i = 0; i < samples.length; i += 2) {
    const a = samples[i]
    const b = samples[i + 1]
    if (!b) out.push(a)
    else if (a.v === null || b.v === null) out.push({ t: a.v === null ? a.t : b.t, v: null })
    else out.push({ t: a.t, v: (a.v + b.v) / 2 })
  }
  return out
}

/** Appends a running sample (v) or a break (null), returning a new array. */
export function addSample(samples: readonly Sample[] | undefined, t: number, v: number | null): readonly Sample[] {
  const list = samples ? [...samples] : []
  const last = list[list.length - 1]
  if (v === null) {
    if (!last || last.v === null) return samples ?? list
    list.push({ t, v: null })
  } else {
    if (last && last.v !== null && t - last.t > GAP_MS) list.push({ t: last.t + 1, v: null })
    list.push({ t, v })
  }
  return list.length > MAX_SAMPLES ? halve(list) : list
}

/** The stored history, then the live samples that came after it, within MAX_SAMPLES. */
export function withHistory(live: readonly Sample[] | undefined, history: readonly ThroughputPoint[]): readonly Sample[] {
  let list: Sample[] = history.map((point) => ({ t: point.at, v: point.rowsPerSecond }))
  while (list.length > MAX_SAMPLES) list = halve(list)
  const lastStored = list.length > 0 ? list[list.length - 1].t : Number.NEGATIVE_INFINITY
  let merged: readonly Sample[] = list
  for (const sample of live ?? []) if (sample.t > lastStored) merged = addSample(merged, sample.t, sample.v)
  return merged
}
