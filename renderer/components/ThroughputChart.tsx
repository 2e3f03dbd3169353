// Runs in the renderer: rows/s over time as an SVG line, with gaps where the import was paused or the
// window heard nothing (closed). Fixed height from the start, so nothing below it moves.
import type { ImportStatus } from '../../preload/api.ts'
import { formatDuration, formatRate } from '../format.ts'
import { isFinished, isRunning } from '../import-view.ts'
import { useEffect, useId } from 'react'
import { ensureThroughputHistory } from '../store/actions.ts'
import { useStore } from '../store/index.ts'
import type { Sample } from '../store/throughput-slice.ts'

const WIDTH = 1000
const HEIGHT = 100
/** The line grows from the left for this long before the chart starts to compress. */
const MIN_SPAN_MS = 30_000

function niceCeiling(value: number): number {
  if (value <= 0) return 1
  const magnitude = 10 ** Math.floor(Math.log10(value))
  for (const step of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (value <= step * magnitude) return step * magnitude
  return 10 * magnitude
}

interface Geometry {
  lines: string[]
  areas: string[]
  gaps: { x: number; width: number }[]
  peak: number
  current: number | null
  span: number
  scale: number
}

export function chartGeometry(samples: readonly Sample[]): Geometry | null {
  const points = samples.filter((s) => s.v !== null)
  if (points.length === 0) return null
  const first = samples[0].t
  const lastT = samples[samples.length - 1].t
  const span = Math.max(lastT - first, MIN_SPAN_MS)
  const peak = Math.max(...points.map((s) => s.v ?? 0))
  const scale = niceCeiling(peak * 1.1)
  const x = (t: number): number => ((t - first) / span) * WIDTH
  const y = (v: number): number => HEIGHT - (v / scale) * (HEIGHT - 4)

  const lines: string[] = []
  const areas: string[] = []
  const gaps: { x: number; width: number }[] = []
  let segment: Sample[] = []
  const flush = (): void => {
    if (segment.length === 0) return
    const coords = segment.map((s) => `${x(s.t).toFixed(1)},${y(s.v ?? 0).toFixed(1)}`)
    if (segment.length === 1) coords.push(`${(x(segment[0].t) + 2).toFixed(1)},${y(segment[0].v ?? 0).toFixed(1)}`)
    lines.push(`M${coords.join('L')}`)
    const startX = x(segment[0].t).toFixed(1)
    const endX = coords[coords.length - 1].split(',')[0]
    areas.push(`M${startX},${HEIGHT}L${coords.join('L')}L${endX},${HEIGHT}Z`)
    segment = []
  }
  for (let i = 0; i < samples.length; i += 1) {
    const sample = samples[i]
    if (sample.v === null) {
      flush()
      const next = samples.slice(i + 1).find((s) => s.v !== null)
      const start = x(sample.t)
      const end = next ? x(next.t) : x(lastT)
      if (end > start) gaps.push({ x: start, width: end - start })
    } else {
      segment.push(sample)
    }
  }
  flush()
  const last = samples[samples.length - 1]
  return { lines, areas, gaps, peak, current: last.v, span: lastT - first, scale }
}

function emptyLine(status: ImportStatus): string {
  switch (status) {
    case 'pending':
      return 'The speed over time shows here once the import starts.'
    case 'validating':
    case 'processing':
      return 'Measuring speed…'
    case 'paused':
      return 'The speed shows here when the import resumes.'
    default:
      return 'No speed was recorded for this import.'
  }
}

/** The chart with its heading; left out for a finished import with no recorded speed. */
export function ThroughputSection({ id, status }: { id: number; status: ImportStatus }) {
  const seen = useStore((s) => (s.throughput[id]?.length ?? 0) > 0)
  useEffect(() => ensureThroughputHistory(id), [id])
  if (!seen && isFinished(status)) return null
  return (
    <section className="detail-section" aria-labelledby={`throughput-${id}`}>
      <h3 id={`throughput-${id}`} className="section-title">
        Throughput
      </h3>
      <ThroughputChart id={id} status={status} />
    </section>
  )
}

export function ThroughputChart({ id, status }: { id: number; status: ImportStatus }) {
  const samples = useStore((s) => s.throughput[id])
  const geometry = samples ? chartGeometry(samples) : null
  // Gaps are hatched: a tint light enough to sit behind the line would be too faint to see (WCAG 1.4.11).
  const hatch = `gap-hatch-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`

  const label = geometry
    ? `Throughput over ${formatDuration(geometry.span)}: peak ${formatRate(geometry.peak)}` +
      (geometry.current !== null ? `, now ${formatRate(geometry.current)}` : '')
    : 'No throughput recorded yet'

  return (
    <figure className="chart" aria-label="Throughput">
      <div className="chart-plot" role="img" aria-label={label}>
        {geometry ? (
          <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" aria-hidden="true" focusable="false">
            <defs>
              <pattern id={hatch} patternUnits="userSpaceOnUse" width="10" height="10" patternTransform="rotate(45)">
                <line className="chart-gap-hatch" x1="0" y1="0" x2="0" y2="10" />
              </pattern>
            </defs>
            <line className="chart-grid" x1="0" x2={WIDTH} y1={HEIGHT / 2} y2={HEIGHT / 2} vectorEffect="non-scaling-stroke" />
            <line className="chart-grid" x1="0" x2={WIDTH} y1="4" y2="4" vectorEffect="non-scaling-stroke" />
            {geometry.gaps.map((gap, i) => (
              <rect key={i} className="chart-gap" x={gap.x} y="0" width={gap.width} height={HEIGHT} fill={`url(#${hatch})`} />
            ))}
            {geometry.areas.map((d, i) => (
              <path key={i} className="chart-area" d={d} />
            ))}
            {geometry.lines.map((d, i) => (
              <path key={i} className="chart-line" d={d} vectorEffect="non-scaling-stroke" />
            ))}
          </svg>
        ) : (
          <p className="chart-empty">
            {emptyLine(status)}
          </p>
        )}
        {geometry && <span className="chart-scale num">{formatRate(geometry.scale)}</span>}
      </div>
      <figcaption className="chart-legend num">
        {geometry ? (
          <>
            <span>
              {geometry.current !== null ? `Now ${formatRate(geometry.current)}` : isRunning(status) ? 'Measuring speed…' : 'Stopped'} · peak{' '}
              {formatRate(geometry.peak)}
            </span>
            <span>{geometry.gaps.length > 0 ? 'Gaps: paused or closed · ' : ''}{`over ${formatDuration(geometry.span)}`}</span>
          </>
        ) : (
          <span>&nbsp;</span>
        )}
      </figcaption>
    </figure>
  )
}
