// Layout at UI.md's smallest window (720 × 480) and the error table's focus ring, checked against the
// real styles.css: what must stay readable when the window is narrow or the numbers are large.
import { act, within } from '@testing-library/react'
import { describe, expect, test, vi } from 'vitest'
import type { ImportSummary } from '../../preload/api.ts'
import { COMPACT_ROW_HEIGHT, ERROR_ROW_HEIGHT } from '../../renderer/components/ErrorTable.tsx'
import { summary } from './fake-importer.ts'
import { detail, renderApp } from './render-app.tsx'
import { loadStyles } from './styles.ts'

const big = (overrides: Partial<ImportSummary> = {}): ImportSummary =>
  summary({
    id: 1,
    fileName: 'big.csv',
    status: 'processing',
    totalRows: 5_000_000,
    rowsRead: 1_412_338,
    processedCount: 1_304_100,
    createdCount: 1_271_772,
    updatedCount: 32_328,
    errorCount: 108_238,
    rowsPerSecond: 180_000,
    secondsLeft: 7_320,
    ...overrides,
  })

/** The error table as laid out in a pane of `width` px (happy-dom has no layout of its own). */
async function tableAt(width: number): Promise<HTMLElement> {
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(width)
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(300)
  await renderApp([big({ status: 'completed' })])
  await act(async () => {})
  return within(detail('big.csv')).getByRole('grid', { name: 'Errors in big.csv' })
}

function offsets(table: HTMLElement): number[] {
  return Array.from(table.querySelectorAll<HTMLElement>('.err-scroller [role="row"]'))
    .slice(0, 3)
    .map((row) => Number(/translateY\((\d+)px\)/.exec(row.style.transform)?.[1]))
}

describe('narrow window', () => {
  test('below 640 CSS px the window is one column: the list, then the detail, scrolling as one page', async () => {
    loadStyles({ width: 576, height: 384 })
    await renderApp([big()])
    const split = document.querySelector<HTMLElement>('.split')!
    expect(getComputedStyle(split).display).toBe('block')
    expect(getComputedStyle(document.querySelector('.main')!).overflowY).toBe('auto')
    // The error rows keep a height of their own to scroll in.
    expect(getComputedStyle(detail('big.csv').querySelector('.detail-section.errors')!).height).toBe('340px')
  })

  test('from 640 CSS px, two columns', async () => {
    loadStyles({ width: 960, height: 640 })
    await renderApp([big()])
    expect(getComputedStyle(document.querySelector('.split')!).display).toBe('grid')
  })

  test('time left is the headline and may wrap; the step line too', async () => {
    loadStyles({ width: 720, height: 480 })
    await renderApp([big()])
    const headline = detail('big.csv').querySelector<HTMLElement>('.detail-headline')!
    expect(headline.textContent).toBe('About 2 h 2 min left')
    expect(getComputedStyle(headline).fontSize).toBe('20px')
    expect(getComputedStyle(headline).whiteSpace).not.toBe('nowrap')
    expect(getComputedStyle(headline).textOverflow).not.toBe('ellipsis')
    expect(getComputedStyle(detail('big.csv').querySelector('.detail-line')!).whiteSpace).not.toBe('nowrap')
  })

  test('counters in the millions never run together: each keeps its label, they wrap between counters', async () => {
    loadStyles({ width: 720, height: 480 })
    await renderApp([big()])
    const stats = detail('big.csv').querySelector<HTMLElement>('.stats')!
    expect(getComputedStyle(stats).flexWrap).toBe('wrap')
    expect(getComputedStyle(stats).gap).toBe('2px 20px')
    const counters = Array.from(stats.children as HTMLCollectionOf<HTMLElement>)
    expect(counters.map((counter) => getComputedStyle(counter).whiteSpace)).toEqual(['nowrap', 'nowrap', 'nowrap', 'nowrap'])
    expect(counters.map((counter) => counter.textContent)).toEqual([
      'Imported1,304,100',
      'New1,271,772',
      'Updated32,328',
      'Errors108,238',
    ])
    expect(getComputedStyle(counters[0]).gap).toBe('6px')
  })

  test('errors are not red during a normal import', async () => {
    loadStyles()
    await renderApp([big()])
    const errors = Array.from(detail('big.csv').querySelectorAll<HTMLElement>('.stats dd')).at(-1)!
    const text = getComputedStyle(document.documentElement).getPropertyValue('--text').trim()
    expect(getComputedStyle(errors).color).toBe(text)
  })

  test('error table in a narrow pane: two-line rows (code and message under row, line and email)', async () => {
    const table = await tableAt(400)
    expect(table.hasAttribute('data-compact')).toBe(true)
    expect(offsets(table)).toEqual([0, COMPACT_ROW_HEIGHT, 2 * COMPACT_ROW_HEIGHT])
    expect(table.querySelector<HTMLElement>('.err-canvas')!.style.height).toBe(`${108_238 * COMPACT_ROW_HEIGHT}px`)
  })

  test('error table in a wide pane: one line per error', async () => {
    const table = await tableAt(600)
    expect(table.hasAttribute('data-compact')).toBe(false)
    expect(offsets(table)).toEqual([0, ERROR_ROW_HEIGHT, 2 * ERROR_ROW_HEIGHT])
  })
})

describe('focus ring', () => {
  test('a focused error row shows its ring inside the table’s clipped frame', async () => {
    loadStyles()
    await renderApp([big({ status: 'completed' })])
    await act(async () => {})
    const row = detail('big.csv').querySelector<HTMLElement>('.err-scroller [role="row"][tabindex="0"]')!
    row.focus()
    expect(getComputedStyle(row).outlineOffset).toBe('-2px')
  })
})
