// Runs in the renderer: the rejected rows of one import, virtualized. Only the rows in view (plus a
// few) exist in the DOM; pages of 200 are fetched with window.importer.errors() as the person scrolls,
// so 100,000 errors cost the same as 100, and millions scroll too (tall-scroll.ts).
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { flushSync } from 'react-dom'
import type { ImportErrorRow, RowErrorCode } from '../../preload/api.ts'
import { formatCount } from '../format.ts'
import { ensureErrorRows, retryErrorRows } from '../store/actions.ts'
import { ERROR_PAGE_SIZE } from '../store/errors-slice.ts'
import { useStore } from '../store/index.ts'
import { tallScroll, type ScrollPosition } from '../tall-scroll.ts'

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
  const [viewport, setViewport] = useState(FALLBACK_VIEWPORT)
  const [compact, setCompact] = useState(false)
  const rowHeight = compact ? COMPACT_ROW_HEIGHT : ERROR_ROW_HEIGHT
  const tall = useMemo(() => tallScroll(total * rowHeight, viewport), [total, rowHeight, viewport])
  /** The content's scroll position, quantized to whole rows: scrolling within a row renders nothing. */
  const [contentTop, setContentTop] = useState(0)
  /** How far the rows are drawn above the canvas (tall-scroll.ts); 0 while they fit under its cap. */
  const [shift, setShift] = useState(0)
  /** As last seen or set; read by the next scroll event, which may come before React renders again. */
  const position = useRef<ScrollPosition>({ canvasTop: 0, shift: 0 })
  const cache = useStore((s) => s.errorPages[id])

  const show = (next: ScrollPosition): void => {
    position.current = next
    setShift(next.shift)
    setContentTop(Math.floor((next.canvasTop + next.shift) / rowHeight) * rowHeight)
  }

  useLayoutEffect(() => {
    const element = scroller.current
    if (!element) return
    const measure = (): void => {
      setViewport(element.clientHeight > 0 ? Math.min(element.clientHeight, MAX_VIEWPORT) : FALLBACK_VIEWPORT)
      setCompact(element.clientWidth > 0 && element.clientWidth < COMPACT_WIDTH)
    }
    measure()
    if (typeof ResizeObserver === 'undefined') return
    const observer = new ResizeObserver(measure)
    observer.observe(element)
    return () => observer.disconnect()
  }, [])

  // Keep the same error at the top when the rows change height. The canvas has its new height by now,
  // and the rows are drawn again before the window is painted.
  const drawnRowHeight = useRef(rowHeight)
  useLayoutEffect(() => {
    const element = scroller.current
    const from = drawnRowHeight.current
    drawnRowHeight.current = rowHeight
    if (!element || from === rowHeight) return
    const { canvasTop, shift: before } = position.current
    const next = tall.place(Math.floor((canvasTop + before) / from) * rowHeight)
    element.scrollTop = next.canvasTop
    show(next)
  }, [rowHeight])

  const first = Math.max(0, Math.floor(contentTop / rowHeight) - OVERSCAN)
  const last = Math.min(total - 1, Math.ceil((contentTop + viewport) / rowHeight) + OVERSCAN)

  useEffect(() => {
    if (total > 0) ensureErrorRows(id, first, last, total)
  }, [id, first, last, total, cache?.failure])

  const onScroll = (): void => {
    const element = scroller.current
    if (!element) return
    const to = element.scrollTop
    const next = tall.follow(position.current.canvasTop, to, position.current.shift)
    if (next.canvasTop === to) {
      show(next)
      return
    }
    // The canvas goes back under content that stays put: the rows move by the same amount, in the
    // same frame.
    flushSync(() => show(next))
    element.scrollTop = next.canvasTop
  }

  const rows = []
  for (let index = first; index <= last; index += 1) {
    const row = rowAt(cache?.pages, index)
    rows.push(
      <div
        key={index}
        className="err-row"
        role="row"
        aria-rowindex={index + 2}
        style={{ transform: `translateY(${index * rowHeight - shift}px)` }}
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
        <div className="err-canvas" style={{ height: `${tall.canvas}px` }}>
          {rows}
        </div>
      </div>
    </div>
  )
}
