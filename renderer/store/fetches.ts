// Runs in the renderer: what the detail view asks main for on demand: pages of error rows, and an
// import's stored throughput.
import { importer } from '../importer.ts'
import { ERROR_PAGE_SIZE, pageNeedsFetch, withFailure, withLoading, withPage } from './errors-slice.ts'
import { useStore } from './index.ts'
import { messageOf } from './notices.ts'
import { withHistory } from './throughput-slice.ts'

const { setState, getState } = useStore

/** Fetches the pages covering rows [first, last] that are missing or short of `total`. */
export function ensureErrorRows(id: number, first: number, last: number, total: number): void {
  const cache = getState().errorPages[id]
  if (cache?.failure) return
  const need: number[] = []
  const lastIndex = Math.floor(Math.min(last, total - 1) / ERROR_PAGE_SIZE)
  for (let index = Math.floor(Math.max(0, first) / ERROR_PAGE_SIZE); index <= lastIndex; index += 1) {
    if (pageNeedsFetch(cache, index, total)) need.push(index)
  }
  if (need.length === 0) return
  setState((state) => ({ errorPages: { ...state.errorPages, [id]: withLoading(state.errorPages[id], need) } }))
  for (const index of need) {
    importer()
      .errors(id, index * ERROR_PAGE_SIZE, ERROR_PAGE_SIZE)
      .then(
        (page) =>
          setState((state) => ({ errorPages: { ...state.errorPages, [id]: withPage(state.errorPages[id], index, page.rows) } })),
        (error: unknown) =>
          setState((state) => ({
            errorPages: {
              ...state.errorPages,
              [id]: withFailure(state.errorPages[id], [index], `Some error rows could not be loaded. ${messageOf(error)}`),
            },
          })),
      )
  }
}

/** Asks main once for an import's stored throughput, and puts it before the live samples. */
export function ensureThroughputHistory(id: number): void {
  if (getState().throughputHistory[id]) return
  setState((state) => ({ throughputHistory: { ...state.throughputHistory, [id]: true } }))
  importer()
    .throughput(id)
    .then(
      (history) => setState((state) => ({ throughput: { ...state.throughput, [id]: withHistory(state.throughput[id], history) } })),
      () =>
        // The chart goes on with live samples; a later look asks again.
        setState((state) => {
          const { [id]: _forgotten, ...rest } = state.throughputHistory
          return { throughputHistory: rest }
        }),
    )
}

/** After a failed fetch: clears the failure so the table asks again. */
export function retryErrorRows(id: number): void {
  setState((state) => {
    const cache = state.errorPages[id]
    return cache ? { errorPages: { ...state.errorPages, [id]: { ...cache, failure: null } } } : {}
  })
}
