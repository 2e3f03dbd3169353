// Runs in the renderer: scrolling through content taller than the browser lays out. Chromium caps an
// element at about 33.5 million px (1.2 million error rows), so above MAX_CANVAS_HEIGHT the element
// that scrolls (the canvas) stays at the cap and the content is drawn shifted against it. A short move
// (wheel, arrow keys, Page Down) moves the content as far as the canvas moved, so no row is skipped;
// a long one (the thumb, Home, End) lands where the thumb points. Near either end the two move
// together, so the first and the last rows are exactly at the ends of the scroll range.

/** Chromium's limit counts device pixels: on a 3× screen, or zoomed, it is a third of that in CSS px. */
export const MAX_CANVAS_HEIGHT = 10_000_000
/** At each end, this much of the content moves in step with the canvas. */
const EDGE = 200_000
/**
 * How far the canvas may run ahead of where its thumb belongs before it is put back (under content
 * that stays still). Seldom, so it seldom interrupts a smooth scroll; less than EDGE, so the canvas
 * never reaches an end before the content does.
 */
const MAX_DRIFT = 100_000

export interface ScrollPosition {
  /** Where the canvas is scrolled to. */
  canvasTop: number
  /** How far the content is drawn above the canvas: the content's position is canvasTop + shift. */
  shift: number
}

export interface TallScroll {
  /** The canvas's height: the content's, up to the cap. */
  canvas: number
  /** The canvas position and shift that show the content from `contentTop`. */
  place(contentTop: number): ScrollPosition
  /**
   * Where things stand after the person scrolled the canvas from `from` to `to` with the content
   * shifted by `shift`. A canvasTop other than `to` means: put the canvas there.
   */
  follow(from: number, to: number, shift: number): ScrollPosition
}

export function tallScroll(content: number, viewport: number): TallScroll {
  const canvas = Math.min(content, MAX_CANVAS_HEIGHT)
  const canvasEnd = Math.max(0, canvas - viewport)
  const contentEnd = Math.max(0, content - viewport)
  const slack = contentEnd - canvasEnd
  // Between the edges the content runs this much faster than the canvas.
  const ratio = slack > 0 ? (contentEnd - 2 * EDGE) / (canvasEnd - 2 * EDGE) : 1
  const inStep = (contentTop: number): boolean => slack <= 0 || contentTop <= EDGE || contentTop >= contentEnd - EDGE

  const contentAt = (canvasTop: number): number => {
    if (slack <= 0 || canvasTop <= EDGE) return canvasTop
    if (canvasTop >= canvasEnd - EDGE) return canvasTop + slack
    return Math.round(EDGE + (canvasTop - EDGE) * ratio)
  }
  const place = (contentTop: number): ScrollPosition => {
    let canvasTop = contentTop
    if (slack > 0 && contentTop >= contentEnd - EDGE) canvasTop = contentTop - slack
    else if (!inStep(contentTop)) canvasTop = Math.round(EDGE + (contentTop - EDGE) / ratio)
    return { canvasTop, shift: contentTop - canvasTop }
  }

  return {
    canvas,
    place,
    follow(from, to, shift) {
      if (Math.abs(to - from) > viewport) return { canvasTop: to, shift: contentAt(to) - to }
      const contentTop = Math.min(Math.max(0, to + shift), contentEnd)
      const placed = place(contentTop)
      const drift = Math.abs(placed.canvasTop - to)
      return drift > 0 && (inStep(contentTop) || drift > MAX_DRIFT) ? placed : { canvasTop: to, shift: contentTop - to }
    },
  }
}
