// Functions that run inside the page (serialized by Playwright, so each is self-contained): what the
// layout and contrast tests measure. The Node tsconfig that checks test/ has no DOM lib, hence the
// few DOM shapes below.

interface Box {
  left: number
  top: number
  right: number
  bottom: number
  width: number
  height: number
}

interface Style {
  overflowX: string
  overflowY: string
  visibility: string
  display: string
  color: string
  backgroundColor: string
  borderTopColor: string
  borderTopWidth: string
  stroke: string
  getPropertyValue(name: string): string
}

interface El {
  readonly tagName: string
  readonly id: string
  readonly className: unknown
  readonly parentElement: El | null
  readonly childNodes: ArrayLike<TextNodeLike>
  readonly textContent: string | null
  getBoundingClientRect(): Box
  getAttribute(name: string): string | null
  closest(selector: string): El | null
  querySelector(selector: string): El | null
  querySelectorAll(selector: string): ArrayLike<El>
  matches(selector: string): boolean
  readonly scrollWidth: number
  readonly clientWidth: number
}

interface TextNodeLike {
  readonly nodeType: number
  readonly textContent: string | null
}

interface Win {
  document: {
    documentElement: El
    body: El
    getElementById(id: string): El | null
    createRange(): { selectNodeContents(node: TextNodeLike): void; getClientRects(): ArrayLike<Box> }
  }
  getComputedStyle(element: El): Style
  innerWidth: number
  innerHeight: number
}

/**
 * What does not fit the window: elements reaching past its right or left edge, elements cut by a
 * clipping ancestor at the side (a button half outside its card), text boxes that overlap each other
 * (counters running together, labels on labels), and the heading of the selected import cut short.
 */
