// Runs in the renderer: pages of error rows fetched with window.importer.errors() as the table scrolls.
import type { ImportErrorRow } from '../../preload/api.ts'

export const ERROR_PAGE_SIZE = 200
/** Pages kept per import; the ones farthest from where the person looks are dropped first. */
export const MAX_CACHED_PAGES = 50

export interface ErrorCache {
  /** By page index (offset / ERROR_PAGE_SIZE). The last page may be partial while errors still arrive. */
  pages: Readonly<Record<number, readonly ImportErrorRow[]>>
  loading: Readonly<Record<number, true>>
  /** Set when a fetch failed; the table offers to try again. */
  failure: string | null
}

export interface ErrorsSlice {
  errorPages: Readonly<Record<number, ErrorCache>>
}

export const initialErrors: ErrorsSlice = { errorPages: {} }

export const emptyErrorCache: ErrorCache = { pages: {}, loading: {}, failure: null }

/** Whether page `index` must be (re)fetched to show `total` errors. */
export function pageNeedsFetch(cache: ErrorCache | undefined, index: number, total: number): boolean {
  if (!cache) return true
  if (cache.loading[index]) return false
  const rows = cache.pages[index]
  if (!rows) return true
  const expected = Math.min(ERROR_PAGE_SIZE, total - index * ERROR_PAGE_SIZE)
  return rows.length < expected
}

export function withLoading(cache: ErrorCache | undefined, indexes: readonly number[]): ErrorCache {
  const base = cache ?? emptyErrorCache
  const loading: Record<number, true> = { ...base.loading }
  for (const index of indexes) loading[index] = true
  return { ...base, loading, failure: null }
}

export function withPage(cache: ErrorCache | undefined, index: number, rows: readonly ImportErrorRow[]): ErrorCache {
  const base = cache ?? emptyErrorCache
  const pages: Record<number, readonly ImportErrorRow[]> = { ...base.pages, [index]: rows }
  const keys = Object.keys(pages).map(Number)
  if (keys.length > MAX_CACHED_PAGES) {
    keys.sort((a, b) => Math.abs(b - index) - Math.abs(a - index))
    for (const key of keys.slice(0, keys.length - MAX_CACHED_PAGES)) delete pages[key]
  }
  const loading: Record<number, true> = { ...base.loading }
  delete loading[index]
  return { pages, loading, failure: base.failure }
}

export function withFailure(cache: ErrorCache | undefined, indexes: readonly number[], message: string): ErrorCache {
  const base = cache ?? emptyErrorCache
  const loading: Record<number, true> = { ...base.loading }
  for (const index of indexes) delete loading[index]
  return { ...base, loading, failure: message }
}
