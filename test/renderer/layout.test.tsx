// Layout at UI.md's smallest window (720 × 480) and the error table's focus ring, checked against the
// real styles.css: what must stay readable when the window is narrow or the numbers are large.
import { act, within } from '@testing-library/react'
import { describe, expect, test, vi } from 'vitest'
import type { ImportSummary } from '../../preload/api.ts'
import { COMPACT_ROW_HEIGHT, ERROR_ROW_HEIGHT } from '../../renderer/components/ErrorTable.tsx'
import { summary } from './fake-importer.ts'
import { detail, listRow, renderApp } from './render-app.tsx'
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
  return within(detail('big.csv')).getByRole('table', { name: 'Errors in big.csv' })
}

function offsets(table: HTMLElement): number[] {
  return Array.from(table.querySelectorAll<HTMLElement>('.err-scroller [role="row"]'))
    .slice(0, 3)
    .map((row) => Number(/translateY\((\d+)px\)/.exec(row.style.transform)?.[1]))
}

describe('narrow window', () => {
  test('the line under the bar may take two lines, so time left is never cut off', async () => {
    loadStyles({ width: 720, height: 480 })
    await renderApp([big()])
    const line = detail('big.csv').querySelector<HTMLElement>('.detail-line')!
    expect(line.textContent).toContain('about 2 h 2 min left')
    expect(getComputedStyle(line).whiteSpace).toBe('normal')
    expect(getComputedStyle(line).height).toBe('44px')
  })

  test('wide, the line stays on one line', async () => {
    loadStyles({ width: 960, height: 640 })
    await renderApp([big()])
    const line = detail('big.csv').querySelector<HTMLElement>('.detail-line')!
    expect(getComputedStyle(line).whiteSpace).toBe('nowrap')
    expect(getComputedStyle(line).height).toBe('22px')
  })

  test('counts in the millions: smaller figures in the detail, labels give way in the list', async () => {
    loadStyles({ width: 720, height: 480 })
    await renderApp([big()])
    expect(getComputedStyle(detail('big.csv').querySelector('.stats dd')!).fontSize).toBe('15px')
    const counts = listRow('big.csv').querySelector<HTMLElement>('.row-counts')!
    // Two columns, read across: imported and new, then updated and errors.
    expect(getComputedStyle(counts).gridTemplateColumns).toBe('minmax(0, auto) minmax(0, auto)')
    expect(Array.from(counts.children, (span) => span.textContent)).toEqual([
      '1,304,100 imported',
      '1,271,772 new',
      '32,328 updated',
      '108,238 errors',
    ])
    expect(getComputedStyle(counts).columnGap).toBe('8px')
    expect(getComputedStyle(counts.querySelector('span')!).textOverflow).toBe('ellipsis')
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
  test('the focused error table shows its ring inside its clipped frame', async () => {
    loadStyles()
    await renderApp([big({ status: 'completed' })])
    const scroller = detail('big.csv').querySelector<HTMLElement>('.err-scroller')!
    scroller.focus()
    expect(getComputedStyle(scroller).outlineStyle).toBe('solid')
    expect(getComputedStyle(scroller).outlineOffset).toBe('-2px')
  })
})