export function layoutProblems(): string[] {
  const w = globalThis as unknown as Win
  const doc = w.document
  const width = doc.documentElement.clientWidth
  const problems: string[] = []
  const describe = (el: El): string => {
    const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : ''
    const text = (el.textContent ?? '').trim().slice(0, 40)
    return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${cls} "${text}"`
  }
  if (doc.documentElement.scrollWidth > width) problems.push(`the page scrolls sideways: ${doc.documentElement.scrollWidth} > ${width}`)

  // A closed <details> keeps its content laid out where it last was, but does not show it.
  const skipped = (el: El): boolean => el.closest('.sr-only, svg, [hidden], details:not([open]) > :not(summary)') !== null
  const shown = (el: El, box: Box): boolean => {
    const style = w.getComputedStyle(el)
    return box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && style.display !== 'none'
  }
  /** The part of the window an element can paint in: the window, cut by every clipping ancestor. */
  const clipOf = (el: El): Box => {
    let clip = { left: 0, top: -1e9, right: width, bottom: 1e9, width: 0, height: 0 }
    for (let a = el.parentElement; a; a = a.parentElement) {
      const style = w.getComputedStyle(a)
      const clipsX = style.overflowX !== 'visible'
      const clipsY = style.overflowY !== 'visible'
      if (!clipsX && !clipsY) continue
      const box = a.getBoundingClientRect()
      clip = {
        ...clip,
        left: clipsX ? Math.max(clip.left, box.left) : clip.left,
        right: clipsX ? Math.min(clip.right, box.right) : clip.right,
        top: clipsY ? Math.max(clip.top, box.top) : clip.top,
        bottom: clipsY ? Math.min(clip.bottom, box.bottom) : clip.bottom,
      }
    }
    return clip
  }

  const all = doc.body.querySelectorAll('*')
  const texts: { box: Box; owner: El; index: number }[] = []
  for (let i = 0; i < all.length; i++) {
    const el = all[i]
    if (skipped(el)) continue
    const box = el.getBoundingClientRect()
    if (!shown(el, box)) continue
    const clip = clipOf(el)
    const visibleHeight = Math.min(box.bottom, clip.bottom) - Math.max(box.top, clip.top)
    if (visibleHeight <= 0) continue
    if (box.right > clip.right + 1 || box.left < clip.left - 1) {
      problems.push(`${describe(el)} is cut at the side: ${Math.round(box.left)}–${Math.round(box.right)} in ${Math.round(clip.left)}–${Math.round(clip.right)}`)
    }
    for (let n = 0; n < el.childNodes.length; n++) {
      const node = el.childNodes[n]
      if (node.nodeType !== 3 || !(node.textContent ?? '').trim()) continue
      const range = doc.createRange()
      range.selectNodeContents(node)
      const rects = range.getClientRects()
      for (let r = 0; r < rects.length; r++) {
        const rect = rects[r]
        const left = Math.max(rect.left, clip.left)
        const right = Math.min(rect.right, clip.right)
        const top = Math.max(rect.top, clip.top)
        const bottom = Math.min(rect.bottom, clip.bottom)
        if (right - left > 0 && bottom - top > 0) texts.push({ box: { left, right, top, bottom, width: right - left, height: bottom - top }, owner: el, index: texts.length })
      }
    }
  }
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      // The boxes of one element's text (a line and its ellipsis) are one text.
      if (texts[i].owner === texts[j].owner) continue
      const a = texts[i].box
      const b = texts[j].box
      const x = Math.min(a.right, b.right) - Math.max(a.left, b.left)
      const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top)
      if (x > 2 && y > 2) problems.push(`text overlaps: ${describe(texts[i].owner)} and ${describe(texts[j].owner)}`)
    }
  }
  const title = doc.body.querySelector('.detail-title')
  if (title && title.scrollWidth > title.clientWidth + 1) problems.push(`the title is cut short: ${describe(title)}`)
  return problems
}

/**
 * Non-text contrast (WCAG 1.4.11) of what identifies a control: each progress track's edge against
 * what is around it (a selected row too) and its fill against the track, secondary button borders
 * against their surroundings, the chart's gap band against the chart. Every measured pair with its
 * ratio.
 */
export function nonTextContrast(): { what: string; ratio: number }[] {
  const w = globalThis as unknown as Win
  const doc = w.document
  const parse = (color: string): [number, number, number, number] => {
    const srgb = /color\(srgb ([\d.]+) ([\d.]+) ([\d.]+)(?: \/ ([\d.]+))?\)/.exec(color)
    if (srgb) return [Number(srgb[1]) * 255, Number(srgb[2]) * 255, Number(srgb[3]) * 255, srgb[4] === undefined ? 1 : Number(srgb[4])]
    const rgb = /rgba?\(([\d.]+),? ([\d.]+),? ([\d.]+)(?:,? \/? ?([\d.]+))?\)/.exec(color)
    if (!rgb) throw new Error(`unparsed color ${color}`)
    return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3]), rgb[4] === undefined ? 1 : Number(rgb[4])]
  }
  const luminance = ([r, g, b]: number[]): number => {
    const f = (c: number): number => {
      const s = c / 255
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
    }
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b)
  }
  const ratio = (a: string, b: string): number => {
    const [la, lb] = [luminance(parse(a)), luminance(parse(b))]
    return Math.round(((Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05)) * 100) / 100
  }
  /** The first opaque background at or above an element. */
  const backgroundOf = (start: El | null): string => {
    for (let el = start; el; el = el.parentElement) {
      const color = w.getComputedStyle(el).backgroundColor
      if (parse(color)[3] > 0.99) return color
    }
    return 'rgb(255, 255, 255)'
  }
  const out: { what: string; ratio: number }[] = []
  const bars = doc.body.querySelectorAll('.bar')
  for (let i = 0; i < bars.length; i++) {
    const bar = bars[i]
    const style = w.getComputedStyle(bar)
    const where = bar.closest('.row') ? `the bar of ${bar.getAttribute('aria-label')}${bar.closest('[data-selected]') ? ' (selected)' : ''}` : 'the detail bar'
    const edge = Number.parseFloat(style.borderTopWidth) >= 1 ? style.borderTopColor : style.backgroundColor
    out.push({ what: `${where}: track edge against its background`, ratio: ratio(edge, backgroundOf(bar.parentElement)) })
    const fill = bar.querySelector('.bar-fill')
    if (fill) out.push({ what: `${where}: fill against the track`, ratio: ratio(w.getComputedStyle(fill).backgroundColor, style.backgroundColor) })
  }
  const buttons = doc.body.querySelectorAll('.button:not(.primary):not(.danger)')
  for (let i = 0; i < buttons.length; i++) {
    const button = buttons[i]
    const style = w.getComputedStyle(button)
    out.push({ what: `the border of "${(button.textContent ?? '').trim()}"`, ratio: ratio(style.borderTopColor, backgroundOf(button.parentElement)) })
  }
  const gaps = doc.body.querySelectorAll('.chart-gap')
  for (let i = 0; i < gaps.length; i++) {
    const gap = gaps[i]
    const fill = gap.getAttribute('fill')
    const pattern = fill ? /url\(#([^)]+)\)/.exec(fill) : null
    const paint = pattern ? w.getComputedStyle(doc.getElementById(pattern[1])?.querySelector('*') as El).stroke : w.getComputedStyle(gap).getPropertyValue('fill')
    out.push({ what: 'the chart’s gap band against the chart', ratio: ratio(paint, backgroundOf(gap.closest('.chart-plot'))) })
  }
  return out
}
