// Runs in the renderer: every import by id and their order, newest first. Updates replace only the
// entries they touch, so a row that selects `imports[id]` re-renders only for its own import.
import type { ImportSummary } from '../../preload/api.ts'

export interface ImportsSlice {
  imports: Readonly<Record<number, ImportSummary>>
  /** Ids, newest first. Keeps its identity until an import is added. */
  order: readonly number[]
}

export const initialImports: ImportsSlice = { imports: {}, order: [] }

function newestFirst(imports: Readonly<Record<number, ImportSummary>>) {
  return (a: number, b: number): number => {
    const created = (imports[b]?.createdAt ?? 0) - (imports[a]?.createdAt ?? 0)
    return created !== 0 ? created : b - a
  }
}

export function replaceImports(list: readonly ImportSummary[]): ImportsSlice {
  const imports: Record<number, ImportSummary> = {}
  for (const summary of list) imports[summary.id] = summary
  const order = Object.keys(imports).map(Number).sort(newestFirst(imports))
  return { imports, order }
}

/** Without the removed imports; the order keeps the rest as it was. */
export function withoutImports(slice: ImportsSlice, ids: readonly number[]): ImportsSlice {
  const gone = new Set(ids)
  const imports: Record<number, ImportSummary> = {}
  for (const [key, summary] of Object.entries(slice.imports)) if (!gone.has(Number(key))) imports[Number(key)] = summary
  return { imports, order: slice.order.filter((id) => !gone.has(id)) }
}

export function mergeImports(slice: ImportsSlice, updates: readonly ImportSummary[]): ImportsSlice {
  if (updates.length === 0) return slice
  const imports: Record<number, ImportSummary> = { ...slice.imports }
  let added = false
  for (const update of updates) {
    if (!(update.id in imports)) added = true
    imports[update.id] = update
  }
  const order = added ? Object.keys(imports).map(Number).sort(newestFirst(imports)) : slice.order
  return { imports, order }
}
