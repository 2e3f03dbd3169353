// Runs in the renderer: the rejected rows of one import, virtualized. Only the rows in view (plus a
// few) exist in the DOM; pages of 200 are fetched with window.importer.errors() as the person scrolls,
// so 100,000 errors cost the same as 100.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react'
import type { ImportErrorRow, RowErrorCode } from '../../preload/api.ts'
import { formatCount } from '../format.ts'
import { ensureErrorRows, retryErrorRows } from '../store/actions.ts'
import { ERROR_PAGE_SIZE } from '../store/errors-slice.ts'
import { useStore } from '../store/index.ts'

export const ERROR_ROW_HEIGHT = 28
/** Below this width the five columns leave no room for the message: each error takes two lines. */
export const COMPACT_WIDTH = 560
export const COMPACT_ROW_HEIGHT = 44
const OVERSCAN = 8
/** Until the scroller is measured (and in a DOM without layout). */
const FALLBACK_VIEWPORT = 320
/** Never render more than a tall screen's worth, whatever the layout says. */
const MAX_VIEWPORT = 2400

const CODE_LABEL: Record<RowErrorCode, string> = {
  record_too_large: 'Row too large',
  field_count: 'Wrong field count',
  missing_email: 'No email',
  invalid_email: 'Invalid email',
  missing_value: 'Missing name',
}

function rowAt(pages: Readonly<Record<number, readonly ImportErrorRow[]>> | undefined, index: number) {
  return pages?.[Math.floor(index / ERROR_PAGE_SIZE)]?.[index % ERROR_PAGE_SIZE]
}

export function ErrorTable({ id, total, label }: { id: number; total: number; label: string }) {
  const scroller = useRef<HTMLDivElement>(null)
  const [scrollTop, setScrollTop] = useState(0)
  const [viewport, setViewport] = useState(FALLBACK_VIEWPORT)
  const [compact, setCompact] = useState(false)
  const rowHeight = compact ? COMPACT_ROW_HEIGHT : ERROR_ROW_HEIGHT
  const cache = useStore((s) => s.errorPages[id])
  /** Where to scroll once the rows have their new height (the canvas must have grown first). */
  const pendingTop = useRef<number | null>(null)

  useLayoutEffect(() => {
    const element = scroller.current
    if (!element) return
    let wasCompact = false
    const measure = (): void => {
      setViewport(element.clientHeight > 0 ? Math.min(element.clientHeight, MAX_VIEWPORT) : FALLBACK_VIEWPORT)
      const nowCompact = element.clientWidth > 0 && element.clientWidth < COMPACT_WIDTH
      if (nowCompact === wasCompact) return
      // Keep the same error at the top when the rows change height.
      const [from, to] = nowCompact ? [ERROR_ROW_HEIGHT, COMPACT_ROW_HEIGHT] : [COMPACT_ROW_HEIGHT, ERROR_ROW_HEIGHT]
      const top = Math.floor(element.scrollTop / from) * to
      wasCompact = nowCompact
      pendingTop.current = top
      setCompact(nowCompact)
      setScrollTop(top)
    }
    measure()
    if (typeof ResizeObserver === 'undefined') return
    const observer = new ResizeObserver(measure)
    observer.observe(element)
    return () => observer.disconnect()
  }, [])

  useLayoutEffect(() => {
    const element = scroller.current
    if (element && pendingTop.current !== null) element.scrollTop = pendingTop.current
    pendingTop.current = null
  }, [compact])

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN)
  const last = Math.min(total - 1, Math.ceil((scrollTop + viewport) / rowHeight) + OVERSCAN)

  useEffect(() => {
    if (total > 0) ensureErrorRows(id, first, last, total)
  }, [id, first, last, total, cache?.failure])

  const onScroll = useCallback(() => {
    const element = scroller.current
    // Quantized to whole rows: scrolling within a row renders nothing.
    if (element) setScrollTop(Math.floor(element.scrollTop / rowHeight) * rowHeight)
  }, [rowHeight])

  const rows = []
  for (let index = first; index <= last; index += 1) {
    const row = rowAt(cache?.pages, index)
    rows.push(
      <div
        key={index}
        className="err-row"
        role="row"
        aria-rowindex={index + 2}
        style={{ transform: `translateY(${index * rowHeight}px)` }}
        data-loading={row ? undefined : true}
      >
        {row ? (
          <>
            <span role="cell" className="num">{formatCount(row.rowNumber)}</span>
            <span role="cell" className="num">{formatCount(row.lineNumber)}</span>
            <span role="cell" className="err-code" title={CODE_LABEL[row.code] ?? row.code}>{row.code}</span>
            <span role="cell" className="err-email" title={row.email}>{row.email || '—'}</span>
            <span role="cell" className="err-message" title={row.message}>{row.message}</span>
          </>
        ) : (
          <>
            <span role="cell" className="num">{formatCount(index + 1)}</span>
            <span role="cell" className="err-placeholder" aria-label="Loading">
              <span />
            </span>
          </>
        )}
      </div>,
    )
  }

  return (
    <div className="err-table" role="table" aria-label={label} aria-rowcount={total + 1} data-compact={compact || undefined}>
      <div className="err-head" role="rowgroup">
        <div className="err-row" role="row" aria-rowindex={1}>
          <span role="columnheader">Row</span>
          <span role="columnheader">Line</span>
          <span role="columnheader">Code</span>
          <span role="columnheader">Email</span>
          <span role="columnheader">Message</span>
        </div>
      </div>
      {cache?.failure && (
        <div className="err-failure" role="alert">
          {cache.failure}{' '}
          <button type="button" className="link-button" onClick={() => retryErrorRows(id)}>
            Try again
          </button>
        </div>
      )}
      <div
        ref={scroller}
        className="err-scroller"
        role="rowgroup"
        tabIndex={0}
        aria-label={`${label}, ${formatCount(total)} rows; use the arrow keys to scroll`}
        onScroll={onScroll}
      >
        <div className="err-canvas" style={{ height: `${total * rowHeight}px` }}>
          {rows}
        </div>
      </div>
    </div>
  )
}
