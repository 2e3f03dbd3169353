// Runs in the renderer: the rejected rows of one import, virtualized. Only the rows in view (plus a
// few) exist in the DOM; pages of 200 are fetched with window.importer.errors() as the person scrolls,
// so 100,000 errors cost the same as 100, and millions scroll too (tall-scroll.ts). A grid: one tab
// stop, the arrow keys move a focused row (kept in the DOM wherever the view scrolls), and the
// focused row's whole text is written out under the table.
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react'
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

export const CODE_LABEL: Record<RowErrorCode, string> = {
  record_too_large: 'Row too large',
  field_count: 'Wrong field count',
  missing_email: 'No email',
  invalid_email: 'Invalid email',
  missing_value: 'Missing name',
}

/** A code main may add later still reads as words: "some_new_code" → "Some new code". */
export function codeLabel(code: string): string {
  return CODE_LABEL[code as RowErrorCode] ?? code.charAt(0).toUpperCase() + code.slice(1).replace(/_/g, ' ')
}

/**
 * The importer's messages start with where the row is ("Row 1,204 (line 1,206) has…", "Row 1,204,
 * line 1,206: …"); the table has columns for that, so the message starts with what is wrong.
 */
export function messageWithoutPlace(message: string): string {
  const rest = message.replace(/^Row [\d.,\s\u00a0\u202f]+(?:\(line [\d.,\s\u00a0\u202f]+\)|,\s*line [\d.,\s\u00a0\u202f]+)\s*:?\s*/, '')
  if (rest === message || rest === '') return message
  if (rest.startsWith('has no ')) return `No ${rest.slice('has no '.length)}`
  return rest.charAt(0).toUpperCase() + rest.slice(1)
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
    // Acts only when the row height changes, and then this render's tall and show are the current ones.
    // eslint-disable-next-line react-hooks/exhaustive-deps
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

  /** The focused row: the grid's one tab stop. */
  const [active, setActive] = useState(0)
  const activeIndex = Math.min(active, Math.max(0, total - 1))
  const focusRowNext = useRef(false)

  /** Scrolls just enough for row `index` to be in view, then focuses it once it is drawn. */
  const moveTo = (index: number): void => {
    const element = scroller.current
    const target = Math.max(0, Math.min(total - 1, index))
    focusRowNext.current = true
    setActive(target)
    if (!element) return
    const top = target * rowHeight
    const view = position.current.canvasTop + position.current.shift
    let want = view
    if (top < view) want = top
    else if (top + rowHeight > view + viewport) want = top + rowHeight - viewport
    if (want === view) return
    const next = tall.place(want)
    element.scrollTop = next.canvasTop
    show(next)
  }

  useLayoutEffect(() => {
    if (!focusRowNext.current) return
    focusRowNext.current = false
    scroller.current?.querySelector<HTMLElement>(`[data-row-index="${activeIndex}"]`)?.focus()
  }, [activeIndex, contentTop])

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const page = Math.max(1, Math.floor(viewport / rowHeight) - 1)
    const moves: Record<string, number> = {
      ArrowDown: activeIndex + 1,
      ArrowUp: activeIndex - 1,
      PageDown: activeIndex + page,
      PageUp: activeIndex - page,
      Home: 0,
      End: total - 1,
    }
    const to = moves[event.key]
    if (to === undefined || !(event.target as HTMLElement).matches('[role="row"]')) return
    event.preventDefault()
    moveTo(to)
  }

  const indexes: number[] = []
  for (let index = first; index <= last; index += 1) indexes.push(index)
  // The focused row stays in the DOM when the view scrolls away from it, so focus is never lost.
  if (total > 0 && (activeIndex < first || activeIndex > last)) indexes.push(activeIndex)

  const rows = indexes.map((index) => {
    const row = rowAt(cache?.pages, index)
    const message = row ? messageWithoutPlace(row.message) : ''
    return (
      <div
        key={index}
        id={`err-${id}-row-${index}`}
        className="err-row"
        role="row"
        aria-rowindex={index + 2}
        tabIndex={index === activeIndex ? 0 : -1}
        data-row-index={index}
        style={{ transform: `translateY(${index * rowHeight - shift}px)` }}
        data-loading={row ? undefined : true}
        onFocus={() => setActive(index)}
      >
        {row ? (
          <>
            <span role="gridcell" className="num">{formatCount(row.rowNumber)}</span>
            <span role="gridcell" className="num">{formatCount(row.lineNumber)}</span>
            <span role="gridcell" className="err-code" title={row.code}>{codeLabel(row.code)}</span>
            <span role="gridcell" className="err-email" title={row.email}>{row.email || '—'}</span>
            <span role="gridcell" className="err-message" title={message}>{message}</span>
          </>
        ) : (
          <>
            <span role="gridcell" className="num">{formatCount(index + 1)}</span>
            <span role="gridcell" className="err-placeholder" aria-label="Loading">
              <span />
            </span>
          </>
        )}
      </div>
    )
  })

  const activeRow = rowAt(cache?.pages, activeIndex)

  return (
    <div className="err-table" role="grid" aria-readonly="true" aria-label={label} aria-rowcount={total + 1} data-compact={compact || undefined} onKeyDown={onKeyDown}>
      <div className="err-head" role="rowgroup">
        <div className="err-row" role="row" aria-rowindex={1}>
          <span role="columnheader">Row</span>
          <span role="columnheader">Line</span>
          <span role="columnheader">Problem</span>
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
      <div ref={scroller} className="err-scroller" role="rowgroup" onScroll={onScroll}>
        <div className="err-canvas" style={{ height: `${tall.canvas}px` }}>
          {rows}
        </div>
      </div>
      {/* The focused row in full, for the columns that are cut short; screen readers have the cells. */}
      <p className="err-focused num" aria-hidden="true">
        {activeRow
          ? `Row ${formatCount(activeRow.rowNumber)} · line ${formatCount(activeRow.lineNumber)} · ${codeLabel(activeRow.code)}${activeRow.email ? ` · ${activeRow.email}` : ''}: ${messageWithoutPlace(activeRow.message)}`
          : ' '}
      </p>
    </div>
  )
}
